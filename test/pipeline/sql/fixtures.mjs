// Hand-made bronze rows in three ingestion batches, with the faults the generator injects:
// exact duplicates (in other files and later batches), nulls, out-of-range values, a clock-skewed
// and a future timestamp, an unknown unit, mixed units (°F, bar), late records, schema drift
// (firmware in _rescued_data) and master data that changes between daily snapshots (A → B → A).

const pad = (n) => String(n).padStart(2, "0");
const iso = (d) => d.toISOString();
const at = (s) => new Date(s + (s.endsWith("Z") ? "" : "Z"));
const day = (d) => d.toISOString().slice(0, 10);

function meta(batch, landing, source, part, line, ext) {
  const [y, m, dd] = landing.split("-");
  return {
    _rescued_data: null,
    _source_file: `${source}/year=${y}/month=${m}/day=${dd}/part-${String(part).padStart(5, "0")}.${ext}`,
    _source_line: line,
    _ingested_at: batch.ingestedAt,
    _batch_id: batch.id,
    year: Number(y),
    month: Number(m),
    day: Number(dd),
  };
}

const SENSORS = [
  { sensor_id: "S1", equipment_id: "E1", metric: "temperature", base: 50, step: 0.5, unit: "C" },
  { sensor_id: "S2", equipment_id: "E1", metric: "pressure", base: 300, step: 1, unit: "kPa" },
  { sensor_id: "S3", equipment_id: "E2", metric: "vibration", base: 2, step: 0.1, unit: "mm/s" },
];

/** Regular readings every 10 minutes over [from, to). */
function readings(batch, from, to, { firmware = false } = {}) {
  const rows = [];
  let line = 0;
  for (let t = at(from).getTime(); t < at(to).getTime(); t += 600_000) {
    const ts = new Date(t);
    const i = Math.round(t / 600_000);
    for (const s of SENSORS) {
      let value = s.base + ((i % 7) - 3) * s.step;
      let unit = s.unit;
      if (s.metric === "temperature" && i % 25 === 0) (value = (value * 9) / 5 + 32), (unit = "F");
      if (s.metric === "pressure" && i % 30 === 0) (value = value / 100), (unit = "bar");
      const row = { sensor_id: s.sensor_id, equipment_id: s.equipment_id, ts: iso(ts), metric: s.metric, value, unit, status: i % 40 === 0 ? "warn" : "ok", ...meta(batch, day(ts), "sensor_readings", 0, ++line, "ndjson") };
      if (firmware) row._rescued_data = JSON.stringify({ firmware: "2.1.0" });
      rows.push(row);
    }
  }
  return rows;
}

function reading(batch, landing, part, line, fields) {
  return { sensor_id: "S1", equipment_id: "E1", metric: "temperature", unit: "C", status: "ok", ...fields, ...meta(batch, landing, "sensor_readings", part, line, "ndjson") };
}

const copy = (row, batch, part) => ({ ...row, _ingested_at: batch.ingestedAt, _batch_id: batch.id, _source_file: row._source_file.replace(/part-\d+/, `part-${String(part).padStart(5, "0")}`) });

function log(batch, landing, line, equipment_id, ts, event, code = null) {
  return { equipment_id, ts: iso(at(ts)), event, code, message: code ? `${event} ${code}` : event, ...meta(batch, landing, "equipment_logs", 0, line, "csv") };
}
function env(batch, landing, line, ts, temperature, humidity, pressure, zone = "A") {
  return { plant: "P1", zone, ts: iso(at(ts)), temperature, humidity, pressure, ...meta(batch, landing, "environmental", 0, line, "ndjson") };
}
function quality(batch, landing, line, lot_id, equipment_id, ts, characteristic, measured, lo, hi, result) {
  return { lot_id, equipment_id, ts: iso(at(ts)), characteristic, measured, lower_tolerance: lo, upper_tolerance: hi, result, ...meta(batch, landing, "quality_metrics", 0, line, "csv") };
}
function equipment(batch, landing, line, equipment_id, plant_id, line_id, criticality, model = "X1") {
  return { equipment_id, plant_id, line_id, equipment_type: equipment_id === "E1" ? "press" : "lathe", manufacturer: "Acme", model, criticality, install_date: "2020-05-01", ...meta(batch, landing, "equipment_master", 0, line, "csv") };
}
function sensorsMaster(batch, landing) {
  return [
    { sensor_id: "S1", equipment_id: "E1", metric: "temperature", unit: "C", lower_limit: 0, upper_limit: 100 },
    { sensor_id: "S2", equipment_id: "E1", metric: "pressure", unit: "bar", lower_limit: 1, upper_limit: 5 },
    { sensor_id: "S3", equipment_id: "E2", metric: "vibration", unit: "mm/s", lower_limit: 0, upper_limit: 10 },
  ].map((r, i) => ({ ...r, ...meta(batch, landing, "sensors_master", 0, i + 1, "csv") }));
}
function plantsMaster(batch, landing) {
  return [
    { plant_id: "P1", plant_name: "Plant One", country: "DE", timezone: "Europe/Berlin", line_id: "L1", line_name: "Line One" },
    { plant_id: "P1", plant_name: "Plant One", country: "DE", timezone: "Europe/Berlin", line_id: "L2", line_name: "Line Two" },
    { plant_id: "P2", plant_name: "Plant Two", country: "US", timezone: "America/Chicago", line_id: "L3", line_name: "Line Three" },
  ].map((r, i) => ({ ...r, ...meta(batch, landing, "plants_master", 0, i + 1, "csv") }));
}

export function batches() {
  const b1 = { id: "b1", ingestedAt: "2024-01-03 00:00:00" };
  const b2 = { id: "b2", ingestedAt: "2024-01-04 00:00:00" };
  const b3 = { id: "b3", ingestedAt: "2024-01-05 00:00:00" };

  const r1 = [...readings(b1, "2024-01-01T00:00:00", "2024-01-02T00:00:00"), ...readings(b1, "2024-01-02T00:00:00", "2024-01-03T00:00:00", { firmware: true })];
  const sensor1 = [
    ...r1,
    reading(b1, "2024-01-02", 1, 1, { ts: "2024-01-02T12:05:00.000Z", value: 75 }), // spike → anomaly
    reading(b1, "2024-01-01", 1, 2, { ts: "2024-01-01T03:03:00.000Z", value: null }), // null value → drop
    reading(b1, "2024-01-01", 1, 3, { sensor_id: null, ts: "2024-01-01T03:04:00.000Z", value: 50 }), // null key → drop
    reading(b1, "2024-01-01", 1, 4, { sensor_id: "S2", metric: "pressure", unit: "kPa", ts: "2024-01-01T03:05:00.000Z", value: 99999 }), // out of range → drop
    reading(b1, "2024-01-01", 1, 5, { ts: "2024-01-02T01:01:00.000Z", value: 50 }), // 61 min after its landing day ended → drop
    reading(b1, "2024-01-01", 1, 6, { ts: "2024-01-02T00:05:00.000Z", value: 50.5 }), // 5 min skew → kept
    reading(b1, "2024-01-01", 1, 7, { ts: "2024-01-01T04:01:00.000Z", value: 50, unit: "furlongs" }), // unknown unit → drop
    reading(b1, "2024-01-01", 1, 8, { ts: "2024-01-01T04:02:00+01:00", value: 51, status: null }), // offset ts (03:02Z), null status → warn
    reading(b1, "2024-01-01", 1, 9, { ts: "2024-01-01T04:03:00.000Z", value: 250, status: "error" }), // plausible for a metric, but 1.5 limit-widths above the sensor's limits → drop
    ...r1.slice(0, 5).map((r) => copy(r, b1, 2)), // exact duplicates in another file
  ];
  const sensor2 = [
    ...readings(b2, "2024-01-03T00:00:00", "2024-01-04T00:00:00", { firmware: true }),
    reading(b2, "2024-01-03", 1, 1, { ts: "2024-01-01T05:05:00.000Z", value: 51 }), // late, new key
    reading(b2, "2024-01-03", 1, 2, { ts: "2024-01-02T12:06:00.000Z", value: 52 }), // late, in the spike hour
    ...r1.slice(0, 6).map((r) => copy(r, b2, 3)), // duplicates of batch 1 in a later batch
  ];
  const r3 = readings(b3, "2024-01-04T00:00:00", "2024-01-04T06:00:00", { firmware: true });
  const sensor3 = [
    ...r3,
    reading(b3, "2024-01-04", 1, 1, { ts: "2024-01-02T12:15:00.000Z", value: 49 }), // late
    reading(b3, "2024-01-04", 1, 2, { ts: "2024-01-03T23:58:00.000Z", value: 90 }), // late spike
    ...sensor2.slice(0, 3).map((r) => copy(r, b3, 4)),
  ];

  const logs1 = [
    log(b1, "2024-01-01", 1, "E1", "2024-01-01T06:00:00", "start"),
    log(b1, "2024-01-01", 2, "E1", "2024-01-01T10:00:00", "fault", "F12"),
    log(b1, "2024-01-01", 3, "E1", "2024-01-01T11:00:00", "maintenance", "M1"),
    log(b1, "2024-01-01", 4, "E1", "2024-01-01T12:00:00", "start"),
    log(b1, "2024-01-01", 5, "E1", "2024-01-01T22:00:00", "stop"),
    log(b1, "2024-01-01", 6, "E2", "2024-01-01T00:00:00", "start"),
    log(b1, "2024-01-01", 7, "E1", "2024-01-01T10:00:00", "fault", "F12"), // duplicate
    log(b1, "2024-01-01", 8, "E1", "2024-01-01T13:00:00", null), // null event → drop
    log(b1, "2024-01-01", 9, "E1", "2024-01-01T13:30:00", "explode"), // unknown event → drop
    log(b1, "2024-01-02", 1, "E1", "2024-01-02T06:00:00", "start"),
    log(b1, "2024-01-02", 2, "E1", "2024-01-02T14:00:00", "fault", "F07"),
    log(b1, "2024-01-02", 3, "E1", "2024-01-02T15:00:00", "start"),
    log(b1, "2024-01-02", 4, "E1", "2024-01-02T23:00:00", "stop"),
    log(b1, "2024-01-02", 5, "E2", "2024-01-02T12:00:00", "stop"),
    log(b1, "2024-01-02", 6, "E2", "2024-01-02T13:00:00", "start"),
  ];
  const logs2 = [
    log(b2, "2024-01-03", 1, "E1", "2024-01-03T06:00:00", "start"),
    log(b2, "2024-01-03", 2, "E1", "2024-01-03T09:30:00", "fault", "F12"),
    log(b2, "2024-01-03", 3, "E1", "2024-01-03T10:00:00", "start"),
    log(b2, "2024-01-03", 4, "E2", "2024-01-01T08:00:00", "fault", "F33"), // late
    log(b2, "2024-01-03", 5, "E2", "2024-01-01T09:00:00", "start"), // late
    copy(logs1[0], b2, 1),
  ];
  const logs3 = [log(b3, "2024-01-04", 1, "E1", "2024-01-04T01:00:00", "stop"), log(b3, "2024-01-04", 2, "E2", "2024-01-04T02:00:00", "fault", null)];

  const envRows = (batch, d, from, to) => {
    const rows = [];
    for (let h = from; h < to; h++) rows.push(env(batch, d, rows.length + 1, `${d}T${pad(h)}:00:00`, 20 + (h % 5), 40 + h, 101.3));
    return rows;
  };
  const env1 = [...envRows(b1, "2024-01-01", 0, 24), ...envRows(b1, "2024-01-02", 0, 24), env(b1, "2024-01-02", 99, "2024-01-02T12:30:00", 21, 140, 101.3), env(b1, "2024-01-02", 98, "2024-01-02T12:00:00", 22, 52, 101.3)];
  const env2 = [...envRows(b2, "2024-01-03", 0, 24), env(b2, "2024-01-03", 99, "2024-01-01T05:00:00", 25, 45, 101.3)];
  const env3 = [...envRows(b3, "2024-01-04", 0, 6)];

  const q1 = [
    quality(b1, "2024-01-01", 1, "L001", "E1", "2024-01-01T09:00:00", "diameter", 10.01, 9.95, 10.05, "pass"),
    quality(b1, "2024-01-01", 2, "L001", "E1", "2024-01-01T09:00:00", "weight", 5.2, 4.9, 5.1, "fail"),
    quality(b1, "2024-01-01", 3, "L002", "E2", "2024-01-01T15:00:00", "diameter", 10.0, 9.95, 10.05, "pass"),
    quality(b1, "2024-01-01", 4, "L002", "E2", "2024-01-01T15:00:00", "weight", 5.0, 4.9, 5.1, "fail"), // reported fail, within tolerance → mismatch warn
    quality(b1, "2024-01-02", 1, "L003", "E1", "2024-01-02T09:00:00", "diameter", 10.0, 9.95, 10.05, "pass"),
    quality(b1, "2024-01-02", 2, "L003", "E1", "2024-01-02T09:00:00", "weight", null, 4.9, 5.1, "pass"), // null measured → drop
    quality(b1, "2024-01-02", 3, "L004", "E9", "2024-01-02T10:00:00", "diameter", 10.2, 9.95, 10.05, "fail"), // unknown equipment
    quality(b1, "2024-01-02", 4, "L003", "E1", "2024-01-02T09:00:00", "diameter", 10.0, 9.95, 10.05, "pass"), // duplicate
  ];
  const q2 = [
    quality(b2, "2024-01-03", 1, "L005", "E2", "2024-01-03T11:00:00", "diameter", 9.9, 9.95, 10.05, "fail"),
    quality(b2, "2024-01-03", 2, "L006", "E1", "2024-01-01T16:00:00", "diameter", 10.0, 9.95, 10.05, "pass"), // late
  ];
  const q3 = [quality(b3, "2024-01-04", 1, "L007", "E1", "2024-01-04T03:00:00", "diameter", 10.0, 9.95, 10.05, "pass")];

  const eq = (batch, d, e1Crit, e2Line) => [equipment(batch, d, 1, "E1", "P1", "L1", e1Crit), equipment(batch, d, 2, "E2", "P1", e2Line, "low", "L200")];

  return [
    {
      batch: b1,
      rows: {
        sensor_data: sensor1,
        equipment_logs: logs1,
        environmental_data: env1,
        quality_metrics: q1,
        equipment_master: [...eq(b1, "2024-01-01", "high", "L2"), ...eq(b1, "2024-01-02", "medium", "L2")],
        sensors_master: [...sensorsMaster(b1, "2024-01-01"), ...sensorsMaster(b1, "2024-01-02")],
        plants_master: [...plantsMaster(b1, "2024-01-01"), ...plantsMaster(b1, "2024-01-02")],
      },
    },
    {
      batch: b2,
      rows: {
        sensor_data: sensor2,
        equipment_logs: logs2,
        environmental_data: env2,
        quality_metrics: q2,
        equipment_master: eq(b2, "2024-01-03", "medium", "L1"),
        sensors_master: sensorsMaster(b2, "2024-01-03"),
        plants_master: plantsMaster(b2, "2024-01-03"),
      },
    },
    {
      batch: b3,
      rows: {
        sensor_data: sensor3,
        equipment_logs: logs3,
        environmental_data: env3,
        quality_metrics: q3,
        equipment_master: eq(b3, "2024-01-04", "high", "L1"),
        sensors_master: sensorsMaster(b3, "2024-01-04"),
        plants_master: plantsMaster(b3, "2024-01-04"),
      },
    },
  ];
}
