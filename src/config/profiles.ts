import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { EngineKindSchema, type EngineKind } from "../graph/schema.js";
import { SluiceError, type SourceLocation } from "../errors.js";
import { parseYamlDocument, type ParsedYaml } from "./project.js";
import { validateConfig } from "./validate.js";

/**
 * Connection profiles (local / dev / prod) live in profiles.yaml beside dataform.json.
 * Values may read the environment with ${env:NAME} or ${env:NAME:-default}; secrets never live in the file.
 * Engine-specific keys pass through here and are validated by the engine's own schema when it connects.
 */
export const ProfileTargetSchema = z
  .object({
    engine: EngineKindSchema,
    /** Catalog (Databricks) or database (Snowflake, DuckDB) that unqualified targets land in. */
    database: z.string().optional(),
  })
  .catchall(z.unknown());
export type ProfileTarget = z.infer<typeof ProfileTargetSchema>;

export const ZonesSchema = z
  .object({
    raw: z.string().default("raw"),
    processed: z.string().default("processed"),
    archive: z.string().default("archive"),
  })
  .strict();

export const RetrySchema = z
  .object({
    attempts: z.number().int().min(1).default(2),
    backoffMs: z.number().int().min(0).default(500),
  })
  .strict();

export const ProfileSchema = z
  .object({
    description: z.string().optional(),
    /** Local data folder: DuckDB files, zones and run state; relative to the project. */
    dataDir: z.string().default("data"),
    zones: ZonesSchema.default({ raw: "raw", processed: "processed", archive: "archive" }),
    targets: z.record(z.string(), ProfileTargetSchema),
    retry: RetrySchema.default({ attempts: 2, backoffMs: 500 }),
  })
  .strict();

export const ProfilesFileSchema = z
  .object({
    default: z.string().default("local"),
    profiles: z.record(z.string(), ProfileSchema),
  })
  .strict();

export interface ResolvedTarget {
  name: string;
  engine: EngineKind;
  database?: string;
  /** All keys of the target with ${env:…} resolved; missing variables are listed in missingEnv. */
  settings: Record<string, unknown>;
  missingEnv: string[];
  /** The unset variables of each key (only keys that read one), e.g. { host: ["DATABRICKS_HOST"] }. */
  unsetEnv?: Record<string, string[]>;
  /** Where profiles.yaml declares the target (its key), for messages. */
  location?: SourceLocation;
  /** The profile the target belongs to, for messages. */
  profileName?: string;
}

export interface ResolvedProfile {
  name: string;
  projectDir: string;
  dataDir: string;
  zones: { raw: string; processed: string; archive: string };
  targets: Record<string, ResolvedTarget>;
  retry: { attempts: number; backoffMs: number };
  /** Values read from the environment into secret-looking keys: every output redacts them. */
  secrets: string[];
  /** Every profile the project defines (for hints naming another one). */
  profileNames?: string[];
}

const SECRET_KEY = /(token|password|secret|passphrase|private_?key)/i;
const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface LoadProfileOptions {
  profile?: string;
  /** Overrides the profile's dataDir (tests, benchmarks). */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** The profile used when a project has no profiles.yaml: every target on an embedded DuckDB file. */
export function defaultLocalProfile(targetNames: string[]): z.infer<typeof ProfileSchema> {
  const targets: Record<string, ProfileTarget> = {};
  for (const name of targetNames) targets[name] = { engine: "duckdb", database: name, path: `${name}.duckdb` };
  return ProfileSchema.parse({ description: "embedded DuckDB, one database file per target", targets });
}

export function loadProfile(projectDir: string, targetNames: string[], options: LoadProfileOptions = {}): ResolvedProfile {
  const env = options.env ?? process.env;
  const file = join(projectDir, "profiles.yaml");
  let profiles: z.infer<typeof ProfilesFileSchema>;
  let parsed: ParsedYaml | undefined;
  if (existsSync(file)) {
    parsed = parseYamlDocument(file, projectDir);
    profiles = validateConfig(ProfilesFileSchema, parsed.value, "profiles.yaml");
  } else {
    profiles = { default: "local", profiles: { local: defaultLocalProfile(targetNames) } };
  }
  const name = options.profile ?? env.SLUICE_PROFILE ?? profiles.default;
  const profile = profiles.profiles[name];
  if (!profile) {
    throw new SluiceError({
      code: "unknown-profile",
      message: `profile "${name}" is not defined`,
      location: { file: "profiles.yaml", ...(parsed?.locate(["profiles"]) ?? {}) },
      hint: `defined profiles: ${Object.keys(profiles.profiles).join(", ")}`,
    });
  }
  const missingTargets = targetNames.filter((t) => !profile.targets[t]);
  if (missingTargets.length) {
    throw new SluiceError({
      code: "config",
      message: `profiles.${name}.targets: no connection for target(s) ${missingTargets.join(", ")} declared in dataform.json`,
      location: { file: "profiles.yaml", ...(parsed?.locate(["profiles", name, "targets"]) ?? {}) },
    });
  }
  const secrets = new Set<string>();
  const dataDir = resolve(projectDir, options.dataDir ?? env.SLUICE_DATA_DIR ?? profile.dataDir);
  const targets: Record<string, ResolvedTarget> = {};
  for (const [targetName, raw] of Object.entries(profile.targets)) {
    const missingEnv: string[] = [];
    const unsetEnv: Record<string, string[]> = {};
    const settings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value !== "string") {
        settings[key] = value;
        continue;
      }
      const unset: string[] = [];
      settings[key] = interpolate(value, key, env, unset, secrets);
      if (unset.length) {
        unsetEnv[key] = unset;
        missingEnv.push(...unset);
      }
    }
    // A target stored in a local file (embedded engines) keeps it under the data folder.
    if (typeof settings.path === "string" && settings.path && !isAbsolute(settings.path)) {
      settings.path = join(dataDir, settings.path);
    }
    const database = typeof settings.database === "string" ? settings.database : undefined;
    const position = parsed?.locate(["profiles", name, "targets", targetName]);
    const location = existsSync(file) ? { file: "profiles.yaml", ...(position ?? {}) } : undefined;
    targets[targetName] = { name: targetName, engine: raw.engine, database, settings, missingEnv, unsetEnv, location, profileName: name };
  }
  // A zone without its variable is an error at once (a wrong folder would ingest nothing, silently);
  // targets report theirs only when they connect, so compiling needs no credentials.
  const zoneMissing: string[] = [];
  const zone = (raw: string) => {
    const path = interpolate(raw, "zone", env, zoneMissing, secrets);
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) || isAbsolute(path) ? path : join(dataDir, path);
  };
  const zones = { raw: zone(profile.zones.raw), processed: zone(profile.zones.processed), archive: zone(profile.zones.archive) };
  if (zoneMissing.length) {
    throw new SluiceError({
      code: "config",
      message: `profiles.${name}.zones: environment variable(s) ${[...new Set(zoneMissing)].join(", ")} not set`,
      location: { file: "profiles.yaml", ...(parsed?.locate(["profiles", name, "zones"]) ?? {}) },
      hint: "set them, or give the zone a default: ${env:NAME:-s3://bucket/raw}",
    });
  }
  return {
    name,
    projectDir,
    dataDir,
    zones,
    targets,
    retry: profile.retry,
    secrets: [...secrets],
    profileNames: Object.keys(profiles.profiles),
  };
}

function interpolate(value: string, key: string, env: NodeJS.ProcessEnv, missing: string[], secrets: Set<string>): string {
  return value.replace(ENV_REF, (_match, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (found === undefined || found === "") {
      if (fallback !== undefined) return fallback;
      missing.push(name);
      return "";
    }
    if (SECRET_KEY.test(key) && found.length >= 4) secrets.add(found);
    return found;
  });
}

/** Replaces every known secret in text; every printed or written output passes through it. */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (!sorted.length) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of sorted) out = out.split(secret).join("***");
    return out;
  };
}
