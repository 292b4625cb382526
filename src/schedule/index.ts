export { Scheduler, scheduleUntilSignal, type SchedulerOptions, type SchedulerStats, type ScheduleUntilSignalOptions } from "./scheduler.js";
export { cronTicker, validateCron, type Ticker, type CronTickerOptions } from "./ticker.js";
export { fileRunLock, memoryRunLock, type RunLock } from "./lock.js";
export { airflowDag, type AirflowExportOptions } from "./export/airflow.js";
export { databricksJob, type DatabricksJob, type DatabricksJobsExportOptions } from "./export/databricks-jobs.js";
export { toQuartz } from "./export/cron.js";
