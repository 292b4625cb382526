import type { Command } from "commander";
import { addProjectOptions, contextFrom, type ProjectOptions } from "../options.js";
import { connectTarget } from "../../engines/registry.js";
import { ingestSqlFor } from "../../engines/ingest.js";
import type { EngineAdapter } from "../../engines/adapter.js";
import { SluiceError } from "../../errors.js";
import { ledgerTarget, readLedger } from "../../ingest/ledger.js";
import { archiveIngestedFiles, parseAge, type IngestedFiles } from "../../zones/archive.js";
import { zoneStorage } from "../../zones/storage.js";

interface ArchiveCliOptions extends ProjectOptions {
  olderThan: string;
  dryRun?: boolean;
}

/** `sluice archive`: moves raw files every ingest action has landed, and older than a cutoff, to the archive zone. */
export function registerArchiveCommand(program: Command): void {
  addProjectOptions(
    program
      .command("archive")
      .description("move ingested raw files older than a cutoff to the archive zone (they are never re-ingested)")
      .requiredOption("--older-than <age>", "age of the landing day, e.g. 30d, 12h, 2w")
      .option("--dry-run", "list what would move without moving it")
      .addHelpText("after", `\nExamples:\n  sluice archive --older-than 30d\n  sluice archive --older-than 7d --dry-run`),
  ).action(async (options: ArchiveCliOptions) => {
    const olderThanMs = parseAge(options.olderThan);
    const context = contextFrom(options);
    const graph = context.compile();
    const ingestActions = graph.actions.filter((a) => a.type === "ingest" && a.ingest && !a.disabled);
    if (!ingestActions.length) {
      process.stdout.write("no ingest actions in the project: nothing is known to be ingested, nothing moves\n");
      return;
    }
    const adapters = new Map<string, EngineAdapter>();
    try {
      const actions: IngestedFiles[] = [];
      for (const action of ingestActions) {
        let adapter = adapters.get(action.targetName);
        if (!adapter) {
          const target = context.profile.targets[action.targetName];
          if (!target) throw new SluiceError({ code: "unknown-target", message: `no target "${action.targetName}" for ${action.id}` });
          adapter = await connectTarget(target, { redact: context.redact });
          adapters.set(action.targetName, adapter);
        }
        if (adapter.capabilities.nativeIngestLedger) {
          throw new SluiceError({
            code: "native-ingest-ledger",
            message: `${action.id}: ${adapter.engine} keeps the ingest ledger itself (its COPY INTO load history); Sluice has no list of ingested files to archive`,
            location: { file: action.fileName, line: action.line },
            hint: "archive raw files by age with the object store's lifecycle rules",
          });
        }
        const sql = ingestSqlFor(adapter.engine);
        if (!sql) throw new SluiceError({ code: "not-implemented", message: `no file ledger on ${adapter.engine} (${action.id})` });
        const ingested = (await readLedger(adapter, sql, ledgerTarget(action.target.database), action.id)).sizes;
        actions.push({ actionId: action.id, path: action.ingest!.path, ingested });
      }
      const result = archiveIngestedFiles({
        raw: zoneStorage(context.profile.zones.raw),
        archive: zoneStorage(context.profile.zones.archive),
        actions,
        olderThanMs,
        dryRun: options.dryRun,
      });
      const verb = options.dryRun ? "would move" : "moved";
      process.stdout.write(`${verb} ${result.moved.length} file(s) to ${context.profile.zones.archive}\n`);
      if (options.dryRun) for (const path of result.moved) process.stdout.write(`  ${path}\n`);
      process.stdout.write(`kept ${result.tooRecent} ingested file(s) newer than ${options.olderThan}, ${result.notIngested} not ingested yet\n`);
      if (result.alreadyArchived.length) {
        const verbLeft = options.dryRun ? "would leave" : "left";
        process.stdout.write(
          `${verbLeft} ${result.alreadyArchived.length} file(s) in raw: a file with the same path is already in the archive zone; ` +
            `moving would replace it. Rename one of the two to keep both, then archive again:\n`,
        );
        for (const path of result.alreadyArchived) process.stdout.write(`  ${path}\n`);
      }
    } finally {
      for (const adapter of adapters.values()) await adapter.close();
    }
  });
}
