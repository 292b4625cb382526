import { TemplateDialect, doubleQuote, singleQuoteLiteral } from "../template-dialect.js";
import { duckdbTemplates } from "./templates.js";

export const duckdbDialect = new TemplateDialect({
  engine: "duckdb",
  quoteIdentifier: doubleQuote,
  literal: singleQuoteLiteral,
  templates: duckdbTemplates,
});
