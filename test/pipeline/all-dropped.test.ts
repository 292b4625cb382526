import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makePipelineDir, num, problems, resultOf, type PipelineDir } from "./helpers.js";

/**
 * A batch whose every row a drop rule quarantines: the silver watermark counts the quarantine
 * (`macros.readWatermark(…, self(), ctx.quarantine())` on DuckDB and Snowflake), so the next run does not read the batch
 * again and quarantine its rows a second time.
 */
const dir: PipelineDir = makePipelineDir("sluice-all-dropped-");
afterAll(() => dir.cleanup());

const MODEL = "lakehouse.silver.cleaned_environmental_data";
const quarantined = async () => num((await dir.rows(`SELECT count(*) AS n FROM audit.cleaned_environmental_data_quarantine WHERE temperature = 999`))[0].n);

describe("a batch whose every row is dropped", () => {
  it("is quarantined once, not again on the next runs", async () => {
    dir.generate(1);
    expect(problems(await dir.run())).toEqual([]);
    const kept = num((await dir.rows(`SELECT count(*) AS n FROM silver.cleaned_environmental_data`))[0].n);

    // A later landing day holding only readings the temperature_in_range rule drops.
    const file = join(dir.context.profile.zones.raw, "environmental", "year=2024", "month=03", "day=20", "part-00000.ndjson");
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(
      file,
      ["assembly", "storage", "packing"].map((zone) => JSON.stringify({ plant: "P001", zone, ts: "2024-03-20T00:00:00.000Z", temperature: 999, humidity: 50, pressure: 1010 })).join("\n") + "\n",
    );
    const landed = await dir.run();
    expect(problems(landed)).toEqual([]);
    expect(resultOf(landed, MODEL).expectations?.temperature_in_range.violations).toBe(3);
    expect(await quarantined()).toBe(3);

    for (let again = 0; again < 2; again++) {
      const next = await dir.run();
      expect(problems(next)).toEqual([]);
      expect(resultOf(next, MODEL).expectations?.temperature_in_range.violations ?? 0).toBe(0);
      expect(await quarantined()).toBe(3);
    }
    expect(num((await dir.rows(`SELECT count(*) AS n FROM silver.cleaned_environmental_data`))[0].n)).toBe(kept);
  });
});
