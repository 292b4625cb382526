import type { TransferSql } from "../transfer.js";
import { duckdbDialect } from "./dialect.js";

/** Transfers on DuckDB: COPY … TO Parquet on the source side, read_parquet on the destination side. */
const q = (id: string) => duckdbDialect.quoteIdentifier(id);
const lit = (text: string) => duckdbDialect.literal(text);
const file = (location: string) => `read_parquet(${lit(location)})`;

export const duckdbTransferSql: TransferSql = {
  engine: "duckdb",

  unload({ query, location }) {
    return `COPY (\n${query}\n) TO ${lit(location)} (FORMAT parquet)`;
  },

  summarize({ location, watermarkColumn }) {
    const watermark = watermarkColumn ? `CAST(max(${q(watermarkColumn)}) AS VARCHAR)` : "CAST(NULL AS VARCHAR)";
    return `SELECT count(*) AS row_count, ${watermark} AS watermark FROM ${file(location)}`;
  },

  describeFile({ location }) {
    return `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${file(location)})`;
  },

  duplicateKeys({ location, uniqueKey }) {
    const key = uniqueKey.map(q).join(", ");
    return `SELECT count(*) AS duplicates FROM (SELECT ${key} FROM ${file(location)} GROUP BY ${key} HAVING count(*) > 1)`;
  },

  loadReplace({ target, location }) {
    return `CREATE OR REPLACE TABLE ${duckdbDialect.relation(target)} AS SELECT * FROM ${file(location)}`;
  },

  loadInsert({ target, location, columns }) {
    const list = columns.map(q).join(", ");
    return `INSERT INTO ${duckdbDialect.relation(target)} (${list}) SELECT ${list} FROM ${file(location)}`;
  },

  loadMerge({ target, location, uniqueKey, columns }) {
    const keys = new Set(uniqueKey);
    const on = uniqueKey.map((k) => `t.${q(k)} IS NOT DISTINCT FROM s.${q(k)}`).join(" AND ");
    const updates = columns.filter((c) => !keys.has(c)).map((c) => `${q(c)} = s.${q(c)}`);
    const list = columns.map(q).join(", ");
    return `MERGE INTO ${duckdbDialect.relation(target)} AS t
USING (SELECT * FROM ${file(location)}) AS s
ON ${on}
${updates.length ? `WHEN MATCHED THEN UPDATE SET ${updates.join(", ")}\n` : ""}WHEN NOT MATCHED THEN INSERT (${list}) VALUES (${columns.map((c) => `s.${q(c)}`).join(", ")})`;
  },
};
