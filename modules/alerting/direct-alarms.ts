import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
  type CloudwatchMetricAlarmMetricQuery,
} from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { DEFAULT_CALIBRATION_THRESHOLDS, ORDINAL_DIMENSIONS, type CalibrationThresholds } from "../../contracts/calibration-record";
import {
  AWS_SERVICE_DIMENSIONS,
  CALIBRATION_METRICS,
  DIMENSIONS,
  FIREHOSE_METRICS,
  GATEWAY_METRICS,
  LAMBDA_METRICS,
  QUALITY_METRICS,
  SAGEMAKER_INSTANCE_METRICS,
  SAGEMAKER_INVOCATION_METRICS,
  SQS_METRICS,
  type MetricDefinition,
} from "../../contracts/metric-catalogue";
import { piiGuardAlarmSpecs, type PiiGuardAlarmKind, type PiiGuardAlarmProps } from "./pii-guard-alarms";
import { alarmDescription, runbookUrl, validateRunbookBaseUrl, type RunbookFamily } from "./runbooks";
import type { Severity } from "./slo/slo";

/** The kinds of direct (threshold) alarm this construct creates. */
export type DirectAlarmKind =
  | "gpuMemory"
  | "latencyContention"
  | "ttftP95"
  | "promptTokensAnomaly"
  | "cacheHitRate"
  | "deadLetterQueue"
  | "lambdaErrors"
  | "lambdaThrottles"
  | "firehoseDeliveryFailure"
  | "firehoseDataFreshness"
  | "judgeSpend"
  | "judgeCalibrationKappa"
  | "judgeCalibrationBias"
  | "judgeCalibrationFailed"
  | PiiGuardAlarmKind;

/**
 * Who is told by default. Symptoms users feel are paged through the SLO burn-rate alarms, so these
 * are tickets, except lost audit logs: Firehose gives up on a record after its retry window.
 */
export const DEFAULT_DIRECT_ALARM_SEVERITY: Readonly<Record<DirectAlarmKind, Severity>> = {
  gpuMemory: "ticket",
  latencyContention: "ticket",
  ttftP95: "ticket",
  promptTokensAnomaly: "ticket",
  cacheHitRate: "ticket",
  deadLetterQueue: "ticket",
  lambdaErrors: "ticket",
  lambdaThrottles: "ticket",
  firehoseDeliveryFailure: "page",
  firehoseDataFreshness: "page",
  judgeSpend: "ticket",
  judgeCalibrationKappa: "ticket",
  judgeCalibrationBias: "ticket",
  judgeCalibrationFailed: "ticket",
  // Client data reaching the judge, or a guard gone blind, is a compliance incident (LGPD, BACEN).
  piiCanaryLeak: "page",
  piiCanaryMissing: "page",
  piiSurvivedMasking: "ticket",
};

/**
 * Switches for the families of direct alarms; a family left out (or `true`) is created. Turn a
 * family off where another tool already watches it, not to silence a noisy alarm: tune its
 * threshold or severity instead.
 */
export interface DirectAlarmFamilies {
  /** GPU memory pressure (`gpuMemory`). @default true */
  readonly gpu?: boolean;
  /** ModelLatency P99/P50 contention and TTFT P95 (`latencyContention`, `ttftP95`). @default true */
  readonly latency?: boolean;
  /** The largest prompt of a 5-minute period above its learned band, a sign of prompt stuffing (`promptTokensAnomaly`). @default true */
  readonly promptAnomaly?: boolean;
  /**
   * Prefix-cache hit rate below its minimum (`cacheHitRate`). Off by default: the LMI container's
   * `jsonlines` output reports no cached tokens per request, so `cache_hit_rate` has no datapoints
   * and the alarm could never fire (see docs/known-limits.md). Turn it on only where the container's output
   * carries OpenAI-style `usage.prompt_tokens_details.cached_tokens`.
   * @default false
   */
  readonly cacheHitRate?: boolean;
  /** A non-empty dead-letter queue, one alarm per `deadLetterQueueNames` entry (`deadLetterQueue`). @default true */
  readonly deadLetterQueues?: boolean;
  /** Errors and throttles of each of `functionNames` (`lambdaErrors`, `lambdaThrottles`). @default true */
  readonly lambda?: boolean;
  /** Firehose delivery failures and stale data of `deliveryStreamName` (`firehoseDeliveryFailure`, `firehoseDataFreshness`). @default true */
  readonly firehose?: boolean;
  /** Judge (Bedrock) spend over the daily budget (`judgeSpend`). @default true */
  readonly judgeSpend?: boolean;
  /**
   * The current judge pair's golden-set calibration: kappa under its floor, a bias figure over its
   * ceiling, or a failed run (`judgeCalibrationKappa`, `judgeCalibrationBias`, `judgeCalibrationFailed`);
   * created when `judgeCalibration` is given.
   * @default true
   */
  readonly judgeCalibration?: boolean;
  /**
   * Client data kept out of the judge: PII canary leaks and a canary no longer evaluated (pages), records
   * the last check stopped (ticket) (`piiCanaryLeak`, `piiCanaryMissing`, `piiSurvivedMasking`); created when `piiGuard` is given.
   * @default true
   */
  readonly piiGuard?: boolean;
}

/** A family of direct alarms that can be switched off as a whole. */
export type DirectAlarmFamily = keyof DirectAlarmFamilies;

/** Whether a family is created when its switch is left out. */
export const DIRECT_ALARM_FAMILY_DEFAULTS: Readonly<Record<DirectAlarmFamily, boolean>> = {
  gpu: true,
  latency: true,
  promptAnomaly: true,
  cacheHitRate: false,
  deadLetterQueues: true,
  lambda: true,
  firehose: true,
  judgeSpend: true,
  judgeCalibration: true,
  piiGuard: true,
};

/** The alarm kinds of each family. */
export const DIRECT_ALARM_FAMILY_KINDS: Readonly<Record<DirectAlarmFamily, readonly DirectAlarmKind[]>> = {
  gpu: ["gpuMemory"],
  latency: ["latencyContention", "ttftP95"],
  promptAnomaly: ["promptTokensAnomaly"],
  cacheHitRate: ["cacheHitRate"],
  deadLetterQueues: ["deadLetterQueue"],
  lambda: ["lambdaErrors", "lambdaThrottles"],
  firehose: ["firehoseDeliveryFailure", "firehoseDataFreshness"],
  judgeSpend: ["judgeSpend"],
  judgeCalibration: ["judgeCalibrationKappa", "judgeCalibrationBias", "judgeCalibrationFailed"],
  piiGuard: ["piiCanaryLeak", "piiCanaryMissing", "piiSurvivedMasking"],
};

/** What the calibration alarms watch: the judge pair scoring production and the floors it must meet. */
export interface JudgeCalibrationAlarmProps {
  /** `judgePairId` of the current judge (the evaluation layer's `judgePair`). */
  readonly judgePair: string;
  /** Floors and ceilings, the ones the calibration function applies. @default DEFAULT_CALIBRATION_THRESHOLDS */
  readonly thresholds?: CalibrationThresholds;
}

export interface DirectAlarmsProps {
  /** Leading part of every alarm name, e.g. `llmobs-retail-banking-prod`. */
  readonly namePrefix: string;
  /** Base URL of the `runbooks/` folder; each alarm links `<base>/<family>.md`. */
  readonly runbookBaseUrl: string;
  /** SNS topic ARN for page-severity alarms. */
  readonly pageTopicArn: string;
  /** SNS topic ARN for ticket-severity alarms. */
  readonly ticketTopicArn: string;
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
   * GPUs per instance. SageMaker reports GPUMemoryUtilization summed over GPUs (0-100 x GPUs),
   * so the threshold is multiplied by this.
   * @default 1
   */
  readonly gpuCount?: number;
  /** Per-GPU memory utilisation, percent, above which to alarm. @default 85 */
  readonly gpuMemoryThresholdPercent?: number;
  /** ModelLatency P99 / P50 above which requests are contending for the GPU. @default 5 */
  readonly contentionRatioThreshold?: number;
  /** TTFT P95 threshold, milliseconds. @default 1500 */
  readonly ttftP95ThresholdMs?: number;
  /** Width of the anomaly band of the largest prompt per period, in standard deviations. @default 3 */
  readonly promptTokensAnomalyStdDevs?: number;
  /** Cache hit rate, percent, below which prefix caching is not paying off. @default 40 */
  readonly cacheHitRateMinPercent?: number;
  /** Dead-letter queues (evaluator, publisher) that must stay empty. @default [] */
  readonly deadLetterQueueNames?: readonly string[];
  /** Lambda functions whose errors and throttles to watch. @default [] */
  readonly functionNames?: readonly string[];
  /** Firehose stream of the inference logs. @default - no Firehose alarms */
  readonly deliveryStreamName?: string;
  /**
   * Age, seconds, of the oldest undelivered inference log above which delivery is stuck
   * (twice Firehose's longest buffering interval of 900 s).
   * @default 1800
   */
  readonly firehoseFreshnessThresholdSeconds?: number;
  /** Judge (Bedrock) spend per rolling day, US dollars, above which to alarm. */
  readonly judgeDailyBudgetUsd: number;
  /** The judge pair whose calibration runs to watch. @default - no calibration alarms */
  readonly judgeCalibration?: JudgeCalibrationAlarmProps;
  /** The evaluator whose last check and PII canary to watch. @default - no privacy alarms */
  readonly piiGuard?: PiiGuardAlarmProps;
  /** Severity per alarm kind, over `DEFAULT_DIRECT_ALARM_SEVERITY`. @default {} */
  readonly severityOverrides?: Partial<Record<DirectAlarmKind, Severity>>;
  /** Which families of alarms to create. @default - every family but `cacheHitRate` (DIRECT_ALARM_FAMILY_DEFAULTS) */
  readonly families?: DirectAlarmFamilies;
  /** Tags on every alarm. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the alarms are made of: the props without names and topics. */
export type DirectAlarmSpecsInput = Omit<DirectAlarmsProps, "runbookBaseUrl" | "pageTopicArn" | "ticketTopicArn" | "namePrefix">;

/** A created alarm with its kind and severity, for wiring and tests. */
export interface DirectAlarm {
  readonly kind: DirectAlarmKind;
  readonly severity: Severity;
  readonly alarm: CloudwatchMetricAlarm;
}

/** The evaluation settings of an alarm's config, in one place (what the replay reads). */
export type DirectAlarmConfig = Omit<CloudwatchMetricAlarmConfig, "alarmName" | "alarmDescription" | "alarmActions" | "okActions" | "tags">;

/**
 * One direct alarm as data: everything the construct renders, and what `npm run simulate:slo`
 * replays, so the replay evaluates exactly the deployed periods, statistics and thresholds.
 */
export interface DirectAlarmSpec {
  readonly kind: DirectAlarmKind;
  /** The instance the alarm watches (queue or function name); empty for one-per-endpoint alarms. */
  readonly idSuffix: string;
  readonly family: RunbookFamily;
  readonly severity: Severity;
  readonly text: { readonly what: string; readonly causes: string };
  readonly config: DirectAlarmConfig;
}

const FIVE_MINUTES = 300;

/**
 * The source article's direct alarms: GPU memory pressure, P99/P50 contention, TTFT P95, prompt-token
 * anomalies (possible injection), low cache hit rate, non-empty dead-letter queues, Lambda errors
 * and throttles, Firehose delivery failures, judge spend and the judge's calibration runs.
 */
export class DirectAlarms extends Construct {
  readonly alarms: readonly DirectAlarm[];
  /** The alarms as data, in creation order. */
  readonly specs: readonly DirectAlarmSpec[];

  constructor(scope: Construct, id: string, props: DirectAlarmsProps) {
    super(scope, id);
    validateRunbookBaseUrl(props.runbookBaseUrl);
    this.specs = directAlarmSpecs(props);
    this.alarms = this.specs.map((spec) => {
      const topic = spec.severity === "page" ? props.pageTopicArn : props.ticketTopicArn;
      const suffix = spec.idSuffix ? `-${spec.idSuffix}` : "";
      const alarm = new CloudwatchMetricAlarm(this, `${spec.kind}${suffix}`, {
        ...spec.config,
        alarmName: `${props.namePrefix}-${kebab(spec.kind)}${suffix}`,
        alarmDescription: alarmDescription({ ...spec.text, runbookUrl: runbookUrl(props.runbookBaseUrl, spec.family) }),
        alarmActions: [topic],
        okActions: [topic],
        tags: { ...(props.tags ?? {}), severity: spec.severity, alarm_family: spec.family },
      });
      return { kind: spec.kind, severity: spec.severity, alarm };
    });
  }
}

/** Alarm name suffix of a kind: `promptTokensAnomaly` -> `prompt-tokens-anomaly`. */
export function directAlarmName(kind: DirectAlarmKind): string {
  return kebab(kind);
}

/** The direct alarms of `props` as data (validated), in creation order. */
export function directAlarmSpecs(props: DirectAlarmSpecsInput): DirectAlarmSpec[] {
  validateProps(props);
  const variant = { [DIMENSIONS.endpointName]: props.endpointName, [DIMENSIONS.variantName]: props.variantName ?? "AllTraffic" };
  const endpoint = {
    [DIMENSIONS.modelName]: props.modelName,
    [DIMENSIONS.endpointName]: props.endpointName,
    [DIMENSIONS.instanceType]: props.instanceType,
  };
  const severityOf = (kind: DirectAlarmKind) => props.severityOverrides?.[kind] ?? DEFAULT_DIRECT_ALARM_SEVERITY[kind];
  const switchedOff = new Set(
    (Object.keys(DIRECT_ALARM_FAMILY_KINDS) as DirectAlarmFamily[])
      .filter((family) => !(props.families?.[family] ?? DIRECT_ALARM_FAMILY_DEFAULTS[family]))
      .flatMap((family) => DIRECT_ALARM_FAMILY_KINDS[family]),
  );
  const specs: DirectAlarmSpec[] = [];

  const add = (kind: DirectAlarmKind, idSuffix: string, family: RunbookFamily, text: { what: string; causes: string }, config: DirectAlarmConfig) => {
    if (switchedOff.has(kind)) return;
    specs.push({ kind, idSuffix, family, severity: severityOf(kind), text, config });
  };

  const gpuCount = props.gpuCount ?? 1;
  const gpuThreshold = props.gpuMemoryThresholdPercent ?? 85;
  add(
    "gpuMemory",
    "",
    "gpu-memory",
    {
      what: `GPU memory of endpoint ${props.endpointName} above ${gpuThreshold}% per GPU (${gpuThreshold * gpuCount}% summed over ${gpuCount} GPUs) for 15 minutes: the model is short of VRAM and latency will degrade.`,
      causes:
        "batch size or max concurrent requests too high for the instance, long contexts filling the KV cache, a larger model or lower quantisation deployed.",
    },
    {
      ...singleMetric(SAGEMAKER_INSTANCE_METRICS.gpuMemoryUtilization, variant, "Average", FIVE_MINUTES),
      comparisonOperator: "GreaterThanThreshold",
      threshold: gpuThreshold * gpuCount,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
    },
  );

  const ratio = props.contentionRatioThreshold ?? 5;
  add(
    "latencyContention",
    "",
    "latency-contention",
    {
      what: `ModelLatency P99 is more than ${ratio}x P50 on endpoint ${props.endpointName} for 15 minutes: requests are queuing or the GPU is thrashing.`,
      causes: "GPU memory pressure, batch size too large, a few very long prompts, too few instances for the load.",
    },
    {
      comparisonOperator: "GreaterThanThreshold",
      threshold: ratio,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      metricQuery: [
        metricQuery("p99", SAGEMAKER_INVOCATION_METRICS.modelLatency, variant, "p99", FIVE_MINUTES),
        metricQuery("p50", SAGEMAKER_INVOCATION_METRICS.modelLatency, variant, "p50", FIVE_MINUTES),
        { id: "contention", expression: "IF(p50 > 0, p99 / p50)", label: "ModelLatency P99 / P50", returnData: true },
      ],
    },
  );

  const ttftMs = props.ttftP95ThresholdMs ?? 1500;
  add(
    "ttftP95",
    "",
    "latency-contention",
    {
      what: `TTFT P95 above ${ttftMs} ms on endpoint ${props.endpointName} for 15 minutes: users wait too long for the first token.`,
      causes: "request queuing at the container, GPU memory pressure, prefix-cache misses, unusually long prompts.",
    },
    {
      ...singleMetric(GATEWAY_METRICS.ttft, endpoint, "p95", FIVE_MINUTES),
      comparisonOperator: "GreaterThanThreshold",
      threshold: ttftMs,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
    },
  );

  const sigmas = props.promptTokensAnomalyStdDevs ?? 3;
  // The largest prompt of each 5-minute period against its learned band: a statistic that one
  // attacking request moves, however small its share (a P99 over 5 minutes needs more than 1 %
  // of the traffic). One anomalous period of six raises it; it clears 30 minutes after the last.
  add(
    "promptTokensAnomaly",
    "",
    "prompt-anomaly",
    {
      what: `The largest prompt on endpoint ${props.endpointName} was above its learned band (${sigmas} standard deviations) in a 5-minute period of the last 30 minutes: an unusually large prompt arrived (blocked and failed requests count too).`,
      causes: "prompt injection stuffing the context, a client sending whole documents, a retrieval change returning too many chunks.",
    },
    {
      comparisonOperator: "GreaterThanUpperThreshold",
      thresholdMetricId: "band",
      evaluationPeriods: 6,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      metricQuery: [
        { ...metricQuery("prompt_max", GATEWAY_METRICS.promptTokens, endpoint, "Maximum", FIVE_MINUTES), returnData: true },
        { id: "band", expression: `ANOMALY_DETECTION_BAND(prompt_max, ${sigmas})`, label: "expected largest prompt", returnData: true },
      ],
    },
  );

  const cacheMin = props.cacheHitRateMinPercent ?? 40;
  add(
    "cacheHitRate",
    "",
    "cache-efficiency",
    {
      what: `Prefix-cache hit rate of endpoint ${props.endpointName} below ${cacheMin}% over the last hour: prefix caching is not paying off (efficiency warning, not an outage).`,
      causes:
        "the system prompt or fixed context changed per request (timestamps, user data placed before the fixed part), a new prompt template, cache evicted by memory pressure.",
    },
    {
      ...singleMetric(GATEWAY_METRICS.cacheHitRate, endpoint, "Average", 3_600),
      comparisonOperator: "LessThanThreshold",
      threshold: cacheMin,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    },
  );

  for (const queue of props.deadLetterQueueNames ?? []) {
    add(
      "deadLetterQueue",
      queue,
      "dead-letter-queue",
      {
        what: `Dead-letter queue ${queue} is not empty: records failed processing and wait for a redrive.`,
        causes:
          "a poison record (malformed capture line), a downstream outage (Bedrock, Comprehend, DynamoDB) outlasting the retries, a code defect in the consumer.",
      },
      {
        ...singleMetric(SQS_METRICS.messagesVisible, { [AWS_SERVICE_DIMENSIONS.queueName]: queue }, "Maximum", FIVE_MINUTES),
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
      },
    );
  }

  for (const fn of props.functionNames ?? []) {
    const dims = { [AWS_SERVICE_DIMENSIONS.functionName]: fn };
    add(
      "lambdaErrors",
      fn,
      "lambda-health",
      {
        what: `Lambda function ${fn} reported errors in 2 of the last 3 five-minute periods.`,
        causes: "a downstream dependency failing or throttling, a bad deployment, malformed input, timeouts.",
      },
      {
        ...singleMetric(LAMBDA_METRICS.errors, dims, "Sum", FIVE_MINUTES),
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
      },
    );
    add(
      "lambdaThrottles",
      fn,
      "lambda-health",
      {
        what: `Lambda function ${fn} was throttled in 2 of the last 3 five-minute periods: invocations are delayed or lost to retries.`,
        causes: "reserved concurrency too low for the load, the account concurrency limit shared with other functions, a burst of S3 events.",
      },
      {
        ...singleMetric(LAMBDA_METRICS.throttles, dims, "Sum", FIVE_MINUTES),
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
      },
    );
  }

  if (props.deliveryStreamName !== undefined) {
    const dims = { [AWS_SERVICE_DIMENSIONS.deliveryStreamName]: props.deliveryStreamName };
    add(
      "firehoseDeliveryFailure",
      "",
      "firehose-delivery",
      {
        what: `Firehose stream ${props.deliveryStreamName} failed S3 deliveries in 3 consecutive five-minute periods: inference logs required for audit are not reaching S3.`,
        causes: "the role lost s3:PutObject or kms:GenerateDataKey, the bucket policy or KMS key policy changed, the bucket was deleted or renamed.",
      },
      {
        ...singleMetric(FIREHOSE_METRICS.deliveryToS3Success, dims, "Average", FIVE_MINUTES),
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
      },
    );
    const freshness = props.firehoseFreshnessThresholdSeconds ?? 1800;
    add(
      "firehoseDataFreshness",
      "",
      "firehose-delivery",
      {
        what: `The oldest undelivered record in Firehose stream ${props.deliveryStreamName} is older than ${freshness} s: delivery to S3 is stuck.`,
        causes: "S3 or KMS access denied (see delivery failures), throttling on the destination, a record format conversion error.",
      },
      {
        ...singleMetric(FIREHOSE_METRICS.deliveryToS3DataFreshness, dims, "Maximum", FIVE_MINUTES),
        comparisonOperator: "GreaterThanThreshold",
        threshold: freshness,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
      },
    );
  }

  add(
    "judgeSpend",
    "",
    "judge-spend",
    {
      what: `Judge (Bedrock) spend for model ${props.modelName} above ${props.judgeDailyBudgetUsd} USD over the last 24 hours.`,
      causes:
        "sampling rate raised or stratification sending everything to the judge (guardrail storm), a pricier judge model id, longer responses, re-delivered captures evaluated twice.",
    },
    {
      ...singleMetric(QUALITY_METRICS.judgeCost, { [DIMENSIONS.modelName]: props.modelName }, "Sum", 86_400),
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.judgeDailyBudgetUsd,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    },
  );

  if (props.judgeCalibration !== undefined) {
    const pair = props.judgeCalibration.judgePair;
    const t = props.judgeCalibration.thresholds ?? DEFAULT_CALIBRATION_THRESHOLDS;
    const DAY = 86_400;
    const onPair = { [DIMENSIONS.judgePair]: pair };
    const kappaOf = (dimension: string) => ({ [DIMENSIONS.judgePair]: pair, [DIMENSIONS.rubricDimension]: dimension });
    // A run publishes once a month: "ignore" keeps the state a run set until the next run.
    const monthly = { evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: "ignore" } as const;
    add(
      "judgeCalibrationKappa",
      "",
      "judge-calibration",
      {
        what: `Golden-set calibration of judge ${pair}: kappa under the floor ${t.kappaFloor} on a rubric dimension. Scores of this judge no longer agree with the human raters well enough to hold a quality SLO.`,
        causes:
          "a silent model change behind the id, a rubric edit, golden items that no longer match the questions asked, a golden set re-rated by new raters.",
      },
      {
        ...monthly,
        comparisonOperator: "LessThanThreshold",
        threshold: t.kappaFloor,
        metricQuery: [
          ...ORDINAL_DIMENSIONS.map((dimension, index) => metricQuery(`k${index}`, CALIBRATION_METRICS.kappa, kappaOf(dimension), "Minimum", DAY)),
          {
            id: "lowest",
            expression: `MIN([${ORDINAL_DIMENSIONS.map((_, index) => `k${index}`).join(", ")}])`,
            label: "lowest kappa over the 1-5 dimensions",
            returnData: true,
          },
        ],
      },
    );
    add(
      "judgeCalibrationBias",
      "",
      "judge-calibration",
      {
        what:
          `Golden-set calibration of judge ${pair}: a bias probe is over its bound (length-error correlation > ${t.lengthCorrelationCeiling}, ` +
          `padding gap > ${t.paddingGapCeiling} points, refusal precision < ${t.refusalPrecisionFloor} or recall < ${t.refusalRecallFloor}).`,
        causes: "the judge rewarding long or padded answers, the judge missing undue refusals or calling policy refusals undue, a rubric edit.",
      },
      {
        ...monthly,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        metricQuery: [
          metricQuery("len", CALIBRATION_METRICS.lengthErrorCorrelation, onPair, "Maximum", DAY),
          metricQuery("gap", CALIBRATION_METRICS.paddingGap, onPair, "Maximum", DAY),
          metricQuery("prec", CALIBRATION_METRICS.refusalPrecision, onPair, "Minimum", DAY),
          metricQuery("rec", CALIBRATION_METRICS.refusalRecall, onPair, "Minimum", DAY),
          {
            id: "breach",
            // Above 0 when any probe is past its bound: each term is how far past it is.
            expression: `MAX([len - ${t.lengthCorrelationCeiling}, gap - ${t.paddingGapCeiling}, ${t.refusalPrecisionFloor} - prec, ${t.refusalRecallFloor} - rec])`,
            label: "largest bias-probe breach",
            returnData: true,
          },
        ],
      },
    );
    add(
      "judgeCalibrationFailed",
      "",
      "judge-calibration",
      {
        what: `Golden-set calibration of judge ${pair} failed (CalibrationPassed = 0). The run's report names every floor missed, including figures that could not be computed and golden items the judge gave no verdict for.`,
        causes:
          "any cause of the kappa and bias alarms, judge calls failing or throttled during the run, a golden set without padded copies or refusal labels.",
      },
      {
        ...singleMetric(CALIBRATION_METRICS.passed, onPair, "Minimum", DAY),
        ...monthly,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
      },
    );
  }

  if (props.piiGuard !== undefined) {
    for (const spec of piiGuardAlarmSpecs(props.piiGuard)) add(spec.kind, "", "pii-canary", spec.text, spec.config);
  }

  return specs;
}

function singleMetric(metric: MetricDefinition, dimensions: Record<string, string>, stat: string, period: number) {
  const config: Pick<CloudwatchMetricAlarmConfig, "namespace" | "metricName" | "dimensions" | "period" | "statistic" | "extendedStatistic"> = {
    namespace: metric.namespace,
    metricName: metric.name,
    dimensions,
    period,
  };
  return /^p\d/.test(stat) ? { ...config, extendedStatistic: stat } : { ...config, statistic: stat };
}

function metricQuery(id: string, metric: MetricDefinition, dimensions: Record<string, string>, stat: string, period: number): CloudwatchMetricAlarmMetricQuery {
  return { id, returnData: false, metric: { namespace: metric.namespace, metricName: metric.name, dimensions, stat, period } };
}

function kebab(kind: string): string {
  return kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Throws on a family switch that is not a known family or not a boolean (plain JavaScript callers, typos). */
export function validateAlarmFamilies(families: object | undefined, known: readonly string[]): void {
  for (const [family, on] of Object.entries(families ?? {})) {
    if (!known.includes(family)) throw new Error(`unknown alarm family "${family}"; use one of ${known.join(", ")}`);
    if (on !== undefined && typeof on !== "boolean") throw new Error(`alarm family ${family} must be true or false, got ${JSON.stringify(on)}`);
  }
}

function validateProps(props: DirectAlarmSpecsInput): void {
  validateAlarmFamilies(props.families, Object.keys(DIRECT_ALARM_FAMILY_KINDS));
  const gpuCount = props.gpuCount ?? 1;
  if (!Number.isInteger(gpuCount) || gpuCount < 1) throw new Error(`gpuCount must be a whole number of at least 1, got ${gpuCount}`);
  const gpu = props.gpuMemoryThresholdPercent ?? 85;
  if (!(gpu > 0 && gpu <= 100)) throw new Error(`gpuMemoryThresholdPercent must be in (0, 100], got ${gpu}`);
  const cache = props.cacheHitRateMinPercent ?? 40;
  if (!(cache > 0 && cache <= 100)) throw new Error(`cacheHitRateMinPercent must be in (0, 100], got ${cache}`);
  if (!(props.judgeDailyBudgetUsd > 0)) throw new Error(`judgeDailyBudgetUsd must be positive, got ${props.judgeDailyBudgetUsd}`);
  if (!((props.contentionRatioThreshold ?? 5) > 1)) throw new Error(`contentionRatioThreshold must be above 1, got ${props.contentionRatioThreshold}`);
  for (const [what, names] of [
    ["deadLetterQueueNames", props.deadLetterQueueNames],
    ["functionNames", props.functionNames],
  ] as const) {
    const list = names ?? [];
    if (new Set(list).size !== list.length) throw new Error(`${what} lists a name twice: ${list.join(", ")}`);
  }
}
