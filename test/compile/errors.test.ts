import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadProjectConfig } from "../../src/config/project.js";
import type { SluiceError } from "../../src/errors.js";
import { compileErrors, removeDir, writeProject } from "./helpers.js";

/** Every error class is reported at the SQLX file, line and column, all in one go. */

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
function errorsOf(files: Record<string, string>) {
  const dir = writeProject(files);
  dirs.push(dir);
  return compileErrors(dir);
}

describe("compile errors", () => {
  it("reports a cycle with its path", () => {
    const diagnostics = errorsOf({
      "definitions/a.sqlx": 'config { type: "view" }\nSELECT * FROM ${ref("c")}',
      "definitions/b.sqlx": 'config { type: "view" }\nSELECT * FROM ${ref("a")}',
      "definitions/c.sqlx": 'config { type: "view" }\nSELECT * FROM ${ref("b")}',
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe("cycle");
    expect(diagnostics[0].message).toMatch(/dependency cycle: lake\.main\.(a|b|c) -> .* -> lake\.main\.(a|b|c) \(each is read by the next\)$/);
    const path = diagnostics[0].message.replace("dependency cycle: ", "").replace(" (each is read by the next)", "").split(" -> ");
    // a reads c, b reads a, c reads b: in data-flow order each one is read by the next.
    const reads: Record<string, string> = { "lake.main.a": "lake.main.c", "lake.main.b": "lake.main.a", "lake.main.c": "lake.main.b" };
    for (let i = 1; i < path.length; i++) expect(reads[path[i]]).toBe(path[i - 1]);
    expect(diagnostics[0].location?.file).toBe(`definitions/${path[1].split(".").pop()}.sqlx`);
    expect(diagnostics[0].hint).toBe(`break the cycle: one of these actions must stop reading the one before it, e.g. ${path[1]} its ref to ${path[0]}`);
    expect(path).toHaveLength(4);
    expect(path[0]).toBe(path[3]);
    expect(new Set(path)).toEqual(new Set(["lake.main.a", "lake.main.b", "lake.main.c"]));
    expect(diagnostics[0].location?.file).toMatch(/^definitions\/[abc]\.sqlx$/);
    expect(diagnostics[0].location?.line).toBe(1);
  });

  it("reports, while compiling, models that could only fail at run time: no SQL, a strategy without its columns, SQL that is not text", () => {
    const diagnostics = errorsOf({
      "definitions/empty.sqlx": 'config { type: "table" }\n-- nothing yet\n',
      "definitions/merged.sqlx": 'config {\n  type: "incremental",\n  incrementalStrategy: "merge"\n}\nSELECT 1 AS id',
      "definitions/overwritten.sqlx": 'config { type: "incremental", incrementalStrategy: "insert_overwrite" }\nSELECT 1 AS id',
      "definitions/fine.sqlx": 'config { type: "incremental" }\nSELECT 1 AS id',
      "definitions/published.js": 'publish("numbers", { type: "table" }).query(42);\npublish("nothing", { type: "view" });\n',
    });
    const by = (file: string) => diagnostics.filter((d) => d.location?.file === file).map((d) => ({ code: d.code, message: d.message, line: d.location?.line }));
    expect(by("definitions/empty.sqlx")).toEqual([{ code: "no-query", message: "table empty has no SQL", line: 1 }]);
    expect(by("definitions/merged.sqlx")).toEqual([{ code: "config", message: 'incrementalStrategy "merge" needs uniqueKey', line: 3 }]);
    expect(by("definitions/overwritten.sqlx")).toEqual([{ code: "config", message: 'incrementalStrategy "insert_overwrite" needs partitionBy', line: 1 }]);
    expect(by("definitions/fine.sqlx")).toEqual([]);
    const published = by("definitions/published.js");
    expect(published.map((d) => d.code)).toEqual(["js-error", "no-query"]);
    expect(published[0].message).toMatch(/SQL must be text .*not number: 42/);
    expect(published[1].message).toBe("view nothing has no SQL");
  });

  it("reports a unit-test input the model does not read, with the inputs it does", () => {
    const diagnostics = errorsOf({
      "definitions/logs.sqlx": 'config { type: "table" }\nSELECT 1 AS id',
      "definitions/other.sqlx": 'config { type: "table" }\nSELECT 2 AS id',
      "definitions/daily.sqlx": 'config { type: "table" }\nSELECT count(*) AS n FROM ${ref("logs")}',
      "definitions/daily_test.sqlx": 'config { type: "test", dataset: "daily" }\ninput "logz" {\n  SELECT 1 AS id\n}\ninput "other" {\n  SELECT 2 AS id\n}\nSELECT 1 AS n',
    });
    expect(diagnostics).toEqual([
      { code: "test-input", message: 'input "logz" is not read by daily, which reads "logs"', hint: 'did you mean "logs"?', location: { file: "definitions/daily_test.sqlx", line: 2, column: 1 } },
      { code: "test-input", message: 'input "other" is not read by daily, which reads "logs"', hint: "give the inputs daily refs", location: { file: "definitions/daily_test.sqlx", line: 5, column: 1 } },
    ]);
  });

  it("stops at an include that fails to load, rather than adding an error for each call to it", () => {
    const diagnostics = errorsOf({
      "includes/macros.js": "function ok() { return 1; }\nfunction (\n",
      "definitions/a.sqlx": 'config { type: "table" }\nSELECT ${macros.ok()} AS id',
      "definitions/b.sqlx": 'config { type: "table" }\nSELECT ${macros.ok()} AS id',
    });
    expect(diagnostics.map((d) => [d.code, d.location?.file])).toEqual([["js-error", "includes/macros.js"]]);
  });

  it("says a --project folder does not exist, and points a subfolder of a project at the project", () => {
    const dir = writeProject({ "definitions/a.sqlx": 'config { type: "table" }\nSELECT 1 AS id' });
    dirs.push(dir);
    const errorOf = (projectDir: string) => {
      try {
        loadProjectConfig(projectDir);
      } catch (error) {
        return (error as SluiceError).diagnostics[0];
      }
      throw new Error("expected no project");
    };
    expect(errorOf(join(dir, "missing"))).toMatchObject({ code: "no-project", message: `no such folder: ${join(dir, "missing")}` });
    expect(errorOf(join(dir, "definitions"))).toMatchObject({ code: "no-project", hint: `the project is ${dir}: run sluice there, or pass --project ${dir}` });
  });

  it("reports an unknown ref at its line and column with a did-you-mean", () => {
    const diagnostics = errorsOf({
      "definitions/orders.sqlx": 'config { type: "table" }\nSELECT 1 AS id',
      "definitions/report.sqlx": 'config { type: "view" }\nSELECT *\nFROM   ${ref("ordres")}',
    });
    expect(diagnostics).toEqual([
      {
        code: "unknown-ref",
        message: 'unknown ref "ordres"',
        hint: 'did you mean "orders"?',
        location: { file: "definitions/report.sqlx", line: 3, column: 10 },
      },
    ]);
  });

  it("reports duplicate targets in both files", () => {
    const diagnostics = errorsOf({
      "definitions/a/orders.sqlx": 'config { type: "table" }\nSELECT 1 AS id',
      "definitions/b/orders.sqlx": 'config { type: "view" }\nSELECT 2 AS id',
    });
    expect(diagnostics.map((d) => d.code)).toEqual(["duplicate-target", "duplicate-target"]);
    expect(diagnostics[0].message).toBe("duplicate target lake.main.orders: also defined in definitions/b/orders.sqlx");
    expect(diagnostics[0].location).toEqual({ file: "definitions/a/orders.sqlx", line: 1, column: 1 });
    expect(diagnostics[1].location).toEqual({ file: "definitions/b/orders.sqlx", line: 1, column: 1 });
  });

  it("reports a trailing semicolon at the semicolon", () => {
    const diagnostics = errorsOf({ "definitions/a.sqlx": 'config { type: "table" }\nSELECT 1 AS id;\n-- done\n' });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: "trailing-semicolon",
        message: "semicolons are not allowed at the end of SQL statements",
        location: { file: "definitions/a.sqlx", line: 2, column: 15 },
      }),
    ]);
  });

  it("reports several statements outside an operations file", () => {
    const diagnostics = errorsOf({
      "definitions/a.sqlx": 'config { type: "table" }\nSELECT 1 AS id;\nSELECT 2 AS id',
      "definitions/b.sqlx": 'config { type: "view" }\nSELECT 1 AS id\n---\nSELECT 2 AS id',
      "definitions/ok.sqlx": 'config { type: "operations" }\nSELECT 1;\n---\nSELECT 2;',
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: "several-statements", message: "several statements in a table file", location: { file: "definitions/a.sqlx", line: 2, column: 15 } }),
      expect.objectContaining({ code: "several-statements", message: "several statements in a view file", location: { file: "definitions/b.sqlx", line: 3, column: 1 } }),
    ]);
  });

  it("reports a JavaScript error in a config block at the SQLX line", () => {
    const diagnostics = errorsOf({
      "definitions/a.sqlx": 'config {\n  type: "table",\n  tags: [missingVariable]\n}\nSELECT 1 AS id',
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe("js-error");
    expect(diagnostics[0].message).toContain("missingVariable is not defined");
    expect(diagnostics[0].location).toEqual({ file: "definitions/a.sqlx", line: 3, column: 10 });
  });

  it("reports a JavaScript error in a js block at the SQLX line", () => {
    const diagnostics = errorsOf({
      "definitions/a.sqlx": 'config { type: "table" }\njs {\n  const x = 1;\n  const y = x.nope.deeper;\n}\nSELECT ${y} AS id',
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe("js-error");
    expect(diagnostics[0].message).toContain("Cannot read properties of undefined");
    expect(diagnostics[0].location).toEqual({ file: "definitions/a.sqlx", line: 4, column: 20 });
  });

  it("reports a JavaScript syntax error at the SQLX line", () => {
    const diagnostics = errorsOf({
      "definitions/a.sqlx": 'config { type: "table" }\njs {\n  const x = ;\n}\nSELECT 1 AS id',
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toContain("SyntaxError");
    expect(diagnostics[0].location).toEqual({ file: "definitions/a.sqlx", line: 3, column: 13 });
  });

  it("reports an unknown config key at the key with a did-you-mean", () => {
    const diagnostics = errorsOf({
      "definitions/a.sqlx": 'config {\n  type: "table",\n    uniqeKey: ["id"],\n  assertions: { nonNul: ["id"] }\n}\nSELECT 1 AS id',
    });
    expect(diagnostics).toEqual([
      { code: "config-key", message: 'unknown config key "uniqeKey"', hint: 'did you mean "uniqueKey"?', location: { file: "definitions/a.sqlx", line: 3, column: 5 } },
      { code: "config-key", message: 'unknown config key "assertions.nonNul"', hint: 'did you mean "nonNull"?', location: { file: "definitions/a.sqlx", line: 4, column: 17 } },
    ]);
  });

  it("reports a wrong config value at the key", () => {
    const diagnostics = errorsOf({ "definitions/a.sqlx": 'config {\n  type: "incremental",\n  incrementalStrategy: "upsert"\n}\nSELECT 1 AS id' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toMatch(/^incrementalStrategy: /);
    expect(diagnostics[0].location).toEqual({ file: "definitions/a.sqlx", line: 3, column: 3 });
  });

  it("reports broken SQLX syntax: an unclosed block or interpolation", () => {
    const diagnostics = errorsOf({
      "definitions/a.sqlx": 'config { type: "table"\nSELECT 1 AS id',
      "definitions/b.sqlx": 'config { type: "table" }\nSELECT ${ref("a") AS id',
      "definitions/c.sqlx": 'config { type: "table" }\npost_operations {\n  SELECT 1\n',
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: "sqlx-syntax", message: "unclosed config block: missing }", location: { file: "definitions/a.sqlx", line: 1, column: 1 } }),
      expect.objectContaining({ code: "sqlx-syntax", message: "unclosed ${ interpolation", location: { file: "definitions/b.sqlx", line: 2, column: 8 } }),
      expect.objectContaining({ code: "sqlx-syntax", message: "unclosed post_operations block: missing }", location: { file: "definitions/c.sqlx", line: 2, column: 1 } }),
    ]);
  });

  it("reports every error of every file in one go", () => {
    const diagnostics = errorsOf({
      "definitions/a.sqlx": 'config { type: "table", tagz: [] }\nSELECT 1',
      "definitions/b.sqlx": 'config { type: "table" }\nSELECT 1;',
      "definitions/c.sqlx": 'config { type: "table" }\nSELECT * FROM ${ref("nope")}',
    });
    expect(diagnostics.map((d) => `${d.code}@${d.location?.file}:${d.location?.line}`).sort()).toEqual([
      "config-key@definitions/a.sqlx:1",
      "trailing-semicolon@definitions/b.sqlx:2",
      "unknown-ref@definitions/c.sqlx:2",
    ]);
  });

  it("reports an unknown engine target with a did-you-mean", () => {
    const diagnostics = errorsOf({ "definitions/a.sqlx": 'config { type: "table", target: "warehose" }\nSELECT 1' });
    expect(diagnostics).toEqual([
      { code: "config-key", message: 'unknown target "warehose"', hint: 'did you mean "warehouse"?', location: { file: "definitions/a.sqlx", line: 1, column: 25 } },
    ]);
  });
});
