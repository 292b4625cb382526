import type { Command } from "commander";
import { addProjectOptions, contextFrom, type ProjectOptions } from "../options.js";
import { generateRawZone } from "../../generate/generate.js";
import { parseRates } from "../../generate/options.js";
import { SluiceError } from "../../errors.js";

interface GenerateCliOptions extends ProjectOptions {
  days: string;
  seed?: string;
  plants?: string;
  startDate?: string;
  interval?: string;
  linesPerFile?: string;
  append?: boolean;
  force?: boolean;
  rates?: string;
}

/** `sluice generate`: lands sample manufacturing data in the profile's raw zone. */
export function registerGenerateCommand(program: Command): void {
  addProjectOptions(
    program
      .command("generate")
      .description("generate sample sensor, log, environmental, quality and master data in the raw zone")
      .option("--days <n>", "landing days to generate", "3")
      .option("--seed <s>", "PRNG seed: the same seed writes the same files (default 42)")
      .option("--plants <n>", "plants (2 lines × 3 machines × 4–5 sensors each) (default 2)")
      .option("--start-date <YYYY-MM-DD>", "first landing day (default 2024-01-01)")
      .option("--interval <seconds>", "seconds between two readings of a sensor (default 300)")
      .option("--lines-per-file <n>", "lines per part file (default 250000)")
      .option("--append", "add days after the ones already generated (never rewrites a file)")
      .option("--force", "replace the generated data in the raw zone (files whose paths a ledger holds are not ingested again: start from a fresh data dir)")
      .option("--rates <k=v,...>", "fault rates: duplicates, nulls, outOfRange, late, clockSkew, malformed, emptyFile, mixedUnits, driftFromDay")
      .addHelpText("after", `\nExamples:\n  sluice generate --days 7 --seed 1\n  sluice generate --days 1 --append\n  sluice generate --plants 20 --interval 60 --days 10 --force`),
  ).action(async (options: GenerateCliOptions) => {
    const context = contextFrom(options);
    const started = Date.now();
    const result = generateRawZone({
      rawZone: context.profile.zones.raw,
      days: integer(options.days, "--days"),
      append: options.append,
      force: options.force,
      seed: options.seed,
      plants: options.plants === undefined ? undefined : integer(options.plants, "--plants"),
      startDate: options.startDate,
      intervalSeconds: options.interval === undefined ? undefined : integer(options.interval, "--interval"),
      linesPerFile: options.linesPerFile === undefined ? undefined : integer(options.linesPerFile, "--lines-per-file"),
      rates: parseRates(options.rates),
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

function integer(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw new SluiceError({ code: "generate", message: `${name} expects a whole number, got "${text}"` });
  return value;
}
