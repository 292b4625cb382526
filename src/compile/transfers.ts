import { targetId, type EngineKind, type Target, type TransferSpec } from "../graph/schema.js";
import type { Definition } from "./definition.js";
import type { TargetResolver } from "./targets.js";

/**
 * Cross-engine edges. When an action on one target refs an action on another, ONE transfer per
 * (source, destination target) copies the source into the destination's transfer schema; every
 * reader on that target reads the copy.
 */

export interface TransferAction {
  id: string;
  target: Target;
  targetName: string;
  engine: EngineKind;
  source: Definition;
  spec: TransferSpec;
}

export class TransferRegistry {
  private readonly byKey = new Map<string, TransferAction>();

  constructor(
    private readonly targets: TargetResolver,
    private readonly transferSchema: string,
  ) {}

  get(source: Definition, destination: string): TransferAction {
    const key = `${source.id}\u0000${destination}`;
    let transfer = this.byKey.get(key);
    if (!transfer) {
      const database = this.targets.databaseOf(destination);
      const target: Target = { ...(database ? { database } : {}), schema: this.transferSchema, name: source.target.name };
      transfer = {
        id: targetId(target),
        target,
        targetName: destination,
        engine: this.targets.engineOf(destination) ?? source.engine,
        source,
        spec: {
          source: source.id,
          sourceTarget: source.target,
          sourceEngine: source.engine,
          sourceTargetName: source.targetName,
          ...(source.config.watermarkColumn ? { watermarkColumn: source.config.watermarkColumn } : {}),
          ...(source.config.uniqueKey ? { uniqueKey: source.config.uniqueKey } : {}),
        },
      };
      this.byKey.set(key, transfer);
    }
    return transfer;
  }

  all(): TransferAction[] {
    return [...this.byKey.values()];
  }
}
