// Compiles a project with @dataform/core's exported `main`, in-process, the way the Dataform CLI's
// worker does but without vm2: a CommonJS loader rooted at the project that passes every .sqlx/.js
// file through core's `compiler`. Used by the conformance tests and the compile benchmark.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const hostRequire = createRequire(join(root, "package.json"));
const coreDir = dirname(hostRequire.resolve("@dataform/core/package.json"));
const protobuf = hostRequire("protobufjs");

let protoRoot;
function protos() {
  protoRoot ??= protobuf.loadSync(join(coreDir, "core.proto"));
  return protoRoot;
}

function listFiles(projectDir, dir = "") {
  const out = [];
  for (const entry of readdirSync(join(projectDir, dir), { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(projectDir, rel));
    else if (entry.name.includes(".")) out.push(rel);
  }
  return out;
}

/** Returns Dataform's compiled graph as a plain object (proto field names, camelCase). */
export function compileWithDataform(projectDir) {
  projectDir = resolve(projectDir);
  const coreSource = readFileSync(join(coreDir, "bundle.js"), "utf8");
  const core = { exports: {} };
  const modules = new Map();
  const fileStack = [];
  let compiler;

  const requireFrom = (fromDir) => (specifier) => {
    if (specifier === "@dataform/core") return core.exports;
    if (builtinModules.includes(specifier.replace(/^node:/, ""))) return hostRequire(specifier);
    const base = specifier.startsWith(".") ? resolve(fromDir, specifier) : resolve(projectDir, specifier);
    const path = [base, `${base}.js`, `${base}.sqlx`].find((p) => existsSync(p) && !p.endsWith("/"));
    if (!path) return hostRequire(specifier);
    if (modules.has(path)) return modules.get(path).exports;
    const module = { exports: {} };
    modules.set(path, module);
    const text = readFileSync(path, "utf8");
    if (path.endsWith(".json")) module.exports = JSON.parse(text);
    else {
      const code = compiler(text, path);
      fileStack.push(path);
      try {
        new Function("module", "exports", "require", "__filename", "__dirname", code)(module, module.exports, requireFrom(dirname(path)), path, dirname(path));
      } finally {
        fileStack.pop();
      }
    }
    return module.exports;
  };

  new Function("module", "exports", "require", "__filename", "__dirname", coreSource)(core, core.exports, requireFrom(coreDir), join(coreDir, "bundle.js"), coreDir);
  compiler = core.exports.compiler;
  Object.defineProperty(globalThis, "__dataform_current_file", { configurable: true, get: () => fileStack[fileStack.length - 1] ?? null });
  const dataformJson = join(projectDir, "dataform.json");
  if (existsSync(dataformJson)) globalThis.dataformJson = stripSluiceKeys(JSON.parse(readFileSync(dataformJson, "utf8")));

  const root = protos();
  const Request = root.lookupType("dataform.CoreExecutionRequest");
  const Response = root.lookupType("dataform.CoreExecutionResponse");
  const filePaths = listFiles(projectDir).filter((p) => !p.startsWith("test/"));
  const request = Request.encode(Request.create({ compile: { compileConfig: { projectDir, filePaths } } })).finish();
  try {
    const encoded = core.exports.main(Buffer.from(request).toString("base64"));
    const response = Response.decode(Buffer.from(encoded, "base64"));
    return Response.toObject(response, { defaults: false, enums: String, arrays: true }).compile.compiledGraph;
  } finally {
    delete globalThis.dataformJson;
  }
}

/** Dataform rejects keys it does not know; Sluice's own project keys are removed for it. */
function stripSluiceKeys(config) {
  const { targets, defaultTarget, auditSchema, transferSchema, name, ...rest } = config;
  void targets, defaultTarget, auditSchema, transferSchema, name;
  return rest;
}

