import type { Prng } from "./prng.js";
import type { DayContext, Emitter, RecordSource } from "./source.js";
import { round, type Equipment, type Topology } from "./topology.js";

/**
 * quality_metrics CSV: lot_id, equipment_id, ts, characteristic, measured, lower_tolerance,
 * upper_tolerance, result. One lot per line every two hours, two characteristics per machine.
 */
const STEP_HOURS = 2;
const CHARACTERISTICS = [
  { name: "diameter_mm", nominal: 25, tolerance: 0.05, noise: 0.02 },
  { name: "length_mm", nominal: 120, tolerance: 0.2, noise: 0.07 },
  { name: "weight_g", nominal: 340, tolerance: 3, noise: 1.1 },
  { name: "roughness_ra", nominal: 0.8, tolerance: 0.3, noise: 0.1 },
];

export const qualityMetrics: RecordSource = {
  name: "quality_metrics",
  format: "csv",
  fields: ["lot_id", "equipment_id", "ts", "characteristic", "measured", "lower_tolerance", "upper_tolerance", "result"],
  nullable: ["measured", "result"],
  numeric: ["measured", "lower_tolerance", "upper_tolerance"],
  driftFields: [],
  recordsPerDay: (topology: Topology) => topology.equipment.length * 2 * (24 / STEP_HOURS),

  generateDay(context: DayContext, rng: Prng, emit: Emitter): void {
    const date = new Date(context.dayStart).toISOString().slice(0, 10).replace(/-/g, "");
    for (let step = 0; step < 24 / STEP_HOURS; step++) {
      const ts = context.dayStart + step * STEP_HOURS * 3_600_000 + 30 * 60_000;
      for (const line of context.topology.lines) {
        const lotId = `LOT-${line.lineId}-${date}-${String(step + 1).padStart(2, "0")}`;
        for (const equipment of context.topology.equipment) {
          if (equipment.lineId !== line.lineId) continue;
          emitMeasurements(context, rng, emit, lotId, equipment, ts);
        }
      }
    }
  },

  lateRecord(context: DayContext, rng: Prng, emit: Emitter): void {
    const equipment = rng.pick(context.topology.equipment);
    const date = new Date(context.dayStart).toISOString().slice(0, 10).replace(/-/g, "");
    const step = rng.int(0, 24 / STEP_HOURS - 1);
    const ts = context.dayStart + step * STEP_HOURS * 3_600_000 + 90 * 60_000;
    emitOne(context, rng, emit, `LOT-${equipment.lineId}-${date}-R${String(step + 1).padStart(2, "0")}`, equipment, ts, rng.pick(CHARACTERISTICS));
  },
};

function emitMeasurements(context: DayContext, rng: Prng, emit: Emitter, lotId: string, equipment: Equipment, ts: number): void {
  const first = Number(equipment.equipmentId.slice(3)) % CHARACTERISTICS.length;
  for (let k = 0; k < 2; k++) emitOne(context, rng, emit, lotId, equipment, ts, CHARACTERISTICS[(first + k) % CHARACTERISTICS.length]);
}

function emitOne(
  context: DayContext,
  rng: Prng,
  emit: Emitter,
  lotId: string,
  equipment: Equipment,
  ts: number,
  c: (typeof CHARACTERISTICS)[number],
): void {
  let measured = c.nominal + c.noise * rng.normal();
  const outOfRange = rng.chance(context.rates.outOfRange);
  if (outOfRange) measured = c.nominal * rng.int(3, 9);
  const lower = round(c.nominal - c.tolerance, 3);
  const upper = round(c.nominal + c.tolerance, 3);
  measured = round(measured, 3);
  emit.emit(
    {
      lot_id: lotId,
      equipment_id: equipment.equipmentId,
      ts: "",
      characteristic: c.name,
      measured,
      lower_tolerance: lower,
      upper_tolerance: upper,
      result: measured >= lower && measured <= upper ? "pass" : "fail",
    },
    ts,
    { outOfRange },
  );
}
