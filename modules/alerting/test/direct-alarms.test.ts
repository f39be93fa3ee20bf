import { describe, expect, it } from "vitest";
import {
  DEFAULT_DIRECT_ALARM_SEVERITY,
  DIRECT_ALARM_FAMILY_KINDS,
  DirectAlarms,
  directAlarmName,
  directAlarmSpecs,
  type DirectAlarmsProps,
} from "../direct-alarms";
import { ofType, synthResources, type ResourceConfig } from "./synth";

const PREFIX = "llmobs-retail-banking-prod";
const PAGE = "arn:aws:sns:sa-east-1:111122223333:page";
const TICKET = "arn:aws:sns:sa-east-1:111122223333:ticket";
const PROPS: DirectAlarmsProps = {
  namePrefix: PREFIX,
  runbookBaseUrl: "https://git.example.com/platform/blob/main/runbooks/",
  pageTopicArn: PAGE,
  ticketTopicArn: TICKET,
  modelName: "llama-3-70b",
  endpointName: "chat-prod",
  instanceType: "ml.g5.12xlarge",
  gpuCount: 4,
  deadLetterQueueNames: ["evaluator-dlq", "publisher-dlq"],
  functionNames: ["evaluator", "publisher"],
  deliveryStreamName: "inference-logs",
  judgeDailyBudgetUsd: 25,
};

function synth(props: DirectAlarmsProps = PROPS): ResourceConfig[] {
  return ofType(
    synthResources((scope) => {
      new DirectAlarms(scope, "direct", props);
    }),
    "aws_cloudwatch_metric_alarm",
  );
}

const named = (alarms: ResourceConfig[], suffix: string) => {
  const found = alarms.find((a) => a.alarm_name === `${PREFIX}-${suffix}`);
  if (!found) throw new Error(`no alarm ${suffix} among ${alarms.map((a) => a.alarm_name).join(", ")}`);
  return found;
};

describe("DirectAlarms", () => {
  const alarms = synth();

  it("creates every alarm of the source article, one per queue and two per function", () => {
    expect(alarms.map((a) => a.alarm_name.slice(PREFIX.length + 1)).sort()).toEqual(
      [
        "dead-letter-queue-evaluator-dlq",
        "dead-letter-queue-publisher-dlq",
        "firehose-data-freshness",
        "firehose-delivery-failure",
        "gpu-memory",
        "judge-spend",
        "lambda-errors-evaluator",
        "lambda-errors-publisher",
        "lambda-throttles-evaluator",
        "lambda-throttles-publisher",
        "latency-contention",
        "prompt-tokens-anomaly",
        "ttft-p95",
      ].sort(),
    );
  });

  it("alarms on GPU memory per GPU: 85 % x 4 GPUs, as SageMaker sums it", () => {
    const gpu = named(alarms, "gpu-memory");
    expect(gpu).toMatchObject({
      namespace: "/aws/sagemaker/Endpoints",
      metric_name: "GPUMemoryUtilization",
      dimensions: { EndpointName: "chat-prod", VariantName: "AllTraffic" },
      threshold: 340,
      comparison_operator: "GreaterThanThreshold",
    });
  });

  it("divides ModelLatency P99 by P50 for contention", () => {
    const contention = named(alarms, "latency-contention");
    const queries = contention.metric_query as ResourceConfig[];
    expect(queries.map((q) => q.metric?.stat ?? q.expression)).toEqual(["p99", "p50", "IF(p50 > 0, p99 / p50)"]);
    expect(queries[0]!.metric).toMatchObject({ namespace: "AWS/SageMaker", metric_name: "ModelLatency" });
    expect(contention.threshold).toBe(5);
  });

  it("watches TTFT P95 against 1500 ms", () => {
    expect(named(alarms, "ttft-p95")).toMatchObject({ metric_name: "ttft_ms", extended_statistic: "p95", threshold: 1500 });
  });

  it("bands the largest prompt per 5 minutes, which one attacking request moves, and fires on one anomalous period of six", () => {
    const anomaly = named(alarms, "prompt-tokens-anomaly");
    expect(anomaly.comparison_operator).toBe("GreaterThanUpperThreshold");
    expect(anomaly.threshold_metric_id).toBe("band");
    expect(anomaly).toMatchObject({ evaluation_periods: 6, datapoints_to_alarm: 1, treat_missing_data: "notBreaching" });
    const queries = anomaly.metric_query as ResourceConfig[];
    expect(queries.find((q) => q.id === "band")!.expression).toBe("ANOMALY_DETECTION_BAND(prompt_max, 3)");
    // A P99 over 5 minutes cannot see an attack under 1 % of the traffic; the Maximum sees one request.
    expect(queries.find((q) => q.id === "prompt_max")!.metric).toMatchObject({ metric_name: "prompt_tokens", stat: "Maximum", period: 300 });
    expect(anomaly.threshold).toBeUndefined();
  });

  it("creates the cache hit rate alarm only when asked (no datapoints from LMI jsonlines), below 40 %", () => {
    expect(alarms.some((a) => a.alarm_name.endsWith("cache-hit-rate"))).toBe(false);
    const withCache = synth({ ...PROPS, families: { cacheHitRate: true } });
    expect(named(withCache, "cache-hit-rate")).toMatchObject({ metric_name: "cache_hit_rate", comparison_operator: "LessThanThreshold", threshold: 40 });
  });

  it("alarms on any message in each dead-letter queue", () => {
    expect(named(alarms, "dead-letter-queue-publisher-dlq")).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "publisher-dlq" },
      threshold: 0,
      comparison_operator: "GreaterThanThreshold",
    });
  });

  it("watches Lambda errors and throttles per function", () => {
    expect(named(alarms, "lambda-errors-evaluator")).toMatchObject({
      namespace: "AWS/Lambda",
      metric_name: "Errors",
      dimensions: { FunctionName: "evaluator" },
    });
    expect(named(alarms, "lambda-throttles-publisher")).toMatchObject({ metric_name: "Throttles", dimensions: { FunctionName: "publisher" } });
  });

  it("pages on Firehose delivery failures and stale data", () => {
    const failure = named(alarms, "firehose-delivery-failure");
    expect(failure).toMatchObject({ metric_name: "DeliveryToS3.Success", comparison_operator: "LessThanThreshold", threshold: 1, alarm_actions: [PAGE] });
    expect(named(alarms, "firehose-data-freshness")).toMatchObject({ metric_name: "DeliveryToS3.DataFreshness", threshold: 1800, alarm_actions: [PAGE] });
  });

  it("sums judge spend over one day against the configured budget", () => {
    expect(named(alarms, "judge-spend")).toMatchObject({
      namespace: "LLMInference/Quality",
      metric_name: "JudgeCostUSD",
      statistic: "Sum",
      period: 86400,
      threshold: 25,
      dimensions: { ModelName: "llama-3-70b" },
      alarm_actions: [TICKET],
    });
  });

  it("gives every alarm actions, an explicit missing-data treatment and a runbook link", () => {
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toHaveLength(1);
      expect(alarm.treat_missing_data).toBe("notBreaching");
      expect(alarm.alarm_description).toMatch(/Likely causes: .+ Runbook: https:\/\/git\.example\.com\/platform\/blob\/main\/runbooks\/[a-z-]+\.md$/);
    }
  });

  it("follows severity overrides and skips Firehose alarms without a stream", () => {
    const overridden = synth({ ...PROPS, deliveryStreamName: undefined, severityOverrides: { gpuMemory: "page" } });
    expect(named(overridden, "gpu-memory").alarm_actions).toEqual([PAGE]);
    expect(overridden.some((a) => a.alarm_name.includes("firehose"))).toBe(false);
  });

  it.each([
    ["gpu", ["gpu-memory"]],
    ["latency", ["latency-contention", "ttft-p95"]],
    ["promptAnomaly", ["prompt-tokens-anomaly"]],
    ["deadLetterQueues", ["dead-letter-queue-evaluator-dlq", "dead-letter-queue-publisher-dlq"]],
    ["lambda", ["lambda-errors-evaluator", "lambda-errors-publisher", "lambda-throttles-evaluator", "lambda-throttles-publisher"]],
    ["firehose", ["firehose-data-freshness", "firehose-delivery-failure"]],
    ["judgeSpend", ["judge-spend"]],
  ] as const)("switching the %s family off removes exactly its alarms", (family, removed) => {
    const names = (list: ResourceConfig[]) => list.map((a) => a.alarm_name.slice(PREFIX.length + 1) as string);
    const kept = names(synth({ ...PROPS, families: { [family]: false } }));
    expect(
      names(alarms)
        .filter((name) => !kept.includes(name))
        .sort(),
    ).toEqual([...removed]);
  });

  it("links each alarm to its kind's runbook and tags it with its severity", () => {
    expect(named(alarms, "ttft-p95")).toMatchObject({ tags: { severity: "ticket", alarm_family: "latency-contention" } });
    expect(named(alarms, "lambda-throttles-evaluator")).toMatchObject({ tags: { severity: "ticket", alarm_family: "lambda-health" } });
    expect(named(alarms, "firehose-data-freshness")).toMatchObject({ tags: { severity: "page", alarm_family: "firehose-delivery" } });
    expect(named(alarms, "firehose-data-freshness").alarm_description).toMatch(/runbooks\/firehose-delivery\.md$/);
  });

  it("takes a daily judge budget of 20 USD and thresholds of the source article when they are left out", () => {
    const { judgeDailyBudgetUsd: _budget, gpuCount: _gpus, ...withoutDefaults } = PROPS;
    const defaulted = synth(withoutDefaults);
    expect(named(defaulted, "judge-spend").threshold).toBe(20);
    expect(named(defaulted, "gpu-memory").threshold).toBe(85);
    const tuned = synth({ ...PROPS, ttftP95ThresholdMs: 1200, contentionRatioThreshold: 4, firehoseFreshnessThresholdSeconds: 900 });
    expect([named(tuned, "ttft-p95").threshold, named(tuned, "latency-contention").threshold, named(tuned, "firehose-data-freshness").threshold]).toEqual([
      1200, 4, 900,
    ]);
  });

  it("fails early on bad numbers", () => {
    expect(() => synth({ ...PROPS, gpuCount: 0 })).toThrow(/gpuCount must be a whole number of at least 1, got 0/);
    expect(() => synth({ ...PROPS, judgeDailyBudgetUsd: 0 })).toThrow(/judgeDailyBudgetUsd must be positive/);
    expect(() => synth({ ...PROPS, ttftP95ThresholdMs: -1500 })).toThrow("ttftP95ThresholdMs must be positive, got -1500");
    expect(() => synth({ ...PROPS, firehoseFreshnessThresholdSeconds: 0 })).toThrow("firehoseFreshnessThresholdSeconds must be positive, got 0");
  });
});

describe("DirectAlarms kinds", () => {
  it("creates every kind, in the order of its families, when every family is on and everything is watched", () => {
    const specs = directAlarmSpecs({
      ...PROPS,
      deadLetterQueueNames: ["dlq"],
      functionNames: ["fn"],
      families: { cacheHitRate: true },
      judgeCalibration: { judgePair: "judge|rubric" },
      piiGuard: { evaluatorName: "evaluator", canaryIntervalMinutes: 60 },
    });
    const created = specs.map((spec) => [directAlarmName(spec.kind), spec.idSuffix].filter(Boolean).join("-"));
    expect(created).toEqual([
      "gpu-memory",
      "latency-contention",
      "ttft-p95",
      "prompt-tokens-anomaly",
      "cache-hit-rate",
      "dead-letter-queue-dlq",
      "lambda-errors-fn",
      "lambda-throttles-fn",
      "firehose-delivery-failure",
      "firehose-data-freshness",
      "judge-spend",
      "judge-calibration-kappa",
      "judge-calibration-bias",
      "judge-calibration-failed",
      "pii-canary-leak",
      "pii-canary-missing",
      "pii-survived-masking",
    ]);
  });

  it("keys each kind's default severity and family from its one record", () => {
    expect(Object.keys(DEFAULT_DIRECT_ALARM_SEVERITY)).toHaveLength(17);
    expect(
      Object.entries(DEFAULT_DIRECT_ALARM_SEVERITY)
        .filter(([, severity]) => severity === "page")
        .map(([kind]) => kind),
    ).toEqual(["firehoseDeliveryFailure", "firehoseDataFreshness", "piiCanaryLeak", "piiCanaryMissing"]);
    expect(DIRECT_ALARM_FAMILY_KINDS.judgeCalibration).toEqual(["judgeCalibrationKappa", "judgeCalibrationBias", "judgeCalibrationFailed"]);
    expect(DIRECT_ALARM_FAMILY_KINDS.latency).toEqual(["latencyContention", "ttftP95"]);
  });
});
