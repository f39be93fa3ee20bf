/** The canary function's configuration, read from environment variables in one place. */
import { CANARY_ENV } from "../../contracts/pii-canary";

export class ConfigError extends Error {
  public override readonly name = "ConfigError";
}

export type CanaryTask = "plant" | "check";

export interface CanaryConfig {
  /** Which job this function does. Env `PII_CANARY_TASK`. */
  readonly task: CanaryTask;
  /** Env `PII_CANARY_BUCKET`. */
  readonly canaryBucket: string;
  /** Env `PII_CANARY_EVALUATOR_NAME`: the metrics' `Evaluator` dimension. */
  readonly evaluatorName: string;
  /** Plant: inference-log bucket and prefix, endpoint and model names of the record. */
  readonly logBucket?: string;
  readonly logPrefix: string;
  readonly endpointName: string;
  readonly modelName: string;
  /** Check: minutes after planting before a payload must exist (1-120). @default 15 */
  readonly graceMinutes: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

export function loadConfig(env: Env = process.env): CanaryConfig {
  const task = required(env, CANARY_ENV.task);
  if (task !== "plant" && task !== "check") throw new ConfigError(`environment variable ${CANARY_ENV.task} must be plant or check, got "${task}"`);
  const graceRaw = env[CANARY_ENV.graceMinutes]?.trim() || "15";
  const graceMinutes = Number(graceRaw);
  if (!Number.isInteger(graceMinutes) || graceMinutes < 1 || graceMinutes > 120) {
    throw new ConfigError(`environment variable ${CANARY_ENV.graceMinutes} must be a whole number of minutes from 1 to 120, got "${graceRaw}"`);
  }
  return {
    task,
    canaryBucket: required(env, CANARY_ENV.bucket),
    evaluatorName: required(env, CANARY_ENV.evaluatorName),
    ...(task === "plant" ? { logBucket: required(env, CANARY_ENV.logBucket) } : {}),
    logPrefix: env[CANARY_ENV.logPrefix]?.trim() ?? "",
    endpointName: task === "plant" ? required(env, CANARY_ENV.endpointName) : "",
    modelName: task === "plant" ? required(env, CANARY_ENV.modelName) : "",
    graceMinutes,
  };
}
