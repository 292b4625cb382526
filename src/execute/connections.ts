import type { ResolvedProfile } from "../config/profiles.js";
import type { EngineAdapter } from "../engines/adapter.js";
import { connectTarget, type ConnectContext } from "../engines/registry.js";
import { SluiceError } from "../errors.js";

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

  /** Stops statements in flight (SIGINT). */
  cancelAll(): void {
    for (const pending of this.open.values()) pending.then((adapter) => adapter.cancel()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    for (const pending of this.open.values()) await pending.then((adapter) => adapter.close()).catch(() => undefined);
  }
}
