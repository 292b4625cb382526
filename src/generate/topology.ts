import { Prng } from "./prng.js";

/**
 * The simulated factory: plants → lines → equipment → sensors. Built from the seed alone, so
 * every day (and every --append run) sees the same factory.
 */
export interface Plant {
  plantId: string;
  name: string;
  country: string;
  timezone: string;
  zones: string[];
}

export interface Line {
  lineId: string;
  plantId: string;
  name: string;
}

export interface Equipment {
  equipmentId: string;
  plantId: string;
  lineId: string;
  type: string;
  manufacturer: string;
  model: string;
  criticality: string;
  installDate: string;
}

export interface Sensor {
  sensorId: string;
  equipmentId: string;
  metric: Metric;
  /** Canonical unit; mixed-unit faults report another one. */
  unit: string;
  lowerLimit: number;
  upperLimit: number;
  /** Typical value and noise, for the generator only. */
  base: number;
  noise: number;
  /** Seconds after each slot boundary this sensor reports at (spreads readings over the slot). */
  phase: number;
}

export type Metric = "temperature" | "vibration" | "pressure" | "current" | "rotation_speed" | "flow_rate";

export interface Topology {
  plants: Plant[];
  lines: Line[];
  equipment: Equipment[];
  sensors: Sensor[];
}

const SITES = [
  { name: "Lyon", country: "FR", timezone: "Europe/Paris" },
  { name: "Monterrey", country: "MX", timezone: "America/Monterrey" },
  { name: "Pune", country: "IN", timezone: "Asia/Kolkata" },
  { name: "Stuttgart", country: "DE", timezone: "Europe/Berlin" },
  { name: "Ohio", country: "US", timezone: "America/New_York" },
  { name: "Suzhou", country: "CN", timezone: "Asia/Shanghai" },
];
const EQUIPMENT_TYPES = ["press", "cnc_mill", "conveyor", "pump", "compressor", "oven"] as const;
const MANUFACTURERS = ["Siemens", "Fanuc", "ABB", "Bosch Rexroth", "Haas", "Atlas Copco"];
const METRIC_PROFILES: Record<Metric, { unit: string; base: [number, number]; noise: number; span: number }> = {
  temperature: { unit: "C", base: [40, 85], noise: 1.5, span: 25 },
  vibration: { unit: "mm/s", base: [1, 6], noise: 0.4, span: 5 },
  pressure: { unit: "kPa", base: [300, 700], noise: 8, span: 150 },
  current: { unit: "A", base: [10, 60], noise: 1.2, span: 20 },
  rotation_speed: { unit: "rpm", base: [900, 3000], noise: 25, span: 600 },
  flow_rate: { unit: "l/min", base: [20, 120], noise: 2, span: 40 },
};
const BASE_METRICS: Metric[] = ["temperature", "vibration", "pressure", "current"];
const EXTRA_METRIC: Record<(typeof EQUIPMENT_TYPES)[number], Metric | undefined> = {
  press: undefined,
  cnc_mill: "rotation_speed",
  conveyor: "rotation_speed",
  pump: "flow_rate",
  compressor: "flow_rate",
  oven: undefined,
};

export const LINES_PER_PLANT = 2;
export const EQUIPMENT_PER_LINE = 3;

export function buildTopology(seed: string, plantCount: number, intervalSeconds: number): Topology {
  const rng = Prng.derive(seed, "topology");
  const plants: Plant[] = [];
  const lines: Line[] = [];
  const equipment: Equipment[] = [];
  const sensors: Sensor[] = [];
  for (let p = 0; p < plantCount; p++) {
    const site = SITES[p % SITES.length];
    const plantId = `P${String(p + 1).padStart(3, "0")}`;
    const suffix = p >= SITES.length ? ` ${Math.floor(p / SITES.length) + 1}` : "";
    plants.push({ plantId, name: `${site.name}${suffix}`, country: site.country, timezone: site.timezone, zones: ["assembly", "storage", "packaging"] });
    for (let l = 0; l < LINES_PER_PLANT; l++) {
      const lineId = `${plantId}-L${l + 1}`;
      lines.push({ lineId, plantId, name: `${site.name}${suffix} line ${l + 1}` });
      for (let e = 0; e < EQUIPMENT_PER_LINE; e++) {
        const equipmentId = `EQ-${String(equipment.length + 1).padStart(4, "0")}`;
        const type = rng.pick(EQUIPMENT_TYPES);
        const manufacturer = rng.pick(MANUFACTURERS);
        const installYear = rng.int(2012, 2022);
        equipment.push({
          equipmentId,
          plantId,
          lineId,
          type,
          manufacturer,
          model: `${manufacturer.slice(0, 2).toUpperCase()}-${rng.int(100, 999)}`,
          criticality: rng.pick(["A", "B", "C"]),
          installDate: `${installYear}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`,
        });
        const extra = EXTRA_METRIC[type];
        for (const metric of extra ? [...BASE_METRICS, extra] : BASE_METRICS) {
          const profile = METRIC_PROFILES[metric];
          const base = round(profile.base[0] + rng.next() * (profile.base[1] - profile.base[0]), 2);
          sensors.push({
            sensorId: `S-${String(sensors.length + 1).padStart(6, "0")}`,
            equipmentId,
            metric,
            unit: profile.unit,
            lowerLimit: round(Math.max(0, base - profile.span), 2),
            upperLimit: round(base + profile.span, 2),
            base,
            noise: profile.noise,
            phase: (sensors.length * 7) % Math.max(1, Math.floor(intervalSeconds / 2)),
          });
        }
      }
    }
  }
  return { plants, lines, equipment, sensors };
}

export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
