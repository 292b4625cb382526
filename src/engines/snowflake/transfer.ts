import type { ResolvedTarget } from "../../config/profiles.js";
import { SluiceError } from "../../errors.js";
import type { TransferSql } from "../transfer.js";
import { snowflakeDialect } from "./dialect.js";
import { parseSnowflakeSettings } from "./settings.js";

/**
 * Transfers on Snowflake. Files in the processed zone are reached through an external stage
 * whose URL is the zone (a STORAGE INTEGRATION grants Snowflake access to the bucket), and read
 * with a named Parquet file format: staged-file queries and INFER_SCHEMA accept only a named one.
 * Loads use COPY INTO … MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE, so the file's column order does
 * not matter, and COPY's load metadata skips a file already loaded into the table.
 *
 * Aliases are quoted lower case: Snowflake folds unquoted names to upper case, and the strategy
 * reads row_count / watermark / column_name.
 */
export interface SnowflakeStage {
  /** Qualified stage name, e.g. MANUFACTURING.SLUICE.PROCESSED_ZONE. */
  stage: string;
  /** The stage's URL: the processed zone root, e.g. s3://manufacturing-prod/processed. */
  url: string;
  /** Qualified named file format of TYPE = PARQUET. */
  fileFormat: string;
}

const q = (id: string) => snowflakeDialect.quoteIdentifier(id);
const lit = (text: string) => snowflakeDialect.literal(text);
const PARQUET_FILES = ".*[.]parquet";

export function snowflakeTransferSql(config: SnowflakeStage): TransferSql {
  const root = config.url.replace(/\/+$/, "");
  /** @STAGE/<path under the zone>/ for a location in the processed zone. */
  const stagePath = (location: string) => {
    if (!location.startsWith(`${root}/`)) {
      // Snowflake reads and writes files only through the stage, so the stage's URL must be the
      // processed zone the transfer writes to: a mismatch is a profile error, not a bug.
      throw new SluiceError({
        code: "config",
        message: `${location} is not under the Snowflake stage ${config.stage} (${root})`,
        location: { file: "profiles.yaml" },
        hint: `SNOWFLAKE_STAGE (the target's stage) must name an external stage whose URL is the processed zone (${root}/); point the stage or the processed zone at the same place`,
      });
    }
    return `@${config.stage}/${location.slice(root.length + 1).replace(/\/+$/, "")}/`;
  };
  // Quoted: batch folders hold "=" (batch=<run id>), which an unquoted stage path may not.
  const staged = (location: string) => lit(stagePath(location));
  const read = (location: string) => `${staged(location)} (FILE_FORMAT => ${lit(config.fileFormat)}, PATTERN => ${lit(PARQUET_FILES)})`;
  // A Parquet field keeps the exact case the source engine wrote (lower case from Databricks), while
  // the Snowflake column it lands in follows the dialect's quoting.
  const field = (column: string) => `$1:"${column.replace(/"/g, '""')}"`;
  const copy = (target: string, location: string) =>
    `COPY INTO ${target}
FROM ${staged(location)}
FILE_FORMAT = (FORMAT_NAME = ${lit(config.fileFormat)})
PATTERN = ${lit(PARQUET_FILES)}
MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE`;

  return {
    engine: "snowflake",

    unload({ query, location }) {
      return `COPY INTO ${staged(location)}
FROM (
${query}
)
FILE_FORMAT = (FORMAT_NAME = ${lit(config.fileFormat)})
HEADER = TRUE
OVERWRITE = TRUE`;
    },

    summarize({ location, watermarkColumn }) {
      const watermark = watermarkColumn ? `CAST(max(${field(watermarkColumn)}) AS VARCHAR)` : "CAST(NULL AS VARCHAR)";
      return `SELECT count(*) AS "row_count", ${watermark} AS "watermark" FROM ${read(location)}`;
    },

    describeFile({ location }) {
      return `SELECT COLUMN_NAME AS "column_name", TYPE AS "column_type"
FROM TABLE(INFER_SCHEMA(LOCATION => ${staged(location)}, FILE_FORMAT => ${lit(config.fileFormat)}))
ORDER BY ORDER_ID`;
    },

    duplicateKeys({ location, uniqueKey }) {
      const key = uniqueKey.map(field).join(", ");
      return `SELECT count(*) AS "duplicates" FROM (SELECT ${key} FROM ${read(location)} GROUP BY ${key} HAVING count(*) > 1)`;
    },

    // Statements on the `;;` line convention. CREATE OR REPLACE commits at once, so loading the
    // target in place would show readers an empty table until COPY ends, and a failed COPY would
    // leave it empty. Instead, as replaceTable does: build and load a work table (which takes the
    // file's schema), then SWAP WITH exchanges the two in one metadata operation. A first load has
    // nothing to swap with: an empty target LIKE the work table stands in for it. A failure before
    // the swap leaves the target as it was; the next load replaces the work table.
    loadReplace({ target, location }) {
      const table = snowflakeDialect.relation(target);
      const work = snowflakeDialect.relation({ ...target, name: `${target.name}__sluice_load` });
      return `CREATE OR REPLACE TABLE ${work}
USING TEMPLATE (
  SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID)
  FROM TABLE(INFER_SCHEMA(LOCATION => ${staged(location)}, FILE_FORMAT => ${lit(config.fileFormat)}))
)
;;
${copy(work, location)}
;;
CREATE TABLE IF NOT EXISTS ${table} LIKE ${work}
;;
ALTER TABLE ${table} SWAP WITH ${work}
;;
DROP TABLE IF EXISTS ${work}`;
    },

    loadInsert({ target, location }) {
      return copy(snowflakeDialect.relation(target), location);
    },

    loadMerge({ target, location, uniqueKey, columns }) {
      const keys = new Set(uniqueKey);
      const updates = columns.filter((c) => !keys.has(c)).map((c) => `${q(c)} = s.${q(c)}`);
      const list = columns.map(q).join(", ");
      return `MERGE INTO ${snowflakeDialect.relation(target)} AS t
USING (SELECT ${columns.map((c) => `${field(c)} AS ${q(c)}`).join(", ")} FROM ${read(location)}) AS s
ON ${uniqueKey.map((k) => `EQUAL_NULL(t.${q(k)}, s.${q(k)})`).join(" AND ")}
${updates.length ? `WHEN MATCHED THEN UPDATE SET ${updates.join(", ")}\n` : ""}WHEN NOT MATCHED THEN INSERT (${list}) VALUES (${columns.map((c) => `s.${q(c)}`).join(", ")})`;
    },
  };
}

/**
 * The transfer SQL of one Snowflake target: its stage and file format come from the profile
 * (stage, fileFormat), the stage's URL is the profile's processed zone.
 */
export function snowflakeTransferSqlForTarget(target: ResolvedTarget, processedZone: string): TransferSql {
  // Only the stage and file format matter here: rendering transfer SQL needs no credentials.
  const setting = (key: string) => (typeof target.settings[key] === "string" && target.settings[key] ? (target.settings[key] as string) : undefined);
  const settings = { stage: setting("stage"), fileFormat: setting("fileFormat") };
  if (!settings.stage) {
    throw new SluiceError({
      code: "config",
      message: `target "${target.name}" (snowflake): stage is required for transfers`,
      location: { file: "profiles.yaml" },
      hint: "set SNOWFLAKE_STAGE to the external stage over the processed zone, e.g. MANUFACTURING.SLUICE.PROCESSED_ZONE",
    });
  }
  const parts = settings.stage.split(".");
  const fileFormat = settings.fileFormat ?? [...parts.slice(0, -1), "SLUICE_PARQUET"].join(".");
  return snowflakeTransferSql({ stage: settings.stage, url: processedZone, fileFormat });
}
