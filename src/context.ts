import { resolve } from "node:path";
import { loadProjectConfig, type ProjectConfig } from "./config/project.js";
import { loadProfile, makeRedactor, type ResolvedProfile } from "./config/profiles.js";
import { compileProject } from "./compile/index.js";
import type { CompiledGraph } from "./graph/schema.js";

/** Everything a command needs about one project under one profile. The CLI is a thin layer over it. */
export interface ContextOptions {
  projectDir?: string;
  profile?: string;
  /** --vars k=v overrides of dataform.json vars. */
  vars?: Record<string, string>;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

export class SluiceContext {
  private graph: CompiledGraph | undefined;

  private constructor(
    readonly projectDir: string,
    readonly config: ProjectConfig,
    readonly configFile: string,
    readonly profile: ResolvedProfile,
    readonly vars: Record<string, string>,
    readonly redact: (text: string) => string,
  ) {}

  static load(options: ContextOptions = {}): SluiceContext {
    const projectDir = resolve(options.projectDir ?? process.cwd());
    const { config, file } = loadProjectConfig(projectDir);
    const profile = loadProfile(projectDir, Object.keys(config.targets), {
      profile: options.profile,
      dataDir: options.dataDir,
      env: options.env,
    });
    const vars = { ...config.vars, ...(options.vars ?? {}) };
    return new SluiceContext(projectDir, config, file, profile, vars, makeRedactor(profile.secrets));
  }

  /** Compiles once per context; compiling reads files only and never touches an engine. */
  compile(): CompiledGraph {
    this.graph ??= compileProject({
      projectDir: this.projectDir,
      config: this.config,
      profile: this.profile,
      vars: this.vars,
    });
    return this.graph;
  }
}
