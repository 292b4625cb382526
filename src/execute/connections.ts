import type { ResolvedProfile, ResolvedTarget } from "../config/profiles.js";
import { describeTarget, targetLocation, targetSettingsError } from "../config/target-errors.js";
import type { EngineAdapter } from "../engines/adapter.js";
import { capabilitiesFor, connectTarget, settingsCheckFor, type ConnectContext } from "../engines/registry.js";
import { SluiceError, errorMessage, type Diagnostic } from "../errors.js";

/**
 * One adapter per engine target per run, opened on first use and shared by every action on that
 * target. `dryRun` rides along for adapters that would create something just by connecting
 * (a DuckDB file).
 */
export class TargetConnections {
  private readonly open = new Map<string, Promise<EngineAdapter>>();

  constructor(
    private readonly profile: ResolvedProfile,
    private readonly context: ConnectContext & { dryRun: boolean },
  ) {}

  connect(targetName: string): Promise<EngineAdapter> {
    let pending = this.open.get(targetName);
    if (!pending) {
      const target = this.profile.targets[targetName];
      pending = target
        ? connectTarget(target, this.context)
        : Promise.reject(
            new SluiceError({ code: "config", message: `profile "${this.profile.name}" has no target "${targetName}"`, location: { file: "profiles.yaml" } }),
          );
      pending.catch(() => undefined); // reported by the action that asked for it
      this.open.set(targetName, pending);
    }
    return pending;
  }

  /**
   * Opens the embedded (local) targets among `targetNames` and waits for them: opening a file is
   * quick, and a file that cannot be opened (another process holds its lock) is then one error of
   * the run, before any action starts, not one per action. Remote targets keep connecting beside
   * the first actions.
   */
  async openLocal(targetNames: Iterable<string>): Promise<void> {
    const diagnostics: Diagnostic[] = [];
    for (const name of new Set(targetNames)) {
      const target = this.profile.targets[name];
      if (!target || !(await capabilitiesFor(target.engine)).embedded) continue;
      const error = await this.connect(name).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error !== undefined) diagnostics.push(...connectionDiagnostics(target, error, this.context.redact));
    }
    if (diagnostics.length) throw new SluiceError(diagnostics);
  }

  /** Stops statements in flight (SIGINT). */
  cancelAll(): void {
    for (const pending of this.open.values()) pending.then((adapter) => adapter.cancel()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    for (const pending of this.open.values()) await pending.then((adapter) => adapter.close()).catch(() => undefined);
  }
}

function connectionDiagnostics(target: ResolvedTarget, error: unknown, redact: (text: string) => string): Diagnostic[] {
  if (error instanceof SluiceError) return error.diagnostics;
  return [{ code: "connection", message: redact(`${describeTarget(target)} cannot connect: ${errorMessage(error)}`), location: targetLocation(target) }];
}

/**
 * Checks the connection settings of every target a run uses, without connecting: a target left
 * without credentials (unset ${env:…} variables) fails the run once, before the run lock or any
 * action, naming the variables, rather than failing each action that needs the target.
 */
export async function checkTargetSettings(profile: ResolvedProfile, targetNames: Iterable<string>): Promise<void> {
  const diagnostics: Diagnostic[] = [];
  for (const name of new Set(targetNames)) {
    const target = profile.targets[name];
    if (!target) continue; // TargetConnections reports it
    const { issues, engineHint } = await settingsCheckFor(target);
    if (issues.length) diagnostics.push(...targetSettingsError(target, issues, { engineHint, profileNames: profile.profileNames }).diagnostics);
  }
  if (diagnostics.length) throw new SluiceError(diagnostics);
}
