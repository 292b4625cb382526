import picomatch from "picomatch";
import type { ProjectConfig } from "../config/project.js";
import type { ResolvedProfile } from "../config/profiles.js";
import type { EngineKind, Target } from "../graph/schema.js";

/**
 * Decides which engine target a definition file runs on and where its relation lives:
 * config `target` key, else the first project target whose `paths` match the file, else
 * `defaultTarget`; the database comes from the config, then the profile's target, then the project.
 */
export class TargetResolver {
  private readonly matchers: { name: string; match: (path: string) => boolean }[];

  constructor(
    private readonly config: ProjectConfig,
    private readonly profile: ResolvedProfile,
  ) {
    this.matchers = Object.entries(config.targets)
      .filter(([, t]) => t.paths.length > 0)
      .map(([name, t]) => ({ name, match: picomatch(t.paths, { dot: true }) }));
  }

  targetNames(): string[] {
    return Object.keys(this.config.targets);
  }

  targetNameFor(file: string, explicit: string | undefined): string {
    if (explicit) return explicit;
    return this.matchers.find((m) => m.match(file))?.name ?? this.config.defaultTarget;
  }

  engineOf(targetName: string): EngineKind | undefined {
    return this.profile.targets[targetName]?.engine;
  }

  databaseOf(targetName: string): string | undefined {
    return this.profile.targets[targetName]?.database ?? this.config.defaultDatabase;
  }

  /** Applies defaults, schemaSuffix and tablePrefix the way Dataform does. */
  target(args: { targetName: string; name: string; schema?: string; database?: string; defaultSchema?: string; external?: boolean }): Target {
    const schema = args.schema ?? args.defaultSchema ?? this.config.defaultSchema;
    const database = args.database ?? this.databaseOf(args.targetName);
    // Declarations name relations that exist already: no suffix or prefix, as in Dataform.
    const suffix = args.external ? undefined : this.config.schemaSuffix;
    const prefix = args.external ? undefined : this.config.tablePrefix;
    return {
      ...(database ? { database } : {}),
      schema: suffix ? `${schema}_${suffix}` : schema,
      name: prefix ? `${prefix}_${args.name}` : args.name,
    };
  }
}
