/** Help text for --select/--exclude, shared by run, ls, test and compile. */
export const SELECTOR_HELP = `Selectors (--select / --exclude):
  name                 an action by name, schema.name or full id (globs allowed: stg_*)
  +name  name+  +name+ with everything upstream / downstream / both; 1+name, name+2 limit depth
  @name                name, its downstream, and everything those need upstream
  tag:x                actions tagged x
  path:definitions/gold  files under that folder (or a glob: path:definitions/**/orders*.sqlx)
  type:incremental     table, view, incremental, operations, assertion, declaration, ingest, transfer
  target:warehouse     actions on that engine target of the profile
  engine:duckdb        actions on that engine (duckdb, databricks, snowflake)
  state:modified       actions whose data fingerprint changed since their last successful run
                       (new actions included; description, tag and formatting edits do not count)
  state:new            actions that never ran successfully
Combine as in dbt: words separated by spaces (or repeated flags) are a UNION;
words joined by a comma are an INTERSECTION, e.g. --select "tag:nightly,type:table orders+".
--exclude removes its matches from the selection. Output is in dependency order.`;
