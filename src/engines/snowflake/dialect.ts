import { TemplateDialect, doubleQuote, singleQuoteLiteral } from "../template-dialect.js";
import { snowflakeTemplates } from "./templates.js";

export const snowflakeDialect = new TemplateDialect({
  engine: "snowflake",
  quoteIdentifier: doubleQuote,
  literal: (value) => singleQuoteLiteral(value.replace(/\\/g, "\\\\")),
  templates: snowflakeTemplates,
});
