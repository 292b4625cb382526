import type { Command } from "commander";
import { addProjectOptions, contextFrom, type ProjectOptions } from "../options.js";
import { generateRawZone } from "../../generate/generate.js";
import type { FaultRates } from "../../generate/options.js";
import { calendarDate, faultRates, wholeNumber } from "../usage.js";

/** Each value is parsed by commander, so a bad one fails (exit 2) before any file is touched. */
interface GenerateCliOptions extends ProjectOptions {
  days: number;
  seed?: string;
  plants?: number;
  startDate?: string;
  interval?: number;
  linesPerFile?: number;
  append?: boolean;
  force?: boolean;
  rates?: Partial<FaultRates>;
}

/** `sluice generate`: lands sample manufacturing data in the profile's raw zone. */
export function registerGenerateCommand(program: Command): void {
  addProjectOptions(
    program
      .command("generate")
      .description("generate sample sensor, log, environmental, quality and master data in the raw zone")
      .option("--days <n>", "landing days to generate", wholeNumber(1), 3)
      .option("--seed <s>", "PRNG seed: the same seed writes the same files (default 42)")
      .option("--plants <n>", "plants (2 lines × 3 machines × 4–5 sensors each) (default 2)", wholeNumber(1))
      .option("--start-date <YYYY-MM-DD>", "first landing day (default 2024-01-01)", calendarDate)
      .option("--interval <seconds>", "seconds between two readings of a sensor (default 300)", wholeNumber(1))
      .option("--lines-per-file <n>", "lines per part file (default 250000)", wholeNumber(1))
      .option("--append", "add days after the ones already generated (never rewrites a file)")
      .option(
        "--force",
        "replace the data generated before: deletes the files raw/_manifest.json lists, keeps any other file (files whose paths a ledger holds are not ingested again: start from a fresh data dir)",
      )
      .option("--rates <k=v,...>", "fault rates: duplicates, nulls, outOfRange, late, clockSkew, malformed, emptyFile, mixedUnits, driftFromDay", faultRates)
      .addHelpText("after", `\nExamples:\n  sluice generate --days 7 --seed 1\n  sluice generate --days 1 --append\n  sluice generate --plants 20 --interval 60 --days 10 --force`),
  ).action(async (options: GenerateCliOptions) => {
    const context = contextFrom(options);
    const started = Date.now();
    const result = generateRawZone({
      rawZone: context.profile.zones.raw,
      days: options.days,
      append: options.append,
      force: options.force,
      seed: options.seed,
      plants: options.plants,
      startDate: options.startDate,
      intervalSeconds: options.interval,
      linesPerFile: options.linesPerFile,
      rates: options.rates,
    });
    const out = process.stdout;
    out.write(`generated ${result.days.length} day(s) ${result.days[0]} … ${result.days[result.days.length - 1]} into ${context.profile.zones.raw} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    for (const [source, s] of Object.entries(result.sources)) {
      const faults = s.malformed + s.badNumbers ? `, ${s.malformed + s.badNumbers} malformed, ${s.duplicates} duplicates, ${s.late} late` : "";
      out.write(`  ${source.padEnd(16)} ${String(s.records).padStart(10)} records in ${s.files} file(s)${faults}\n`);
    }
    out.write(`manifest: ${context.profile.zones.raw}/_manifest.json (${result.manifest.days.length} day(s) in total)\n`);
  });
}
