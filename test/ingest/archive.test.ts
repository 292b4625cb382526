import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestStrategy } from "../../src/execute/strategies/ingest.js";
import { ingestSqlFor } from "../../src/engines/ingest.js";
import { generateRawZone } from "../../src/generate/generate.js";
import { ledgerTarget, readLedger } from "../../src/ingest/ledger.js";
import { archiveIngestedFiles, parseAge } from "../../src/zones/archive.js";
import { zoneStorage } from "../../src/zones/storage.js";
import { SENSOR_SPEC, connect, ingestAction, makeContext, makeProfile, runStrategy, scalar } from "./helpers.js";

describe("archive", () => {
  it("moves ingested files older than the cutoff; nothing is re-ingested and new files still are", async () => {
    const profile = makeProfile();
    const { manifest } = generateRawZone({ rawZone: profile.zones.raw, days: 3, seed: "5", plants: 1, intervalSeconds: 3600 });
    const adapter = await connect(profile);
    try {
      const action = ingestAction("sensor_data", SENSOR_SPEC);
      const first = await runStrategy(ingestStrategy, makeContext(action, profile, { lakehouse: adapter }));
      const landed = first.ingest!.rows + first.ingest!.quarantined;
      // A fourth day lands but is not ingested yet: it must stay whatever its age.
      const appended = generateRawZone({ rawZone: profile.zones.raw, days: 1, append: true });

      const sql = ingestSqlFor("duckdb")!;
      const ingested = (await readLedger(adapter, sql, ledgerTarget("lakehouse"), action.id)).sizes;
      const raw = zoneStorage(profile.zones.raw);
      const archive = zoneStorage(profile.zones.archive);
      const options = { raw, archive, actions: [{ actionId: action.id, path: SENSOR_SPEC.path, ingested }] };
      // Day 1 ended on 2024-01-02T00:00Z, day 2 on 01-03: a 1-day cutoff at 01-03T12:00 takes day 1 only.
      const result = archiveIngestedFiles({ ...options, olderThanMs: parseAge("1d"), now: new Date("2024-01-03T12:00:00Z") });
      const day1 = manifest.files.filter((f) => f.source === "sensor_readings" && f.day === "2024-01-01").map((f) => f.path);
      expect(result.moved).toEqual(day1);
      expect(result.tooRecent).toBe(manifest.files.filter((f) => f.source === "sensor_readings" && f.day !== "2024-01-01").length);
      expect(result.notIngested).toBe(appended.files.filter((f) => f.source === "sensor_readings").length);
      for (const path of day1) {
        expect(existsSync(join(profile.zones.raw, path))).toBe(false);
        expect(existsSync(join(profile.zones.archive, path))).toBe(true);
      }
      expect(existsSync(join(profile.zones.raw, "sensor_readings/year=2024/month=01/day=01"))).toBe(false);
      // Other sources have no ingest action here: untouched.
      expect(existsSync(join(profile.zones.raw, "equipment_logs/year=2024/month=01/day=01/part-00000.csv"))).toBe(true);

      // A much later archive run moves everything ingested, and still not the un-ingested day.
      const later = archiveIngestedFiles({ ...options, olderThanMs: parseAge("30d"), now: new Date("2024-03-01T00:00:00Z") });
      expect(later.moved.length).toBe(manifest.files.filter((f) => f.source === "sensor_readings").length - day1.length);
      expect(later.notIngested).toBe(result.notIngested);

      // Ingest reads only the new day; nothing archived comes back.
      const next = await runStrategy(ingestStrategy, makeContext(action, profile, { lakehouse: adapter }));
      expect(next.ingest!.files).toBe(appended.files.filter((f) => f.source === "sensor_readings").length);
      expect(next.ingest!.rows + next.ingest!.quarantined).toBe(appended.sources.sensor_readings.records);
      const again = await runStrategy(ingestStrategy, makeContext(action, profile, { lakehouse: adapter }));
      expect(again.ingest!.files).toBe(0);
      expect(
        (await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.sensor_data`)) +
          (await scalar(adapter, `SELECT count(*) FROM lakehouse.audit.sensor_data_quarantine`)),
      ).toBe(landed + appended.sources.sensor_readings.records);
    } finally {
      await adapter.close();
    }
  });

  it("never replaces an archived file: a different file landed later at the same raw path stays in raw", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sluice-archive-"));
    const raw = zoneStorage(join(dataDir, "raw"));
    const archive = zoneStorage(join(dataDir, "archive"));
    const path = "x/year=2024/month=01/day=05/part-00000.ndjson";
    const land = (content: string) => {
      mkdirSync(join(raw.root, "x/year=2024/month=01/day=05"), { recursive: true });
      writeFileSync(raw.locate(path), content);
    };
    // The ledger holds the path at the size of each file once it has been read.
    const ledger = new Map<string, number>();
    const options = {
      raw,
      archive,
      actions: [{ actionId: "x", path: "x/**/*.ndjson", ingested: ledger }],
      olderThanMs: parseAge("30d"),
      now: new Date("2024-03-01T00:00:00Z"),
    };

    land('{"original":1}\n');
    ledger.set(path, statSync(raw.locate(path)).size);
    expect(archiveIngestedFiles(options)).toEqual({ moved: [path], notIngested: 0, tooRecent: 0, alreadyArchived: [] });
    land('{"later":2}\n');
    // Not read at its new size yet: it stays, whatever the archive holds.
    expect(archiveIngestedFiles(options)).toEqual({ moved: [], notIngested: 1, tooRecent: 0, alreadyArchived: [] });
    ledger.set(path, statSync(raw.locate(path)).size);

    const dryRun = archiveIngestedFiles({ ...options, dryRun: true });
    expect(dryRun.moved).toEqual([]);
    expect(dryRun.alreadyArchived).toEqual([path]);

    const second = archiveIngestedFiles(options);
    expect(second.moved).toEqual([]);
    expect(second.alreadyArchived).toEqual([path]);
    expect(readFileSync(archive.locate(path), "utf8")).toBe('{"original":1}\n');
    expect(readFileSync(raw.locate(path), "utf8")).toBe('{"later":2}\n');

    // moveTo itself refuses, should a file reach the archive between the check and the move.
    expect(() => raw.moveTo(path, archive)).toThrow(/already there/);
    expect(readFileSync(archive.locate(path), "utf8")).toBe('{"original":1}\n');
    expect(readFileSync(raw.locate(path), "utf8")).toBe('{"later":2}\n');
  });

  it("reads ages like 30d, 12h, 2w", () => {
    expect(parseAge("30d")).toBe(30 * 86_400_000);
    expect(parseAge("12h")).toBe(12 * 3_600_000);
    expect(parseAge("2w")).toBe(14 * 86_400_000);
    expect(() => parseAge("30 days")).toThrow(/older-than/);
  });
});
