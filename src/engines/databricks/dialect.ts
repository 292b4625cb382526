import { TemplateDialect, singleQuoteLiteral } from "../template-dialect.js";
import { databricksTemplates } from "./templates.js";

export const databricksDialect = new TemplateDialect({
  engine: "databricks",
  quoteIdentifier: (identifier) => "`" + identifier.replace(/`/g, "``") + "`",
  // Spark SQL string literals treat backslash as an escape character.
  literal: (value) => singleQuoteLiteral(value.replace(/\\/g, "\\\\")),
  templates: databricksTemplates,
});
