import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { resourcesOf, synthStack, type SynthesizedJson } from "../../../testing/fixtures/synth";
import { acceleratorCount } from "../accelerators";
import { testAlertingProps } from "../../../testing/fixtures/alerting";
import { Alerting, type AlertingProps } from "../alerting";
import { defaultSlos } from "../slo/default-slos";
import type { Slo } from "../slo/slo";

const BASE = testAlertingProps();

function synth(props: Partial<AlertingProps> = {}): SynthesizedJson {
  return synthStack((s) => {
    new Alerting(s, "alerting", { ...BASE, ...props });
  });
}

const topicRef = (json: SynthesizedJson, severity: string) => {
  const [name] = Object.entries(json.resource.aws_sns_topic!).find(([, t]) => t.name.endsWith(`alerts-${severity}`))!;
  return `\${aws_sns_topic.${name}.arn}`;
};

describe("Alerting", () => {
  const json = synth();
  const composites = resourcesOf(json, "aws_cloudwatch_composite_alarm");
  const metricAlarms = resourcesOf(json, "aws_cloudwatch_metric_alarm");

  it("guards availability, TTFT and one quality SLO per default request type, each with a page and a ticket composite", () => {
    expect(composites.map((c) => c.alarm_name).sort()).toEqual(
      ["availability", "quality-balance-inquiry", "quality-investment-strategy", "ttft"].flatMap((slo) =>
        ["page", "ticket"].map((sev) => `llmobs-retail-banking-staging-slo-${slo}-${sev}`),
      ),
    );
  });

  it("routes each composite to the topic of its severity, and only composites of SLOs notify", () => {
    for (const c of composites) {
      const severity = c.alarm_name.endsWith("-page") ? "page" : "ticket";
      expect(c.alarm_actions).toEqual([topicRef(json, severity)]);
      expect(c.ok_actions).toEqual([topicRef(json, severity)]);
    }
    const sloWindows = metricAlarms.filter((a) => a.alarm_name.includes("-slo-"));
    expect(sloWindows).toHaveLength(32);
    for (const a of sloWindows) expect(a.alarm_actions).toBeUndefined();
  });

  it("holds each request type to its own quality threshold", () => {
    const judged = (rt: string) => composites.find((c) => c.alarm_name.endsWith(`quality-${rt}-page`))!.alarm_description as string;
    expect(judged("balance-inquiry")).toContain("score below 0.9");
    expect(judged("investment-strategy")).toContain("score below 0.75");
    const custom = synth({ requestTypes: [{ requestType: "card_dispute", threshold: 0.85 }] });
    const names = resourcesOf(custom, "aws_cloudwatch_composite_alarm").map((c) => c.alarm_name);
    expect(names).toContain("llmobs-retail-banking-staging-slo-quality-card-dispute-page");
    expect(names.some((n) => n.includes("balance-inquiry"))).toBe(false);
  });

  it("scales the GPU memory threshold with the GPUs of the instance type", () => {
    const gpu = (j: SynthesizedJson) => resourcesOf(j, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name.endsWith("-gpu-memory"))!;
    expect(gpu(json).threshold).toBe(340);
    expect(gpu(synth({ instanceType: "ml.g5.2xlarge" })).threshold).toBe(85);
    expect(gpu(synth({ instanceType: "ml.g5.48xlarge" })).threshold).toBe(680);
    expect(acceleratorCount("ml.inf2.8xlarge")).toBe(1);
    expect(() => acceleratorCount("ml.g5.3xlarge")).toThrow(/unknown accelerator count for instance type "ml.g5.3xlarge"/);
  });

  it("routes direct alarms by severity and adds queue, function and stream alarms when given", () => {
    const full = synth({ functionNames: ["evaluator"], deadLetterQueueNames: ["evaluator-dlq"], deliveryStreamName: "logs", judgeDailyBudgetUsd: 35 });
    const alarms = resourcesOf(full, "aws_cloudwatch_metric_alarm").filter((a) => !a.alarm_name.includes("-slo-"));
    const byEnd = (end: string) => alarms.find((a) => a.alarm_name.endsWith(end))!;
    expect(byEnd("-firehose-delivery-failure").alarm_actions).toEqual([topicRef(full, "page")]);
    expect(byEnd("-judge-spend")).toMatchObject({ threshold: 35, alarm_actions: [topicRef(full, "ticket")] });
    expect(alarms.some((a) => a.alarm_name.includes("dead-letter-queue"))).toBe(true);
    expect(alarms.some((a) => a.alarm_name.includes("lambda-errors"))).toBe(true);
    expect(byEnd("-judge-spend").alarm_actions).toEqual([topicRef(full, "ticket")]);
    expect(resourcesOf(json, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name.endsWith("-judge-spend"))!.threshold).toBe(20);
  });

  it("passes the direct alarms' thresholds on, and keeps the source article's where none is given", () => {
    const direct = (j: SynthesizedJson, end: string) => resourcesOf(j, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name.endsWith(end))!;
    const tuned = synth({ ttftP95ThresholdMs: 1200, gpuMemoryThresholdPercent: 90 });
    expect([direct(tuned, "-ttft-p95").threshold, direct(tuned, "-gpu-memory").threshold]).toEqual([1200, 360]);
    expect([direct(json, "-ttft-p95").threshold, direct(json, "-latency-contention").threshold]).toEqual([1500, 5]);
  });

  it("applies objective overrides and rejects objectives outside (0, 1)", () => {
    const strict = synth({ objectives: { availability: 0.999 } });
    const long = resourcesOf(strict, "aws_cloudwatch_metric_alarm").find((a) => a.alarm_name.endsWith("slo-availability-page-1h-long-1h"))!;
    const burn = (long.metric_query as Record<string, any>[]).find((q) => q.return_data === true)!;
    expect(burn.expression).toMatch(/\/ 0\.001\)$/);
    expect(() => synth({ objectives: { ttft: 1 } })).toThrow(/objective of ttft must be a share between 0 and 1 \(exclusive\), e.g. 0.995, got 1/);
  });

  it("passes every default policy rule (alarms, topics, keys)", () => {
    const full = synth({ functionNames: ["evaluator"], deadLetterQueueNames: ["evaluator-dlq"], deliveryStreamName: "logs" });
    expect(evaluatePolicy(synthesizedStackFrom(full as never), PLATFORM_RULE_PACKS)).toEqual([]);
  });
});

/** An SLO of the team's own: availability held to 99.9 % under another name. */
function strictAvailability(): Slo {
  const [availability] = defaultSlos({
    modelName: BASE.modelName,
    endpointName: BASE.endpointName,
    instanceType: BASE.instanceType,
    judgePair: BASE.judgePair,
  });
  return { ...availability!, name: "availability-strict", objective: 0.999 };
}

const compositeNames = (json: SynthesizedJson) =>
  resourcesOf(json, "aws_cloudwatch_composite_alarm")
    .map((c) => c.alarm_name as string)
    .sort();
const sloNamesOf = (json: SynthesizedJson) => [
  ...new Set(compositeNames(json).map((n) => n.replace(/^llmobs-retail-banking-staging-slo-/, "").replace(/-(page|ticket)$/, ""))),
];

describe("Alerting SLO list", () => {
  it("guards only the given slos when slos replaces the defaults", () => {
    const json = synth({ slos: [strictAvailability()] });
    expect(sloNamesOf(json)).toEqual(["availability-strict"]);
  });

  it("appends additionalSlos to the defaults", () => {
    expect(sloNamesOf(synth({ additionalSlos: [strictAvailability()] }))).toEqual([
      "availability",
      "availability-strict",
      "quality-balance-inquiry",
      "quality-investment-strategy",
      "ttft",
    ]);
  });

  it("rejects an slo name used twice, and objectives or request types next to slos (they would be ignored)", () => {
    const [availability] = defaultSlos({ modelName: "m", endpointName: "e", instanceType: "ml.g5.12xlarge", requestTypes: [] });
    expect(() => synth({ additionalSlos: [availability!] })).toThrow(
      'slo name "availability" is used twice (slos and additionalSlos together); give each slo its own name',
    );
    expect(() => synth({ slos: [strictAvailability()], objectives: { availability: 0.99 } })).toThrow(/objectives shape the default slos, which slos replaces/);
    expect(() => synth({ slos: [strictAvailability()], expectedRequestsPerDay: 50_000 })).toThrow(/expectedRequestsPerDay shape the default slos/);
    expect(() => synth({ slos: [strictAvailability()], requestTypes: [] })).toThrow(/use additionalSlos to keep the defaults/);
  });
});

describe("Alerting alarm families", () => {
  const wired = { functionNames: ["evaluator"], deadLetterQueueNames: ["evaluator-dlq"], deliveryStreamName: "logs" };
  const directNames = (json: SynthesizedJson) =>
    resourcesOf(json, "aws_cloudwatch_metric_alarm")
      .map((a) => a.alarm_name as string)
      .filter((n) => !n.includes("-slo-"))
      .map((n) => n.replace("llmobs-retail-banking-staging-", ""))
      .sort();

  it("creates every family by default but the cache hit rate, whose metric the LMI jsonlines output never yields", () => {
    expect(directNames(synth(wired))).toEqual([
      "dead-letter-queue-evaluator-dlq",
      "firehose-data-freshness",
      "firehose-delivery-failure",
      "gpu-memory",
      "judge-spend",
      "lambda-errors-evaluator",
      "lambda-throttles-evaluator",
      "latency-contention",
      "prompt-tokens-anomaly",
      "ttft-p95",
    ]);
    expect(directNames(synth({ ...wired, alarms: { cacheHitRate: true } }))).toContain("cache-hit-rate");
  });

  it("leaves out the families switched off and keeps the rest", () => {
    const json = synth({ ...wired, alarms: { lambda: false, deadLetterQueues: false, gpu: false, firehose: false } });
    expect(directNames(json)).toEqual(["judge-spend", "latency-contention", "prompt-tokens-anomaly", "ttft-p95"]);
    expect(compositeNames(json)).toHaveLength(8);
  });

  it("without burn-rate alarms creates no SLO alarm but still the direct ones and the topics", () => {
    const json = synth({ alarms: { burnRate: false } });
    expect(resourcesOf(json, "aws_cloudwatch_composite_alarm")).toEqual([]);
    expect(resourcesOf(json, "aws_cloudwatch_metric_alarm").filter((a) => a.alarm_name.includes("-slo-"))).toEqual([]);
    expect(directNames(json)).toContain("gpu-memory");
    expect(resourcesOf(json, "aws_sns_topic")).toHaveLength(2);
  });

  it("rejects a family it does not know, naming the ones it does", () => {
    expect(() => synth({ alarms: { gpus: false } as never })).toThrow(
      'unknown alarm family "gpus"; use one of burnRate, gpu, latency, promptAnomaly, cacheHitRate, deadLetterQueues, lambda, firehose, judgeSpend',
    );
  });
});
