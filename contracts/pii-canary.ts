/**
 * The PII canary: what its planting function, the evaluator and its checker agree on. A canary is
 * an inference-log record marked by its `canary` field (never recognised by its values); the
 * evaluator judges it like any other record and, for canaries only, writes the exact message it
 * sent to the judge under `payloads/` of the canary bucket; the checker compares that message with
 * the values planted (kept under `planted/`, which the evaluator cannot read).
 */
import type { NumberVariable } from "./environment-variable";

/** The mark a canary record carries (`InferenceLogRecord.canary`). */
export interface CanaryMark {
  /** Time-sortable id of the run that planted it, e.g. `20260601T120000Z-9f2c4a1b`. */
  readonly runId: string;
}

/** A run id: UTC time of planting (sortable) and 8 random hex digits. */
export const CANARY_RUN_ID = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

/** The score item's stratum for a canary: never one of the sampling strata, so no quality series reads it. */
export const CANARY_STRATUM = "canary";

/** `use_case` and `request_type` of canary records. */
export const CANARY_USE_CASE = "pii-canary";
export const CANARY_REQUEST_TYPE = "pii_canary";

/** Key prefixes in the canary bucket. */
export const CANARY_PREFIXES = {
  /** The values each run planted (written by the planting function, read by the checker only). */
  planted: "planted/",
  /** The message the evaluator sent to the judge for a canary (written by the evaluator only). */
  payloads: "payloads/",
  /** The checker's verdict per run (counts and kinds, never values). */
  results: "results/",
} as const;

/** Where a run's object of one kind lives. */
export function canaryKey(kind: keyof typeof CANARY_PREFIXES, runId: string): string {
  return `${CANARY_PREFIXES[kind]}${runId}.json`;
}

/** What the evaluator writes under `payloads/` for a canary record. */
export interface CanaryPayload {
  readonly runId: string;
  readonly eventId: string;
  /** ISO-8601 time the payload was sent. */
  readonly sentAt: string;
  /** The judge's user message, exactly as sent (masked request and answer inside their fences). */
  readonly judgeMessage: string;
}

/** Environment variables the canary's functions and the evaluator read (set by the evaluation layer). */
export const CANARY_ENV = {
  /** Canary bucket name (evaluator: where payloads go; plant and check functions). */
  bucket: "PII_CANARY_BUCKET",
  /** `plant` or `check`: which of the two jobs a canary function does. */
  task: "PII_CANARY_TASK",
  /** Bucket and prefix of the inference logs the plant function writes the record to. */
  logBucket: "PII_CANARY_LOG_BUCKET",
  logPrefix: "PII_CANARY_LOG_PREFIX",
  /** Endpoint and model names the canary record carries (the evaluated endpoint's). */
  endpointName: "PII_CANARY_ENDPOINT_NAME",
  modelName: "PII_CANARY_MODEL_NAME",
  /** The evaluator's function name: the `Evaluator` dimension of the canary metrics. */
  evaluatorName: "PII_CANARY_EVALUATOR_NAME",
  /** Minutes after planting before a run's payload must be there. */
  graceMinutes: "PII_CANARY_GRACE_MINUTES",
} as const;

/** The two jobs of the canary functions (`CANARY_ENV.task`; the schedules' `{"task": ...}` input too). */
export const CANARY_TASKS = ["plant", "check"] as const;
export type CanaryTask = (typeof CANARY_TASKS)[number];

/** Minutes after planting before a run's payload must be there: the check function's `CANARY_ENV.graceMinutes`. */
export const CANARY_GRACE_MINUTES = {
  name: CANARY_ENV.graceMinutes,
  default: 15,
  min: 1,
  max: 120,
  integer: true,
} as const satisfies NumberVariable;

/**
 * Minutes between canary runs and between checks: the schedules' rate and the canary alarms'
 * period, not a variable; two periods fit in one day of alarm evaluation. The grace stays below it.
 */
export const CANARY_INTERVAL_MINUTES = { default: 60, min: 10, max: 720, integer: true } as const;

/** The canary functions' Powertools service name. */
export const PII_CANARY_SERVICE_NAME = "llm-pii-canary";
