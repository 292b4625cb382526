import Handlebars from "handlebars";
import type { EngineKind, Target } from "../graph/schema.js";
import type {
  ColumnInfo,
  CreateTableArgs,
  DeleteMatchingArgs,
  GrantArgs,
  MergeArgs,
  PartitionOverwriteArgs,
  ReplaceTableArgs,
  SqlDialect,
} from "./adapter.js";

/**
 * A dialect driven by one engine's Handlebars templates. Each engine folder supplies its quoting
 * rules and a record of templates; the methods here only prepare the template context, so what
 * differs between engines is visible in one templates.ts per engine.
 *
 * Template context helpers: {{rel target}} renders a quoted relation, {{id name}} a quoted
 * identifier, {{ids list}} a comma-separated quoted list, {{lit text}} a string literal.
 */
export type TemplateName =
  | "createSchema"
  | "createTableAs"
  | "replaceTable"
  | "createOrReplaceView"
  | "insertInto"
  | "merge"
  | "deleteMatching"
  | "partitionOverwrite"
  | "dropRelation"
  | "renameRelation"
  | "addColumn"
  | "dropColumn"
  | "alterColumnType"
  | "optimize"
  | "grant"
  | "cloneTable"
  | "beginTransaction"
  | "commit"
  | "rollback";

/** Templates that render several statements separate them with a line holding only `;;`. */
export const STATEMENT_SEPARATOR = /^\s*;;\s*$/m;

export interface DialectDefinition {
  engine: EngineKind;
  quoteIdentifier(identifier: string): string;
  literal(value: string): string;
  templates: Partial<Record<TemplateName, string>>;
  /** Extra template helpers the engine needs. */
  helpers?: Record<string, Handlebars.HelperDelegate>;
}

export class TemplateDialect implements SqlDialect {
  readonly engine: EngineKind;
  private readonly compiled = new Map<TemplateName, Handlebars.TemplateDelegate>();
  private readonly handlebars = Handlebars.create();

  constructor(private readonly definition: DialectDefinition) {
    this.engine = definition.engine;
    const quote = (id: string) => this.quoteIdentifier(id);
    this.handlebars.registerHelper("rel", (target: Target) => this.relation(target));
    this.handlebars.registerHelper("id", (name: string) => quote(name));
    this.handlebars.registerHelper("ids", (names: string[]) => names.map(quote).join(", "));
    this.handlebars.registerHelper("lit", (text: string) => this.literal(text));
    this.handlebars.registerHelper("eq", (a: unknown, b: unknown) => a === b);
    this.handlebars.registerHelper("join", (items: string[], sep: unknown) => items.join(typeof sep === "string" ? sep : ", "));
    for (const [name, helper] of Object.entries(definition.helpers ?? {})) this.handlebars.registerHelper(name, helper);
  }

  quoteIdentifier(identifier: string): string {
    return this.definition.quoteIdentifier(identifier);
  }

  literal(value: string): string {
    return this.definition.literal(value);
  }

  relation(target: Target): string {
    const parts = target.database ? [target.database, target.schema, target.name] : [target.schema, target.name];
    return parts.map((part) => this.quoteIdentifier(part)).join(".");
  }

  protected render(name: TemplateName, context: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      const source = this.definition.templates[name];
      if (source === undefined) throw new Error(`${this.engine} has no SQL template "${name}"`);
      template = this.handlebars.compile(source, { noEscape: true, strict: false });
      this.compiled.set(name, template);
    }
    return template(context).trim();
  }

  protected renderMany(name: TemplateName, context: object): string[] {
    return this.render(name, context)
      .split(STATEMENT_SEPARATOR)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }

  createSchema(target: Pick<Target, "database" | "schema">): string {
    const parts = target.database ? [target.database, target.schema] : [target.schema];
    return this.render("createSchema", { schema: parts.map((p) => this.quoteIdentifier(p)).join(".") });
  }
  replaceTable(args: ReplaceTableArgs): string[] {
    return this.renderMany("replaceTable", args);
  }
  createTableAs(args: CreateTableArgs): string {
    return this.render("createTableAs", args);
  }
  createOrReplaceView(args: { target: Target; query: string }): string {
    return this.render("createOrReplaceView", args);
  }
  insertInto(args: { target: Target; columns: string[]; query: string }): string {
    return this.render("insertInto", args);
  }
  merge(args: MergeArgs): string {
    const keys = new Set(args.uniqueKey);
    return this.render("merge", { ...args, updateColumns: args.columns.filter((c) => !keys.has(c)) });
  }
  deleteMatching(args: DeleteMatchingArgs): string {
    return this.render("deleteMatching", args);
  }
  partitionOverwrite(args: PartitionOverwriteArgs): string[] {
    return this.renderMany("partitionOverwrite", args);
  }
  dropRelation(args: { target: Target; kind: "table" | "view"; ifExists?: boolean }): string {
    return this.render("dropRelation", { ...args, isView: args.kind === "view" });
  }
  renameRelation(args: { from: Target; to: Target }): string {
    return this.render("renameRelation", args);
  }
  addColumn(args: { target: Target; column: ColumnInfo }): string {
    return this.render("addColumn", args);
  }
  dropColumn(args: { target: Target; column: string }): string {
    return this.render("dropColumn", args);
  }
  alterColumnType(args: { target: Target; column: ColumnInfo }): string {
    return this.render("alterColumnType", args);
  }
  optimize(args: { target: Target; clusterBy: string[] }): string[] {
    if (!this.definition.templates.optimize || !args.clusterBy.length) return [];
    return this.renderMany("optimize", args);
  }
  grant(args: GrantArgs): string[] {
    if (!this.definition.templates.grant) return [];
    for (const privilege of args.privileges) {
      // Privileges are spliced in as keywords, so only plain upper-case words may pass.
      if (!/^[A-Z][A-Z_ ]*$/.test(privilege)) throw new Error(`invalid privilege "${privilege}"`);
    }
    return args.principals.flatMap((principal) =>
      this.renderMany("grant", { ...args, principal, isView: args.kind === "view" }),
    );
  }
  cloneTable(args: { source: Target; target: Target }): string {
    return this.render("cloneTable", args);
  }
  beginTransaction(): string {
    return this.render("beginTransaction", {});
  }
  commit(): string {
    return this.render("commit", {});
  }
  rollback(): string {
    return this.render("rollback", {});
  }
}

export function doubleQuote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

export function singleQuoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
