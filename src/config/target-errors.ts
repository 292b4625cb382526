import { SluiceError, type Diagnostic } from "../errors.js";
import type { ResolvedTarget } from "./profiles.js";

/**
 * Messages about a profile target's connection settings, shared by every engine: a key left empty
 * by an unset ${env:…} variable names the variable (never a value), the target, its profile and
 * where profiles.yaml declares it, and says what to do.
 */
export interface SettingsIssue {
  /** The settings key, e.g. "host" ("settings" for the whole object). */
  key: string;
  message: string;
}

interface ParseResult {
  success: boolean;
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
}

/**
 * Every issue of a target's settings. A schema checks cross-key rules (e.g. "token unless clientId")
 * only once each key is valid, so keys empty for lack of their variable are filled with a stand-in
 * and checked again: one message then names every variable the target needs, not the first few.
 */
export function settingsIssues(target: ResolvedTarget, parse: (settings: Record<string, unknown>) => ParseResult): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const seen = new Set<string>();
  let settings: Record<string, unknown> = { ...target.settings, engine: target.engine };
  for (let round = 0; round < 4; round++) {
    const result = parse(settings);
    if (result.success || !result.error) break;
    const next = { ...settings };
    let filled = false;
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join(".") || "settings";
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push({ key, message: issue.message });
      if (target.unsetEnv?.[key]?.length && (next[key] === "" || next[key] === undefined)) {
        next[key] = "1";
        filled = true;
      }
    }
    if (!filled) break;
    settings = next;
  }
  return issues;
}

/** What to name a target by in a message: `target "lakehouse" (databricks) of profile "prod"`. */
export function describeTarget(target: ResolvedTarget): string {
  const profile = target.profileName ? ` of profile "${target.profileName}"` : "";
  return `target "${target.name}" (${target.engine})${profile}`;
}

/** Where a target's messages point: its key in profiles.yaml, or nothing when the project has no such file. */
export function targetLocation(target: ResolvedTarget): Diagnostic["location"] {
  return target.location ?? (target.profileName && target.profileName !== "local" ? { file: "profiles.yaml" } : undefined);
}

/** "a, b and c" */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Suggests another profile that needs no credentials, when the project has one. */
export function otherProfileHint(target: ResolvedTarget, profileNames?: readonly string[]): string {
  const names = profileNames ?? ["local"];
  if (target.profileName === "local" || !names.includes("local")) return "";
  return "; or run on the embedded DuckDB files with --profile local";
}

/**
 * The error for a target whose settings fail its engine's schema: one diagnostic for the keys
 * left empty by unset variables (naming them), one per other problem (with the engine's hint).
 */
export function targetSettingsError(
  target: ResolvedTarget,
  issues: readonly SettingsIssue[],
  options: { engineHint?: string; profileNames?: readonly string[] } = {},
): SluiceError {
  const location = targetLocation(target);
  const diagnostics: Diagnostic[] = [];
  const fromEnv = issues.filter((i) => target.unsetEnv?.[i.key]?.length);
  const other = issues.filter((i) => !target.unsetEnv?.[i.key]?.length);
  if (fromEnv.length) {
    const variables = [...new Set(fromEnv.flatMap((i) => target.unsetEnv![i.key]))];
    const plural = variables.length > 1;
    diagnostics.push({
      code: "config-env",
      message:
        `${describeTarget(target)} cannot connect: environment variable${plural ? "s" : ""} ${andList(variables)} ${plural ? "are" : "is"} not set ` +
        `(${fromEnv.map((i) => `${i.key} ${i.message}`).join("; ")})`,
      location,
      hint: `export ${andList(variables)} and run again${otherProfileHint(target, options.profileNames)}`,
    });
  }
  for (const issue of other) {
    diagnostics.push({
      code: "config",
      message: `${describeTarget(target)}: ${issue.key} ${issue.message}`,
      location,
      hint: options.engineHint,
    });
  }
  return new SluiceError(diagnostics);
}
