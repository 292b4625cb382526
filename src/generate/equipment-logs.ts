import type { Prng } from "./prng.js";
import type { DayContext, Emitter, RecordSource } from "./source.js";
import type { Equipment } from "./topology.js";

/**
 * equipment_logs CSV: equipment_id, ts, event, code, message. Each machine starts a shift,
 * may fault (and restart after a repair) or go into maintenance, and stops at shift end, so
 * run time, downtime and time between failures can be computed downstream. Messages contain
 * commas and quotes on purpose: the reader must honour CSV quoting.
 */
const HOUR = 3_600_000;
const FAULT_MESSAGES = [
  "Hydraulic pressure low, line halted",
  "Spindle overload",
  'Operator note: "belt slipping"',
  "Motor overtemperature, cooling down",
  "Emergency stop pressed",
  "Sensor signal lost",
];

export const equipmentLogs: RecordSource = {
  name: "equipment_logs",
  format: "csv",
  fields: ["equipment_id", "ts", "event", "code", "message"],
  nullable: ["code", "message"],
  numeric: [],
  driftFields: [],
  recordsPerDay: (topology) => topology.equipment.length * 4,

  generateDay(context: DayContext, rng: Prng, emit: Emitter): void {
    const events: { ts: number; equipment: Equipment; event: string; code: string; message: string }[] = [];
    for (const equipment of context.topology.equipment) {
      let t = context.dayStart + 6 * HOUR + rng.int(0, 15 * 60) * 1000;
      events.push({ ts: t, equipment, event: "start", code: "S00", message: "Shift start" });
      const end = context.dayStart + 22 * HOUR + rng.int(0, 15 * 60) * 1000;
      const faults = rng.chance(0.35) ? rng.int(1, 2) : 0;
      for (let f = 0; f < faults; f++) {
        t += rng.int(1, 6) * HOUR + rng.int(0, 3599) * 1000;
        if (t >= end - HOUR) break;
        events.push({ ts: t, equipment, event: "fault", code: `F${rng.int(100, 199)}`, message: rng.pick(FAULT_MESSAGES) });
        t += rng.int(10, 90) * 60_000;
        events.push({ ts: t, equipment, event: "start", code: "S02", message: "Restart after repair" });
      }
      if (rng.chance(0.1) && t < end - 3 * HOUR) {
        t += HOUR;
        events.push({ ts: t, equipment, event: "maintenance", code: `M${rng.int(10, 19)}`, message: "Planned maintenance, lubrication" });
        t += rng.int(30, 120) * 60_000;
        events.push({ ts: t, equipment, event: "start", code: "S03", message: "Restart after maintenance" });
      }
      events.push({ ts: end, equipment, event: "stop", code: "S01", message: "Shift end" });
    }
    events.sort((a, b) => a.ts - b.ts || a.equipment.equipmentId.localeCompare(b.equipment.equipmentId));
    for (const e of events) {
      emit.emit({ equipment_id: e.equipment.equipmentId, ts: "", event: e.event, code: e.code, message: e.message }, e.ts);
    }
  },

  lateRecord(context: DayContext, rng: Prng, emit: Emitter): void {
    const equipment = rng.pick(context.topology.equipment);
    const ts = context.dayStart + rng.int(7 * 3600, 21 * 3600) * 1000 + 500;
    emit.emit({ equipment_id: equipment.equipmentId, ts: "", event: "fault", code: `F${rng.int(100, 199)}`, message: rng.pick(FAULT_MESSAGES) }, ts);
  },
};
