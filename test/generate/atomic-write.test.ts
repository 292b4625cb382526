import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PartitionWriter } from "../../src/generate/writer.js";
import { zoneStorage } from "../../src/zones/storage.js";

const PARTITION = "s/year=2024/month=01/day=01";
const GLOB = "s/**/*.ndjson";

/** Enough lines to pass the writer's 1 MB buffer, so part of the file reaches the disk early. */
function bigLines(prefix: string): string[] {
  return Array.from({ length: 12_000 }, (_, i) => `{"${prefix}":${i},"pad":"${"x".repeat(100)}"}`);
}

describe("partition writer", () => {
  it("gives a part its final name only once complete, so a zone listing never sees a partial file", () => {
    const raw = mkdtempSync(join(tmpdir(), "sluice-atomic-"));
    const zone = zoneStorage(raw);
    const folder = join(raw, ...PARTITION.split("/"));
    const first = bigLines("a");
    const second = bigLines("b");
    const writer = new PartitionWriter(raw, PARTITION, "ndjson", first.length);

    for (const line of first) writer.write(line);
    // Over 1 MB is on disk already, but only under a dot-name the lister skips.
    expect(zone.list(GLOB)).toEqual([]);
    expect(readdirSync(folder)).toEqual([`.part-00000.ndjson.tmp-${process.pid}`]);

    for (const line of second.slice(0, 100)) writer.write(line);
    // The first part is complete and visible; the second is not.
    expect(zone.list(GLOB).map((f) => f.path)).toEqual([`${PARTITION}/part-00000.ndjson`]);
    expect(readFileSync(join(folder, "part-00000.ndjson"), "utf8")).toBe(first.join("\n") + "\n");

    for (const line of second.slice(100)) writer.write(line);
    writer.close();
    expect(zone.list(GLOB).map((f) => f.path)).toEqual([`${PARTITION}/part-00000.ndjson`, `${PARTITION}/part-00001.ndjson`]);
    expect(readFileSync(join(folder, "part-00001.ndjson"), "utf8")).toBe(second.join("\n") + "\n");
    expect(readdirSync(folder).sort()).toEqual(["part-00000.ndjson", "part-00001.ndjson"]);
  });

  it("never overwrites an existing part and leaves no temporary file", () => {
    const raw = mkdtempSync(join(tmpdir(), "sluice-atomic-"));
    const folder = join(raw, ...PARTITION.split("/"));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "part-00000.ndjson"), "kept\n");
    const writer = new PartitionWriter(raw, PARTITION, "ndjson", 10);
    expect(() => writer.write("{}")).toThrow(expect.objectContaining({ code: "EEXIST", message: expect.stringMatching(/part-00000\.ndjson/) }));
    expect(readdirSync(folder)).toEqual(["part-00000.ndjson"]);
    expect(readFileSync(join(folder, "part-00000.ndjson"), "utf8")).toBe("kept\n");
  });
});
