import type { Prng } from "./prng.js";
import type { DayContext, Emitter, RecordSource } from "./source.js";
import { round, type Sensor, type Topology } from "./topology.js";

/**
 * sensor_readings NDJSON: sensor_id, equipment_id, ts, metric, value, unit, status, and from the
 * drift day on a `firmware` field for half of the equipment. Values follow a daily cycle plus
 * noise; mixed units report °F for a °C sensor or bar for a kPa one.
 */
const DAY_MS = 86_400_000;

export const sensorReadings: RecordSource = {
  name: "sensor_readings",
  format: "ndjson",
  fields: ["sensor_id", "equipment_id", "ts", "metric", "value", "unit", "status"],
  nullable: ["value", "unit", "status"],
  numeric: ["value"],
  driftFields: ["firmware"],
  recordsPerDay: (topology: Topology, interval: number) => topology.sensors.length * Math.ceil(86_400 / interval),

  generateDay(context: DayContext, rng: Prng, emit: Emitter): void {
    const slots = Math.ceil(86_400 / context.intervalSeconds);
    const sensors = context.topology.sensors;
    for (let slot = 0; slot < slots; slot++) {
      const slotStart = context.dayStart + slot * context.intervalSeconds * 1000;
      for (let i = 0; i < sensors.length; i++) {
        const sensor = sensors[i];
        emitReading(context, rng, emit, sensor, i, slotStart + sensor.phase * 1000);
      }
    }
  },

  lateRecord(context: DayContext, rng: Prng, emit: Emitter): void {
    const sensors = context.topology.sensors;
    const index = rng.int(0, sensors.length - 1);
    const sensor = sensors[index];
    const slots = Math.ceil(86_400 / context.intervalSeconds);
    const slotStart = context.dayStart + rng.int(0, slots - 1) * context.intervalSeconds * 1000;
    // Half a slot after the on-time reading: a late reading never collides with an on-time one.
    const ts = slotStart + (sensor.phase + Math.floor(context.intervalSeconds / 2)) * 1000;
    emitReading(context, rng, emit, sensor, index, ts);
  },
};

function emitReading(context: DayContext, rng: Prng, emit: Emitter, sensor: Sensor, index: number, ts: number): void {
  const { rates } = context;
  const dayFraction = (ts - context.dayStart) / DAY_MS;
  const span = sensor.upperLimit - sensor.lowerLimit;
  let value = sensor.base + (span / 8) * Math.sin(2 * Math.PI * dayFraction + index) + sensor.noise * rng.normal();
  const outOfRange = rng.chance(rates.outOfRange);
  if (outOfRange) value = rng.chance(0.5) ? sensor.upperLimit + span * rng.int(2, 10) : sensor.lowerLimit - span * rng.int(2, 10);
  const status = value > sensor.upperLimit || value < sensor.lowerLimit ? "error" : value > sensor.upperLimit - span * 0.1 || value < sensor.lowerLimit + span * 0.1 ? "warn" : "ok";
  let unit = sensor.unit;
  let mixedUnits = false;
  if ((sensor.metric === "temperature" || sensor.metric === "pressure") && rng.chance(rates.mixedUnits)) {
    mixedUnits = true;
    if (sensor.metric === "temperature") {
      value = (value * 9) / 5 + 32;
      unit = "F";
    } else {
      value = value / 100;
      unit = "bar";
    }
  }
  const record: Record<string, string | number | null> = {
    sensor_id: sensor.sensorId,
    equipment_id: sensor.equipmentId,
    ts: "",
    metric: sensor.metric,
    value: round(value, 3),
    unit,
    status,
  };
  // Schema drift: a firmware field starts to appear mid-stream, on even-numbered equipment only.
  const drift = rates.driftFromDay >= 0 && context.dayIndex >= rates.driftFromDay && Number(sensor.equipmentId.slice(3)) % 2 === 0;
  if (drift) record.firmware = `v2.${(Number(sensor.equipmentId.slice(3)) % 5) + 1}.0`;
  emit.emit(record, ts, { outOfRange, mixedUnits });
}
