import type { SqlDialect } from "../../src/engines/adapter.js";
import type { TemplateName } from "../../src/engines/template-dialect.js";

/** One representative rendering of every template, for parse checks of both production dialects. */
export function renderEveryTemplate(dialect: SqlDialect): Record<TemplateName, string[]> {
  const target = { database: "analytics", schema: "marts", name: "sensor_hourly" };
  const source = { database: "analytics", schema: "marts", name: "sensor_hourly__sluice_new" };
  const query = "SELECT sensor_id, reading_hour, AVG(value) AS avg_value FROM analytics.staging.readings GROUP BY sensor_id, reading_hour";
  return {
    createSchema: [dialect.createSchema(target)],
    createTableAs: [
      dialect.createTableAs({ target, query, orReplace: true, partitionBy: ["reading_hour"] }),
      dialect.createTableAs({ target, query, transient: true }),
    ],
    replaceTable: [
      ...dialect.replaceTable({ target, temp: source, query, exists: true, partitionBy: ["reading_hour"], clusterBy: ["sensor_id"] }),
      ...dialect.replaceTable({ target, temp: source, query, exists: false }),
    ],
    createOrReplaceView: [dialect.createOrReplaceView({ target, query })],
    insertInto: [dialect.insertInto({ target, columns: ["sensor_id", "avg_value"], query })],
    merge: [
      dialect.merge({ target, source, uniqueKey: ["sensor_id", "reading_hour"], columns: ["sensor_id", "reading_hour", "avg_value"] }),
      dialect.merge({ target, source, uniqueKey: ["sensor_id"], columns: ["sensor_id"] }),
    ],
    deleteMatching: [dialect.deleteMatching({ target, source, uniqueKey: ["sensor_id", "reading_hour"] })],
    partitionOverwrite: [
      ...dialect.partitionOverwrite({ target, source, partitionBy: ["reading_hour"], columns: ["sensor_id", "reading_hour", "avg_value"] }),
      ...dialect.partitionOverwrite({
        target,
        source,
        partitionBy: ["reading_day", "plant"],
        columns: ["reading_day", "plant", "avg_value"],
        partitionValues: [
          { reading_day: "2024-01-01", plant: 7 },
          { reading_day: "2024-01-02", plant: null },
        ],
      }),
    ],
    dropRelation: [
      dialect.dropRelation({ target, kind: "table", ifExists: true }),
      dialect.dropRelation({ target, kind: "view" }),
    ],
    renameRelation: [dialect.renameRelation({ from: source, to: target })],
    addColumn: [dialect.addColumn({ target, column: { name: "max_value", type: "DOUBLE" } })],
    dropColumn: [dialect.dropColumn({ target, column: "max_value" })],
    alterColumnType: [dialect.alterColumnType({ target, column: { name: "sensor_id", type: "BIGINT" } })],
    optimize: dialect.optimize({ target, clusterBy: ["sensor_id", "reading_hour"] }),
    grant: dialect.grant({ target, kind: "table", privileges: ["SELECT"], principals: ["analysts", "reporting"] }),
    cloneTable: [dialect.cloneTable({ source: target, target: { ...target, name: "sensor_hourly__sluice_backup" } })],
    beginTransaction: [dialect.beginTransaction()].filter(Boolean),
    commit: [dialect.commit()].filter(Boolean),
    rollback: [dialect.rollback()].filter(Boolean),
  };
}
