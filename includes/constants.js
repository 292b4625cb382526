// Constants shared by the manufacturing models: canonical units and conversions, plausible ranges per
// metric (in canonical units), clock-skew tolerance, anomaly severities and health thresholds.
// Plain CommonJS: Dataform-style includes become globals (`constants.X`) in every SQLX file.

/**
 * Canonical unit per metric, and how other units (matched lower-cased and trimmed) convert to it.
 * A conversion is [add, mul, div]: canonical = (value + add) * mul / div, written so that round
 * figures stay exact (50 °F → (50 - 32) * 5 / 9 = 10 °C) and every engine does the same arithmetic.
 */
const F_TO_C = [-32, 5, 9];
const UNITS = {
  temperature: {
    canonical: "C",
    from: {
      c: [0, 1, 1], "°c": [0, 1, 1], degc: [0, 1, 1], celsius: [0, 1, 1],
      f: F_TO_C, "°f": F_TO_C, degf: F_TO_C, fahrenheit: F_TO_C,
      k: [-273.15, 1, 1], kelvin: [-273.15, 1, 1],
    },
  },
  pressure: {
    canonical: "kPa",
    from: { kpa: [0, 1, 1], bar: [0, 100, 1], mbar: [0, 1, 10], hpa: [0, 1, 10], pa: [0, 1, 1000], psi: [0, 6.894757293168, 1] },
  },
  vibration: {
    canonical: "mm/s",
    from: { "mm/s": [0, 1, 1], mms: [0, 1, 1], "in/s": [0, 25.4, 1], ips: [0, 25.4, 1] },
  },
  current: { canonical: "A", from: { a: [0, 1, 1], amp: [0, 1, 1], amps: [0, 1, 1], ma: [0, 1, 1000] } },
  voltage: { canonical: "V", from: { v: [0, 1, 1], mv: [0, 1, 1000], kv: [0, 1000, 1] } },
  humidity: { canonical: "%", from: { "%": [0, 1, 1], pct: [0, 1, 1], "%rh": [0, 1, 1], rh: [0, 1, 1] } },
  rotation_speed: { canonical: "rpm", from: { rpm: [0, 1, 1], "1/min": [0, 1, 1], hz: [0, 60, 1] } },
  flow_rate: { canonical: "l/min", from: { "l/min": [0, 1, 1], lpm: [0, 1, 1], "m3/h": [0, 1000, 60] } },
  power: { canonical: "kW", from: { kw: [0, 1, 1], w: [0, 1, 1000], mw: [0, 1000, 1] } },
};

/**
 * Physically plausible values per metric in canonical units. A reading outside is dropped by
 * cleaned_sensor_data's `value_in_range` expectation (and kept in quarantine). Metrics not listed
 * here are not range-checked (macros.metricRangeCondition).
 */
const METRIC_RANGES = {
  temperature: { min: -50, max: 400 },
  pressure: { min: 0, max: 5000 },
  vibration: { min: 0, max: 200 },
  current: { min: 0, max: 1000 },
  voltage: { min: 0, max: 1000 },
  humidity: { min: 0, max: 100 },
  rotation_speed: { min: 0, max: 30000 },
  flow_rate: { min: 0, max: 100000 },
  power: { min: 0, max: 10000 },
};

/**
 * A reading further outside its sensor's operating limits (sensors_master) than this many times
 * the width of the limits is a bad value, not an excursion: dropped by cleaned_sensor_data's
 * `value_near_sensor_limits` expectation. Readings between the limits and this margin are kept
 * (status and anomaly detection report them).
 */
const SENSOR_LIMIT_MARGIN = 1;

/** Plausible ambient values for environmental readings (temperature °C, humidity %, pressure kPa or hPa). */
const ENVIRONMENT_RANGES = {
  temperature: { min: -50, max: 70 },
  humidity: { min: 0, max: 100 },
  pressure: { min: 0, max: 2000 },
};

/** A reading may be stamped at most this many minutes after the end of the day it landed in. */
const CLOCK_SKEW_TOLERANCE_MINUTES = 15;

const SENSOR_STATUSES = ["ok", "warn", "error"];
const EQUIPMENT_EVENTS = ["start", "stop", "fault", "maintenance"];
/** The state an equipment is in after each event (until its next event). */
const EVENT_STATE = { start: "running", stop: "idle", fault: "fault", maintenance: "maintenance" };

/**
 * Anomaly severities as multiples of the z threshold (dataform.json vars.anomaly_z_threshold):
 * |z| >= threshold * multiple. Ordered from the most severe.
 */
const ANOMALY_SEVERITIES = [
  { name: "high", multiple: 2 },
  { name: "medium", multiple: 1.5 },
  { name: "low", multiple: 1 },
];
/** Fewer baseline readings than this give no z-score. */
const MIN_BASELINE_READINGS = 12;
/**
 * Nor does a baseline that covers less than this share of the baseline_hours window with data
 * (hours with readings / baseline_hours): a sensor's first hours would otherwise be scored against
 * a baseline too short to contain its normal daily swing.
 */
const MIN_BASELINE_COVERAGE = 0.5;

/** Equipment health (bi.equipment_health). */
const HEALTH = {
  availabilityCritical: 0.8,
  availabilityWarning: 0.95,
  /** Faults over the trailing days from which equipment is in warning. */
  faultsWarning: 3,
  /** Open anomalies look back this many hours from the newest scored hour. */
  openAnomalyHours: 24,
  trailingDays: 7,
};

module.exports = {
  UNITS,
  METRIC_RANGES,
  ENVIRONMENT_RANGES,
  SENSOR_LIMIT_MARGIN,
  CLOCK_SKEW_TOLERANCE_MINUTES,
  SENSOR_STATUSES,
  EQUIPMENT_EVENTS,
  EVENT_STATE,
  ANOMALY_SEVERITIES,
  MIN_BASELINE_READINGS,
  MIN_BASELINE_COVERAGE,
  HEALTH,
};
