import type { Prng } from "./prng.js";
import type { DayContext, Emitter, RecordSource } from "./source.js";
import { round, type Plant } from "./topology.js";

/** environmental NDJSON: plant, zone, ts, temperature (°C), humidity (%), pressure (hPa), every 15 minutes per plant zone. */
const STEP_SECONDS = 900;

export const environmental: RecordSource = {
  name: "environmental",
  format: "ndjson",
  fields: ["plant", "zone", "ts", "temperature", "humidity", "pressure"],
  nullable: ["temperature", "humidity", "pressure"],
  numeric: ["temperature", "humidity", "pressure"],
  driftFields: [],
  recordsPerDay: (topology) => topology.plants.reduce((n, p) => n + p.zones.length, 0) * (86_400 / STEP_SECONDS),

  generateDay(context: DayContext, rng: Prng, emit: Emitter): void {
    for (let step = 0; step < 86_400 / STEP_SECONDS; step++) {
      const ts = context.dayStart + step * STEP_SECONDS * 1000;
      for (const plant of context.topology.plants) {
        for (const zone of plant.zones) emitReading(context, rng, emit, plant, zone, ts);
      }
    }
  },

  lateRecord(context: DayContext, rng: Prng, emit: Emitter): void {
    const plant = rng.pick(context.topology.plants);
    const ts = context.dayStart + rng.int(0, 86_400 / STEP_SECONDS - 1) * STEP_SECONDS * 1000 + 450_000;
    emitReading(context, rng, emit, plant, rng.pick(plant.zones), ts);
  },
};

function emitReading(context: DayContext, rng: Prng, emit: Emitter, plant: Plant, zone: string, ts: number): void {
  const hour = ((ts - context.dayStart) / 3_600_000) % 24;
  let temperature = 21 + 3 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + 0.4 * rng.normal();
  const humidity = 45 + 8 * Math.cos((hour / 24) * 2 * Math.PI) + 1.5 * rng.normal();
  const outOfRange = rng.chance(context.rates.outOfRange);
  if (outOfRange) temperature = rng.chance(0.5) ? 185 : -60;
  emit.emit(
    {
      plant: plant.plantId,
      zone,
      ts: "",
      temperature: round(temperature, 2),
      humidity: round(Math.min(100, Math.max(0, humidity)), 2),
      pressure: round(1013 + 4 * rng.normal(), 1),
    },
    ts,
    { outOfRange },
  );
}
