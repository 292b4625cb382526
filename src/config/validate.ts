import type { z } from "zod";
import { SluiceError, type Diagnostic } from "../errors.js";

/** Validates a parsed config object and turns every zod issue into a diagnostic naming the file and key path. */
export function validateConfig<T extends z.ZodType>(schema: T, value: unknown, file: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const diagnostics: Diagnostic[] = result.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
    return {
      code: "config",
      message: `${path}: ${issue.message}`,
      location: { file },
      hint: hintFor(issue),
    };
  });
  throw new SluiceError(diagnostics);
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === "unrecognized_keys") return `remove or rename ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return undefined;
}
