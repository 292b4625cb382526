import { Prng } from "./prng.js";
import { csvField, csvHeader, type FieldValue } from "./source.js";
import type { Equipment, Topology } from "./topology.js";
import { PartitionWriter, type WrittenFile } from "./writer.js";

/**
 * Reference data for the dimensions, landed as one CSV snapshot per landing day. Equipment
 * attributes drift over the days (criticality reviews, model retrofits, a machine moved to
 * another line) so an SCD type 2 dimension has versions to keep. The state of day N is
 * replayed from day 0, so an --append run sees the same history.
 */
export const MASTER_SOURCES = {
  equipment_master: ["equipment_id", "plant_id", "line_id", "equipment_type", "manufacturer", "model", "criticality", "install_date"],
  sensors_master: ["sensor_id", "equipment_id", "metric", "unit", "lower_limit", "upper_limit"],
  plants_master: ["plant_id", "plant_name", "country", "timezone", "line_id", "line_name"],
} as const;
export type MasterSource = keyof typeof MASTER_SOURCES;

export function equipmentOnDay(seed: string, topology: Topology, dayIndex: number): Equipment[] {
  const state = topology.equipment.map((e) => ({ ...e }));
  for (let day = 1; day <= dayIndex; day++) {
    const rng = Prng.derive(seed, "equipment_master", day);
    for (const e of state) {
      const roll = rng.next();
      if (roll < 0.08) e.criticality = e.criticality === "A" ? "B" : e.criticality === "B" ? rng.pick(["A", "C"]) : "B";
      else if (roll < 0.12) e.model = /-R\d+$/.test(e.model) ? e.model.replace(/-R(\d+)$/, (_m, n: string) => `-R${Number(n) + 1}`) : `${e.model}-R1`;
      else if (roll < 0.13) {
        const lines = topology.lines.filter((l) => l.plantId === e.plantId && l.lineId !== e.lineId);
        if (lines.length) e.lineId = rng.pick(lines).lineId;
      }
    }
  }
  return state;
}

function masterRows(source: MasterSource, seed: string, topology: Topology, dayIndex: number): FieldValue[][] {
  switch (source) {
    case "equipment_master":
      return equipmentOnDay(seed, topology, dayIndex).map((e) => [e.equipmentId, e.plantId, e.lineId, e.type, e.manufacturer, e.model, e.criticality, e.installDate]);
    case "sensors_master":
      return topology.sensors.map((s) => [s.sensorId, s.equipmentId, s.metric, s.unit, s.lowerLimit, s.upperLimit]);
    case "plants_master": {
      const plants = new Map(topology.plants.map((p) => [p.plantId, p]));
      return topology.lines.map((l) => {
        const p = plants.get(l.plantId)!;
        return [p.plantId, p.name, p.country, p.timezone, l.lineId, l.name];
      });
    }
  }
}

export function writeMasterSnapshot(rawZone: string, partition: string, source: MasterSource, seed: string, topology: Topology, dayIndex: number): WrittenFile[] {
  const writer = new PartitionWriter(rawZone, partition, "csv", Number.MAX_SAFE_INTEGER, csvHeader([...MASTER_SOURCES[source]]));
  for (const row of masterRows(source, seed, topology, dayIndex)) writer.write(row.map(csvField).join(","));
  writer.close();
  return writer.files;
}
