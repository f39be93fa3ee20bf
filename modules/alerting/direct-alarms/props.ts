/**
 * What the direct alarms are made of: the props of `DirectAlarms` (and, by extension, of
 * `Alerting`), their defaults, and the props resolved and checked once for the family builders.
 */
import type { CalibrationThresholds } from "../../../contracts/calibration-record";
import { DEFAULT_TTFT_THRESHOLD_MS } from "../slo/default-slos";
import type { Severity } from "../slo/slo";
import type { DirectAlarmFamilies } from "./families";
import type { DirectAlarmKind } from "./kinds";
import type { PiiGuardAlarmProps } from "./pii-guard-alarms";

/** Default judge budget per day, USD. */
export const DEFAULT_JUDGE_DAILY_BUDGET_USD = 20;

/** What the calibration alarms watch: the judge pair scoring production and the floors it must meet. */
export interface JudgeCalibrationAlarmProps {
  /** `judgePairId` of the current judge (the evaluation layer's `judgePair`). */
  readonly judgePair: string;
  /** Floors and ceilings, the ones the calibration function applies. @default DEFAULT_CALIBRATION_THRESHOLDS */
  readonly thresholds?: CalibrationThresholds;
}

/**
 * What the direct alarms are about and where they lead, as a caller of `DirectAlarms` or of
 * `Alerting` gives it (`AlertingProps` extends this, as aws-cdk-lib's `FunctionProps` extends
 * `FunctionOptions`).
 */
export interface DirectAlarmOptions {
  /** Base URL of the `runbooks/` folder; each alarm links `<base>/<family>.md`. */
  readonly runbookBaseUrl: string;
  /** `ModelName` dimension value of the gateway and quality metrics. */
  readonly modelName: string;
  /** SageMaker endpoint name (`EndpointName` dimension). */
  readonly endpointName: string;
  /** `InstanceType` dimension value of the gateway metrics, e.g. `ml.g5.12xlarge`. */
  readonly instanceType: string;
  /**
   * Production variant (`VariantName` dimension of SageMaker metrics).
   * @default "AllTraffic"
   */
  readonly variantName?: string;
  /**
   * GPUs (or Neuron devices) per instance. SageMaker reports GPUMemoryUtilization summed over GPUs
   * (0-100 x GPUs), so the threshold is multiplied by this.
   * @default 1 (Alerting: from the instance type, ACCELERATORS_PER_INSTANCE_TYPE)
   */
  readonly gpuCount?: number;
  /** Dead-letter queues (evaluator, publisher) that must stay empty. @default [] */
  readonly deadLetterQueueNames?: readonly string[];
  /** Lambda functions whose errors and throttles to watch. @default [] */
  readonly functionNames?: readonly string[];
  /** Firehose stream of the inference logs. @default - no Firehose alarms */
  readonly deliveryStreamName?: string;
  /** The evaluator whose last check and PII canary to watch. @default - no privacy alarms */
  readonly piiGuard?: PiiGuardAlarmProps;
  /** Judge (Bedrock) spend per rolling day, US dollars, above which a ticket is raised. @default DEFAULT_JUDGE_DAILY_BUDGET_USD (20) */
  readonly judgeDailyBudgetUsd?: number;
  /** Severity per alarm kind, over `DEFAULT_DIRECT_ALARM_SEVERITY`. @default {} */
  readonly severityOverrides?: Partial<Record<DirectAlarmKind, Severity>>;
  /** Tags on every alarm. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The thresholds of the direct alarms; each has a default (`DIRECT_ALARM_THRESHOLD_DEFAULTS`). */
export interface DirectAlarmThresholds {
  /** Per-GPU memory utilisation, percent, above which to alarm. @default 85 */
  readonly gpuMemoryThresholdPercent?: number;
  /** ModelLatency P99 / P50 above which requests are contending for the GPU. @default 5 */
  readonly contentionRatioThreshold?: number;
  /** TTFT P95 threshold, milliseconds. @default DEFAULT_TTFT_THRESHOLD_MS (1500, the TTFT SLO's) */
  readonly ttftP95ThresholdMs?: number;
  /** Width of the anomaly band of the largest prompt per period, in standard deviations. @default 3 */
  readonly promptTokensAnomalyStdDevs?: number;
  /** Cache hit rate, percent, below which prefix caching is not paying off. @default 40 */
  readonly cacheHitRateMinPercent?: number;
  /**
   * Age, seconds, of the oldest undelivered inference log above which delivery is stuck
   * (twice Firehose's longest buffering interval of 900 s).
   * @default 1800
   */
  readonly firehoseFreshnessThresholdSeconds?: number;
}

/** The thresholds a caller leaves out. */
export const DIRECT_ALARM_THRESHOLD_DEFAULTS: Readonly<Required<DirectAlarmThresholds>> = {
  gpuMemoryThresholdPercent: 85,
  contentionRatioThreshold: 5,
  ttftP95ThresholdMs: DEFAULT_TTFT_THRESHOLD_MS,
  promptTokensAnomalyStdDevs: 3,
  cacheHitRateMinPercent: 40,
  firehoseFreshnessThresholdSeconds: 1800,
};

export interface DirectAlarmsProps extends DirectAlarmOptions, DirectAlarmThresholds {
  /** Leading part of every alarm name, e.g. `llmobs-retail-banking-prod`. */
  readonly namePrefix: string;
  /** SNS topic ARN for page-severity alarms. */
  readonly pageTopicArn: string;
  /** SNS topic ARN for ticket-severity alarms. */
  readonly ticketTopicArn: string;
  /** The judge pair whose calibration runs to watch. @default - no calibration alarms */
  readonly judgeCalibration?: JudgeCalibrationAlarmProps;
  /** Which families of alarms to create. @default - every family but `cacheHitRate` (DIRECT_ALARM_FAMILY_DEFAULTS) */
  readonly families?: DirectAlarmFamilies;
}

/** What the alarms are made of: the props without names and topics. */
export type DirectAlarmSpecsInput = Omit<DirectAlarmsProps, "runbookBaseUrl" | "pageTopicArn" | "ticketTopicArn" | "namePrefix">;

/** The props with every default applied: what the family builders read. */
export type ResolvedDirectAlarmInput = DirectAlarmSpecsInput &
  Required<DirectAlarmThresholds> &
  Required<Pick<DirectAlarmOptions, "variantName" | "gpuCount" | "judgeDailyBudgetUsd" | "deadLetterQueueNames" | "functionNames">>;

/** Applies the defaults and throws on props no alarm can be built from. */
export function resolveDirectAlarmInput(props: DirectAlarmSpecsInput): ResolvedDirectAlarmInput {
  const resolved: ResolvedDirectAlarmInput = {
    ...props,
    // Each threshold left out (or given as undefined) takes its default.
    ...DIRECT_ALARM_THRESHOLD_DEFAULTS,
    ...givenThresholds(props),
    variantName: props.variantName ?? "AllTraffic",
    gpuCount: props.gpuCount ?? 1,
    judgeDailyBudgetUsd: props.judgeDailyBudgetUsd ?? DEFAULT_JUDGE_DAILY_BUDGET_USD,
    deadLetterQueueNames: props.deadLetterQueueNames ?? [],
    functionNames: props.functionNames ?? [],
  };
  validateResolvedInput(resolved);
  return resolved;
}

function validateResolvedInput(input: ResolvedDirectAlarmInput): void {
  const { gpuCount, gpuMemoryThresholdPercent: gpu, cacheHitRateMinPercent: cache } = input;
  if (!Number.isInteger(gpuCount) || gpuCount < 1) throw new Error(`gpuCount must be a whole number of at least 1, got ${gpuCount}`);
  if (!(gpu > 0 && gpu <= 100)) throw new Error(`gpuMemoryThresholdPercent must be in (0, 100], got ${gpu}`);
  if (!(cache > 0 && cache <= 100)) throw new Error(`cacheHitRateMinPercent must be in (0, 100], got ${cache}`);
  if (!(input.judgeDailyBudgetUsd > 0)) throw new Error(`judgeDailyBudgetUsd must be positive, got ${input.judgeDailyBudgetUsd}`);
  if (!(input.contentionRatioThreshold > 1)) throw new Error(`contentionRatioThreshold must be above 1, got ${input.contentionRatioThreshold}`);
  for (const name of ["ttftP95ThresholdMs", "promptTokensAnomalyStdDevs", "firehoseFreshnessThresholdSeconds"] as const) {
    if (!(input[name] > 0)) throw new Error(`${name} must be positive, got ${input[name]}`);
  }
  for (const [what, names] of [
    ["deadLetterQueueNames", input.deadLetterQueueNames],
    ["functionNames", input.functionNames],
  ] as const) {
    if (new Set(names).size !== names.length) throw new Error(`${what} lists a name twice: ${names.join(", ")}`);
  }
}

/** The thresholds `props` sets, and no others: what a wrapping construct passes on. */
export function givenThresholds(props: DirectAlarmThresholds): DirectAlarmThresholds {
  const names = Object.keys(DIRECT_ALARM_THRESHOLD_DEFAULTS) as (keyof DirectAlarmThresholds)[];
  return Object.fromEntries(names.filter((name) => props[name] !== undefined).map((name) => [name, props[name]]));
}
