/**
 * Every metric the project references comes from the metric catalogue: in the synthesized JSON of
 * every environment's stack (alarms, metric queries, Logs Insights queries) and in the source
 * (`MetricName` / `metricName` string literals, EMF metric keys).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ResponseStream } from "@aws-sdk/client-sagemaker-runtime";
import { Testing } from "cdktf";
import { GATEWAY_LOG_FIELDS, GATEWAY_METRICS, METRIC_CATALOGUE, type MetricDefinition } from "../contracts/metric-catalogue";
import { DEFAULT_CALIBRATION_THRESHOLDS, type CalibrationRecord } from "../contracts/calibration-record";
import { STRATA } from "../contracts/score-item";
import { InBandGenerationError } from "../functions/gateway/errors";
import { blockedRequestSamples, deliveryFailedSamples, inferenceMetricSamples } from "../functions/gateway/metrics";
import { measureResponseStream } from "../functions/gateway/stream-timing";
import { calibrationDatums } from "../functions/judge-calibration/metrics";
import { survivedMaskingEmf } from "../functions/evaluator/last-check/survivor-metric";
import { canaryDatums } from "../functions/pii-canary/adapters/cloudwatch-metrics";
import { runBridge } from "../functions/serving-metrics/bridge";
import { emfDocuments } from "../functions/serving-metrics/emf";
import { scoreToDatums } from "../functions/quality-publisher/metric-data";
import { Alerting } from "../modules/alerting/alerting";
import { judgeErrorSettings } from "../modules/evaluation-layer/judge-error-settings";
import { synthesizeEveryStack } from "../testing/fixtures/every-stack";
import { testAlertingProps } from "../testing/fixtures/alerting";

const ROOT = path.resolve(__dirname, "..");
const KNOWN = new Set(METRIC_CATALOGUE.map((m) => `${m.namespace}|${m.name}`));
const KNOWN_NAMES = new Set(METRIC_CATALOGUE.map((m) => m.name));

/** Every `{namespace, metric_name}` pair found anywhere in a synthesized JSON value. */
function metricReferences(value: unknown, found: { namespace?: string; name: string; where: string }[], where: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => metricReferences(v, found, `${where}[${i}]`));
    return;
  }
  if (value === null || typeof value !== "object") return;
  const obj = value as Record<string, unknown>;
  // A WAF visibility_config's metric_name labels WAF's own AWS/WAFV2 metrics (it becomes the `Rule`
  // dimension); it names no metric of the platform.
  if (where.endsWith(".visibility_config")) return;
  if (typeof obj.metric_name === "string") found.push({ namespace: obj.namespace as string | undefined, name: obj.metric_name, where });
  for (const [k, v] of Object.entries(obj)) metricReferences(v, found, `${where}.${k}`);
}

/**
 * What the gateway publishes with the endpoint's own output format (OPTION_OUTPUT_FORMATTER=jsonlines,
 * djl_python `_jsonlines_output_formatter`): a completed stream, every failure, a blocked prompt and
 * a lost log record, run through the gateway's own metric code.
 */
async function gatewayPublishedNames(): Promise<Set<string>> {
  const lmiLines = [
    '{"token": {"id": 1, "text": "Your", "log_prob": -0.1}}\n',
    '{"token": {"id": 2, "text": " balance", "log_prob": -0.2}, "generated_text": "Your balance", "details": {"finish_reason": "eos_token", "generated_tokens": 2, "inputs": "q"}}\n',
  ];
  const stream = (lines: string[], fail?: Error) => async () => ({
    Body: (async function* (): AsyncGenerator<ResponseStream> {
      for (const line of lines) yield { PayloadPart: { Bytes: Buffer.from(line) } };
      if (fail) throw fail;
    })(),
  });
  const throttle = Object.assign(new Error("throttled"), { name: "ThrottlingException" });
  const outcomes = await Promise.all([
    measureResponseStream(stream(lmiLines), { prompt: "q" }),
    measureResponseStream(stream(lmiLines.slice(0, 1), Object.assign(new Error("broken"), { name: "ModelStreamError" })), { prompt: "q" }),
    measureResponseStream(async () => Promise.reject(throttle), { prompt: "q" }),
    measureResponseStream(async () => Promise.reject(new InBandGenerationError()), { prompt: "q" }),
    measureResponseStream((signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))), { prompt: "q", timeoutMs: 5 }),
  ]);
  const samples = [...outcomes.flatMap((m) => inferenceMetricSamples(m, true)), ...blockedRequestSamples(1), ...deliveryFailedSamples()];
  return new Set(samples.map((sample) => sample.metric.name));
}

/** What the quality publisher publishes for a score of each stratum. */
function qualityPublishedNames(): Set<string> {
  const score = {
    eventId: "e",
    inferenceTime: new Date().toISOString(),
    modelName: "m",
    judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0",
    rubricVersion: "bank-qa-rubric/2025-06-v1",
    requestType: "general",
    qualityScore: 0.8,
    factuality: 4,
    completeness: 4,
    toneCompliance: 4,
    undueRefusal: false,
    judgeCostUsd: 0.001,
  };
  // The judge error the stack gives the publisher: the committed record's, at the default thresholds.
  const record = JSON.parse(
    fs.readFileSync(path.join(ROOT, "calibration/records/anthropic.claude-3-haiku-20240307-v1-0__bank-qa-rubric-2025-06-v1.json"), "utf8"),
  ) as CalibrationRecord;
  const judgeError = judgeErrorSettings(record, { balance_inquiry: 0.9, investment_strategy: 0.75 }, 0.75).publisher;
  return new Set(STRATA.flatMap((stratum) => scoreToDatums({ ...score, stratum }, { default: 0.75 }, judgeError).map((d) => d.MetricName)));
}

/** What the calibration function publishes for a committed calibration record (the default judge pair's). */
function calibrationPublishedNames(): Set<string> {
  const dir = path.join(ROOT, "calibration", "records");
  const records = fs.readdirSync(dir).map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CalibrationRecord);
  return new Set(records.flatMap((record) => calibrationDatums(record).map((d) => d.MetricName)));
}

/** What the evaluator's EMF line and the PII canary's checker publish, run through their own code. */
function privacyPublishedNames(): { evaluator: Set<string>; canary: Set<string> } {
  const emf = survivedMaskingEmf(1, "evaluator", new Date()) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } };
  return {
    evaluator: new Set(emf._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => metric.Name))),
    canary: new Set(canaryDatums({ leaks: 1, missing: 1, evaluated: 1 }, "evaluator", new Date()).map((d) => d.MetricName)),
  };
}

/** What the serving-metrics bridge writes when every query answers (one zone for the per-zone series). */
async function bridgePublishedNames(): Promise<Set<string>> {
  const run = await runBridge(
    { instantQuery: () => Promise.resolve([{ labels: { "@resource.cloud.availability_zone": "sa-east-1a" }, value: 1 }]) },
    ["endpoint"],
    new Date(),
  );
  const documents = emfDocuments(run) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } }[];
  return new Set(documents.flatMap((d) => d._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => metric.Name))));
}

/** What each publisher was seen to emit. */
interface Published {
  readonly gateway: Set<string>;
  readonly quality: Set<string>;
  readonly calibration: Set<string>;
  readonly evaluator: Set<string>;
  readonly canary: Set<string>;
  readonly bridge: Set<string>;
}

async function publishedNames(): Promise<Published> {
  return {
    gateway: await gatewayPublishedNames(),
    quality: qualityPublishedNames(),
    calibration: calibrationPublishedNames(),
    ...privacyPublishedNames(),
    bridge: await bridgePublishedNames(),
  };
}

/** `namespace metric` of every metric each alarm of a stack reads. */
function alarmMetrics(json: any): { alarm: string; namespace: string; name: string }[] {
  return Object.values((json.resource?.aws_cloudwatch_metric_alarm ?? {}) as Record<string, any>).flatMap((alarm) => [
    ...(alarm.metric_name ? [{ alarm: alarm.alarm_name as string, namespace: alarm.namespace as string, name: alarm.metric_name as string }] : []),
    ...((alarm.metric_query ?? []) as any[])
      .filter((q) => q.metric)
      .map((q) => ({ alarm: alarm.alarm_name as string, namespace: q.metric.namespace as string, name: q.metric.metric_name as string })),
  ]);
}

/** Alarms (by metric) whose metric nobody publishes: not in the catalogue, or its publisher never emits it. */
function unpublished(json: any, published: Published): string[] {
  const filters = Object.values((json.resource?.aws_cloudwatch_log_metric_filter ?? {}) as Record<string, any>).map(
    (f) => `${f.metric_transformation.namespace}|${f.metric_transformation.name}`,
  );
  const byKey = new Map<string, MetricDefinition>(METRIC_CATALOGUE.map((m) => [`${m.namespace}|${m.name}`, m]));
  return alarmMetrics(json).flatMap(({ alarm, namespace, name }) => {
    const definition = byKey.get(`${namespace}|${name}`);
    const ok =
      definition !== undefined &&
      (definition.publishedBy === "aws" ||
        (definition.publishedBy === "gateway" && published.gateway.has(name)) ||
        (definition.publishedBy === "quality-publisher" && published.quality.has(name)) ||
        (definition.publishedBy === "judge-calibration" && published.calibration.has(name)) ||
        (definition.publishedBy === "evaluator" && published.evaluator.has(name)) ||
        (definition.publishedBy === "pii-canary" && published.canary.has(name)) ||
        (definition.publishedBy === "serving-metrics-bridge" && published.bridge.has(name)) ||
        (definition.publishedBy === "access-log-metric-filter" && filters.includes(`${namespace}|${name}`)));
    return ok ? [] : [`${alarm}: ${namespace} ${name} (${definition?.publishedBy ?? "not in the catalogue"})`];
  });
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (["node_modules", "cdktf.out", ".git", "dist", "coverage"].includes(e.name) || e.name.startsWith(".")) return [];
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|json)$/.test(e.name) && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

describe("metric references", { timeout: 120_000 }, () => {
  let stacks: Record<string, any> = {};
  beforeAll(() => {
    stacks = synthesizeEveryStack();
    expect(Object.keys(stacks).length).toBeGreaterThan(0);
  }, 120_000);

  it("every metric in the synthesized stacks (alarms, metric math) is in METRIC_CATALOGUE with its namespace", () => {
    const unknown: string[] = [];
    for (const [id, json] of Object.entries(stacks)) {
      const found: { namespace?: string; name: string; where: string }[] = [];
      metricReferences(json.resource, found, id);
      for (const ref of found) {
        const ok = ref.namespace === undefined ? KNOWN_NAMES.has(ref.name) : KNOWN.has(`${ref.namespace}|${ref.name}`);
        if (!ok) unknown.push(`${ref.where}: ${ref.namespace ?? "?"} ${ref.name}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("every saved Logs Insights query uses only catalogue metric names and gateway log fields", () => {
    const allowed = new Set([...KNOWN_NAMES, ...Object.values(GATEWAY_LOG_FIELDS)]);
    const queries = Object.values(stacks).flatMap((json) => Object.values(json.resource?.aws_cloudwatch_query_definition ?? {})) as { query_string: string }[];
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      // Identifiers that are field reads: after fields/by/filter/sort, or inside a function call.
      const text = q.query_string.replace(/"[^"]*"/g, "");
      const aliases = new Set([...text.matchAll(/\bas\s+([A-Za-z_][\w]*)/g)].map((m) => m[1]!));
      const identifiers = [...text.matchAll(/(?<![@\w.])([A-Za-z_][\w]*)(?![\w(])/g)].map((m) => m[1]!);
      const keywords = new Set([
        "fields",
        "filter",
        "stats",
        "sort",
        "limit",
        "by",
        "as",
        "and",
        "or",
        "not",
        "desc",
        "asc",
        "ispresent",
        "count",
        "sum",
        "pct",
        "bin",
      ]);
      const unknown = identifiers.filter((id) => !keywords.has(id) && !aliases.has(id) && !allowed.has(id) && !/^\d/.test(id));
      expect(unknown, q.query_string).toEqual([]);
    }
    const all = queries.map((q) => q.query_string).join("\n");
    expect(all).toContain(GATEWAY_METRICS.ttft.name);
  });

  it("every MetricName / metricName string literal in the source is a catalogue metric", () => {
    const unknown: string[] = [];
    const literal = /\b(?:MetricName|metricName|metric_name)\s*[:=]\s*["'`]([^"'`$]+)["'`]/g;
    for (const file of sourceFiles(ROOT)) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(literal)) {
        if (!KNOWN_NAMES.has(m[1]!)) unknown.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("every alarm's metric is published by its catalogue publisher with the endpoint's jsonlines output", async () => {
    const published = await publishedNames();
    // The gateway's metrics exercised include the per-request ones every alarm reads.
    expect([...published.gateway]).toEqual(expect.arrayContaining(["ttft_ms", "prompt_tokens", "RequestCount", "GuardrailTriggered"]));
    expect(published.gateway.has(GATEWAY_METRICS.cacheHitRate.name)).toBe(false);
    // The AWS stacks (the operations and Grafana stacks hold no CloudWatch alarm).
    const aws = Object.entries(stacks).filter(([id]) => !id.endsWith("-operations") && !id.endsWith("-grafana"));
    expect(aws.length).toBeGreaterThan(0);
    for (const [id, json] of aws) {
      expect(alarmMetrics(json).length, id).toBeGreaterThan(30);
      expect(unpublished(json, published), id).toEqual([]);
    }
  });

  it("catches an alarm on a metric no code publishes: the cache hit rate under jsonlines (the check can fail)", async () => {
    const published = await publishedNames();
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new Alerting(scope, "alerting", {
          ...testAlertingProps(),
          calibrationThresholds: DEFAULT_CALIBRATION_THRESHOLDS,
          alarms: { cacheHitRate: true },
        });
      }),
    );
    expect(unpublished(json, published)).toEqual([expect.stringMatching(/cache-hit-rate: LLMInference\/SageMaker cache_hit_rate \(gateway\)$/)]);
  });

  it("catches a metric that is not in the catalogue (the check can fail)", () => {
    const found: { namespace?: string; name: string; where: string }[] = [];
    metricReferences({ alarm: { namespace: "LLMInference/SageMaker", metric_name: "ttft_msec" } }, found, "x");
    expect(found.filter((r) => !KNOWN.has(`${r.namespace}|${r.name}`)).map((r) => r.name)).toEqual(["ttft_msec"]);
  });
});
