import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProjectConfig } from "../../src/config/project.js";
import { loadProfile, makeRedactor } from "../../src/config/profiles.js";
import { SluiceError } from "../../src/errors.js";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sluice-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function diagnosticsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SluiceError);
    return (error as SluiceError).diagnostics;
  }
  throw new Error("expected a SluiceError");
}

describe("project config", () => {
  it("reads dataform.json with defaults and targets", () => {
    const dir = project({
      "dataform.json": JSON.stringify({
        defaultSchema: "bronze",
        vars: { threshold: 3 },
        targets: { lakehouse: {}, warehouse: { paths: ["definitions/snowflake/**"] } },
      }),
    });
    const { config, file } = loadProjectConfig(dir);
    expect(file).toBe("dataform.json");
    expect(config.defaultSchema).toBe("bronze");
    expect(config.assertionSchema).toBe("dataform_assertions");
    expect(config.vars).toEqual({ threshold: "3" });
    expect(config.defaultTarget).toBe("lakehouse");
    expect(config.targets.warehouse.paths).toEqual(["definitions/snowflake/**"]);
  });

  it("names the file, key path and expectation for a wrong key or type", () => {
    const dir = project({ "dataform.json": JSON.stringify({ defaultSchema: 5, defualtDatabase: "x" }) });
    const diagnostics = diagnosticsOf(() => loadProjectConfig(dir));
    const text = diagnostics.map((d) => `${d.location?.file} ${d.message} ${d.hint ?? ""}`).join("\n");
    expect(text).toContain("dataform.json defaultSchema");
    expect(text).toMatch(/expected string/i);
    expect(text).toContain("defualtDatabase");
  });

  it("reports the line of a JSON syntax error", () => {
    const dir = project({ "dataform.json": '{\n  "defaultSchema": "x",\n  oops\n}' });
    const [diagnostic] = diagnosticsOf(() => loadProjectConfig(dir));
    expect(diagnostic.location).toMatchObject({ file: "dataform.json", line: 3 });
  });

  it("maps Dataform v3 workflow_settings.yaml", () => {
    const dir = project({
      "workflow_settings.yaml": "defaultProject: proj\ndefaultDataset: analytics\ndefaultAssertionDataset: checks\nvars:\n  env: dev\n",
    });
    const { config, file } = loadProjectConfig(dir);
    expect(file).toBe("workflow_settings.yaml");
    expect(config).toMatchObject({ defaultDatabase: "proj", defaultSchema: "analytics", assertionSchema: "checks", vars: { env: "dev" } });
  });

  it("fails clearly when no project file exists", () => {
    const [diagnostic] = diagnosticsOf(() => loadProjectConfig(project({})));
    expect(diagnostic.message).toContain("no dataform.json");
    expect(diagnostic.hint).toContain("--project");
  });
});

describe("profiles", () => {
  it("defaults to one DuckDB file per target under the data folder", () => {
    const dir = project({});
    const profile = loadProfile(dir, ["lakehouse", "warehouse"], { env: {} });
    expect(profile.name).toBe("local");
    expect(profile.targets.lakehouse).toMatchObject({ engine: "duckdb", database: "lakehouse" });
    expect(profile.targets.warehouse.settings.path).toBe(join(dir, "data", "warehouse.duckdb"));
    expect(profile.zones.raw).toBe(join(dir, "data", "raw"));
  });

  it("interpolates the environment, records missing variables and collects secrets", () => {
    const dir = project({
      "profiles.yaml": [
        "default: prod",
        "profiles:",
        "  prod:",
        "    zones: { raw: 's3://bucket/raw' }",
        "    targets:",
        "      lakehouse: { engine: databricks, database: '${env:CATALOG:-main}', host: '${env:DBX_HOST}', token: '${env:DBX_TOKEN}' }",
      ].join("\n"),
    });
    const profile = loadProfile(dir, ["lakehouse"], { env: { DBX_TOKEN: "dapi-secret-123" } });
    expect(profile.targets.lakehouse.database).toBe("main");
    expect(profile.targets.lakehouse.missingEnv).toEqual(["DBX_HOST"]);
    expect(profile.zones.raw).toBe("s3://bucket/raw");
    expect(profile.secrets).toEqual(["dapi-secret-123"]);
    expect(makeRedactor(profile.secrets)("token=dapi-secret-123!")).toBe("token=***!");
  });

  it("names the profile file and the missing target", () => {
    const dir = project({
      "profiles.yaml": "profiles:\n  local:\n    targets:\n      lakehouse: { engine: duckdb }\n",
    });
    const [diagnostic] = diagnosticsOf(() => loadProfile(dir, ["lakehouse", "warehouse"], { env: {} }));
    expect(diagnostic.location?.file).toBe("profiles.yaml");
    expect(diagnostic.message).toContain("warehouse");
  });

  it("rejects an unknown engine with the key path", () => {
    const dir = project({ "profiles.yaml": "profiles:\n  local:\n    targets:\n      lakehouse: { engine: oracle }\n" });
    const [diagnostic] = diagnosticsOf(() => loadProfile(dir, ["lakehouse"], { env: {} }));
    expect(diagnostic.message).toContain("profiles.local.targets.lakehouse.engine");
  });
});

describe("profile zones", () => {
  it("interpolates the environment into zone URIs", () => {
    const dir = project({
      "profiles.yaml": [
        "profiles:",
        "  prod:",
        "    zones: { raw: '${env:RAW_URI:-s3://default/raw}', processed: '${env:PROCESSED_URI:-s3://default/processed}' }",
        "    targets:",
        "      lakehouse: { engine: databricks }",
      ].join("\n"),
    });
    const profile = loadProfile(dir, ["lakehouse"], { profile: "prod", env: { RAW_URI: "s3://landing/raw" } });
    expect(profile.zones.raw).toBe("s3://landing/raw");
    expect(profile.zones.processed).toBe("s3://default/processed");
  });
});

describe("profile zones without their variable", () => {
  it("names the variable instead of silently using a wrong folder", () => {
    const dir = project({
      "profiles.yaml": ["profiles:", "  prod:", "    zones: { raw: '${env:RAW_URI}/landing' }", "    targets:", "      lakehouse: { engine: databricks }"].join("\n"),
    });
    const [diagnostic] = diagnosticsOf(() => loadProfile(dir, ["lakehouse"], { profile: "prod", env: {} }));
    expect(diagnostic.location?.file).toBe("profiles.yaml");
    expect(diagnostic.message).toContain("RAW_URI");
  });
});
