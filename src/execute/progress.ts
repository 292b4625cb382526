import type { ActionResult, RunResults } from "./results.js";
import type { RunEvent } from "./run.js";

/**
 * What a person sees during `sluice run`. On a terminal: finished actions scroll by above one live
 * line (running actions, done/total, elapsed). Elsewhere (CI, pipes): one plain line per action.
 * Both end with a summary table.
 */
export interface ProgressWriter {
  write(text: string): void;
}

export class RunProgress {
  private total = 0;
  private done = 0;
  private readonly running = new Set<string>();
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private liveShown = false;

  constructor(
    private readonly out: ProgressWriter,
    private readonly tty: boolean,
  ) {}

  readonly onEvent = (event: RunEvent): void => {
    switch (event.kind) {
      case "plan":
        this.total = event.total;
        if (this.tty) this.timer = setInterval(() => this.redraw(), 250).unref();
        this.line(`${event.dryRun ? "dry run: " : ""}${event.total} action(s) selected`);
        break;
      case "start":
        this.running.add(event.actionId);
        this.redraw();
        break;
      case "finish":
        this.running.delete(event.result.id);
        this.done++;
        this.line(formatFinished(event.result, this.done, this.total));
        break;
      case "log":
        this.line(`  ${event.actionId}: ${event.message}`);
        break;
    }
  };

  /** Stops the live line and prints the summary. */
  finish(results: RunResults): void {
    if (this.timer) clearInterval(this.timer);
    this.clearLive();
    this.out.write(formatSummary(results));
  }

  private line(text: string): void {
    this.clearLive();
    this.out.write(text + "\n");
    this.redraw();
  }

  private redraw(): void {
    if (!this.tty) return;
    const elapsed = ((Date.now() - this.started) / 1000).toFixed(1);
    const names = [...this.running];
    const shown = names.slice(0, 3).join(", ") + (names.length > 3 ? ` +${names.length - 3}` : "");
    const text = `[${this.done}/${this.total}] ${elapsed}s${names.length ? ` running: ${shown}` : ""}`;
    const width = process.stderr.columns || process.stdout.columns || 120;
    this.out.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
    this.liveShown = true;
  }

  private clearLive(): void {
    if (this.tty && this.liveShown) this.out.write("\r\x1b[2K");
    this.liveShown = false;
  }
}

const STATUS_LABEL: Record<ActionResult["status"], string> = {
  success: "OK",
  failed: "FAILED",
  skipped: "SKIPPED",
  up_to_date: "UP-TO-DATE",
};

function statusLabel(result: ActionResult): string {
  if (result.status === "success" && result.assertion && result.assertion.violations > 0) return "WARN";
  return STATUS_LABEL[result.status];
}

export function formatFinished(result: ActionResult, done: number, total: number): string {
  const width = String(total).length;
  const parts = [`[${String(done).padStart(width)}/${total}]`, statusLabel(result).padEnd(10), result.id];
  const facts: string[] = [];
  if (result.status !== "skipped") facts.push(seconds(result.durationMs));
  if (result.rowsAffected !== null && result.type !== "assertion") facts.push(`${result.rowsAffected} rows`);
  if (result.attempts > 1) facts.push(`${result.attempts} attempts`);
  let text = parts.join(" ") + (facts.length ? ` (${facts.join(", ")})` : "");
  if (result.error) text += `\n      ${result.error.fileName}${result.error.line ? `:${result.error.line}` : ""}: ${result.error.message}`;
  else if (result.message && result.status !== "success") text += `\n      ${result.message}`;
  else if (result.message && statusLabel(result) === "WARN") text += `\n      ${result.message}`;
  return text;
}

/** The closing table: every action when there are few, only the ones that need attention otherwise. */
export function formatSummary(results: RunResults, maxRows = 40): string {
  const rows = results.actions.length <= maxRows ? results.actions : results.actions.filter((a) => a.status === "failed" || a.status === "skipped");
  const table = [["action", "type", "target", "status", "time", "rows"]];
  for (const a of rows) {
    table.push([a.id, a.type, a.targetName, statusLabel(a), a.status === "skipped" ? "-" : seconds(a.durationMs), a.rowsAffected === null ? "-" : String(a.rowsAffected)]);
  }
  const widths = table[0].map((_, col) => Math.max(...table.map((r) => r[col].length)));
  const render = (r: string[]) => r.map((cell, col) => cell.padEnd(widths[col])).join("  ").trimEnd();
  const lines = rows.length ? ["", render(table[0]), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(render)] : [];
  if (rows.length < results.actions.length) lines.push(`(${results.actions.length - rows.length} actions that succeeded or were up to date not listed)`);
  const quarantined = quarantineLine(results);
  if (quarantined) lines.push("", quarantined);
  const t = results.totals;
  lines.push(
    "",
    `${results.dryRun ? "dry run " : ""}${t.selected} selected: ${t.success} succeeded, ${t.failed} failed, ${t.skipped} skipped, ${t.up_to_date} up to date in ${seconds(results.durationMs)}`,
  );
  return lines.join("\n") + "\n";
}

/** What this run put in quarantine, so records set aside are never a surprise found later. */
function quarantineLine(results: RunResults): string | undefined {
  const sources = results.actions.filter((a) => (a.ingest?.quarantined ?? 0) > 0);
  const records = sources.reduce((n, a) => n + (a.ingest?.quarantined ?? 0), 0);
  const models = results.actions.filter((a) => Object.values(a.expectations ?? {}).some((e) => e.action === "drop" && e.violations > 0));
  const parts = [
    ...(records ? [`${records} landed record(s) of ${sources.length} source(s)`] : []),
    ...(models.length ? [`rows of ${models.length} model(s) that broke drop rules (${models.map((a) => a.id.split(".").pop()).join(", ")})`] : []),
  ];
  return parts.length ? `quarantined this run: ${parts.join("; ")}; see the *_quarantine tables of the audit schema` : undefined;
}

/** The statements a dry run would send, grouped per engine target. */
export function formatDryRun(results: RunResults): string {
  const byTarget = new Map<string, ActionResult[]>();
  for (const a of results.actions) byTarget.set(`${a.targetName} (${a.engine})`, [...(byTarget.get(`${a.targetName} (${a.engine})`) ?? []), a]);
  const out: string[] = [];
  for (const [target, actions] of byTarget) {
    out.push(`-- ===== target ${target} =====`);
    for (const a of actions) {
      out.push(`-- ${a.type} ${a.id}${a.status === "skipped" ? " (skipped)" : ""}`);
      for (const sql of a.statements) out.push(`${sql};`);
      out.push("");
    }
  }
  return out.join("\n") + "\n";
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}
