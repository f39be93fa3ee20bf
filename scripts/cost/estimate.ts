/**
 * The monthly cost of the observability overhead of one environment: what its synthesized AWS
 * stack deploys (alarms, keys, endpoints, functions, log groups, buckets and their lifecycle, the
 * Grafana workspace), the series the metric catalogue emits with the environment's dimensions,
 * and a stated traffic profile. Every item says what it was computed from (`basis`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import type { ResolvedEnvironment } from "../../config/resolved";
import { GATEWAY_METRICS, QUALITY_METRICS, DIMENSIONS } from "../../contracts/metric-catalogue";
import { STRATA } from "../../contracts/score-item";
import { countMetricSeries } from "../../modules/inference-gateway";
import { packageRoot } from "../../modules/shared";
import { DEFAULT_RUBRIC_VERSION } from "../../contracts/judge-pair";
import { JUDGE_CHARS_PER_TOKEN, judgeCallTokens, judgeCostLines, type JudgeCallTokens } from "./judge-tokens";
import { Random } from "../../testing/random";
import { chatPrompt, systemPrompt, USE_CASES } from "../../demo/workload/catalog";
import { DAYS_PER_MONTH, HOURS_PER_MONTH, PRICES, SA_EAST_1_FALLBACK } from "./prices";

type Json = Record<string, any>;

/** The traffic the estimate is for; every field is a flag of `npm run cost`. */
export interface TrafficProfile {
  /** @default 10000 (the source article's) */
  readonly requestsPerDay: number;
  /** Prompt tokens per request, system prompt included. @default 500 */
  readonly promptTokens: number;
  /** Generated tokens per request. @default 300 (the source article's average answer) */
  readonly completionTokens: number;
  /** Time to first token, ms. @default 400 */
  readonly ttftMs: number;
  /** Inter-token latency, ms. @default 30 */
  readonly itlMs: number;
  /** Generation throughput of one instance, tokens per second (for the endpoint's cost per token). @default 1000 */
  readonly tokensPerSecondPerInstance: number;
  /** Share of requests the guardrail flags (always judged). @default 0.03 */
  readonly flaggedShare: number;
  /** Share of the rest with mean token entropy above the threshold (always judged). @default 0.05 */
  readonly lowConfidenceShare: number;
  /** Judge output tokens per evaluation. @default - the rubric's: 100 for a tool call with a rationale, 7 for a one-line verdict */
  readonly judgeOutputTokens?: number;
  /** Judge input tokens per evaluation; sized from the evaluator's own request when absent. */
  readonly judgeInputTokens?: number;
  /** Gateway log output per request, bytes (EMF and log lines). @default 4600 (measured: `npm run bench:gateway`, "output per request") */
  readonly logBytesPerRequest: number;
  /** Grafana editors (admins) per workspace. @default 1 */
  readonly grafanaEditors: number;
  /** Grafana viewers; the environment's `grafana.teamMembers` when it lists any. @default 5 */
  readonly grafanaViewers?: number;
  /** Judge latency per call, seconds (evaluator duration). @default 1.2 */
  readonly judgeLatencySeconds: number;
}

export const DEFAULT_PROFILE: TrafficProfile = {
  requestsPerDay: 10_000,
  promptTokens: 500,
  completionTokens: 300,
  ttftMs: 400,
  itlMs: 30,
  tokensPerSecondPerInstance: 1_000,
  flaggedShare: 0.03,
  lowConfidenceShare: 0.05,
  logBytesPerRequest: 4_600,
  grafanaEditors: 1,
  judgeLatencySeconds: 1.2,
};

export interface CostItem {
  readonly name: string;
  readonly monthlyUsd: number;
  /** How the figure was computed, in a sentence. */
  readonly basis: string;
}

export interface CostEstimate {
  readonly environment: string;
  readonly region: string;
  /** The overhead of observability per month: the sum of `items`. */
  readonly monthlyUsd: number;
  readonly items: readonly CostItem[];
  /** Not overhead, for scale: the endpoint itself. */
  readonly endpoint: { readonly monthlyUsd: number; readonly per1kTokensUsd: number; readonly basis: string };
  readonly article: readonly { readonly claim: string; readonly ours: string; readonly why: string }[];
  readonly profile: TrafficProfile;
  readonly notes: readonly string[];
}

const round = (usd: number): number => Math.round(usd * 100) / 100;
const CHARS_PER_TOKEN = 4;
const GB = 1e9;

/**
 * Prompts and answers of the profile's sizes: a fixed system prompt per use case (the demo's), then
 * words drawn at random from the demo's banking texts for the client's question and the answer,
 * so that judge requests, records and their gzip ratio are sized on text that repeats what real
 * traffic repeats (the system prompt) and nothing else.
 */
function sampleTexts(profile: TrafficProfile, count = 1): { prompt: string; response: string }[] {
  const random = new Random("cost-samples");
  const vocabulary = [...new Set(Object.values(USE_CASES).flatMap((u) => systemPrompt(u).split(/\s+/)))];
  const words = (chars: number): string => {
    const out: string[] = [];
    for (let length = 0; length < chars; length += out[out.length - 1]!.length + 1) out.push(random.pick(vocabulary));
    return out.join(" ").slice(0, chars);
  };
  const useCases = Object.values(USE_CASES);
  return Array.from({ length: count }, (_, i) => {
    const system = systemPrompt(useCases[i % useCases.length]!);
    const questionChars = Math.max(40, profile.promptTokens * CHARS_PER_TOKEN - system.length);
    return { prompt: chatPrompt(system, words(questionChars)), response: words(profile.completionTokens * CHARS_PER_TOKEN) };
  });
}

/** Tokens of one judge call of `rubricVersion` on the profile's texts (`judgeCallTokens`). */
export function judgeCall(profile: TrafficProfile, rubricVersion: string = DEFAULT_RUBRIC_VERSION): JudgeCallTokens {
  const [{ prompt, response }] = sampleTexts(profile) as [{ prompt: string; response: string }];
  return judgeCallTokens(rubricVersion, prompt, response);
}

/** Input tokens of one judge call: the rubric's system prompt, tool definition and fenced texts. */
export function judgeInputTokens(profile: TrafficProfile, rubricVersion: string = DEFAULT_RUBRIC_VERSION): number {
  return judgeCall(profile, rubricVersion).input;
}

/** Bytes of one inference-log record of the profile's size, raw and gzipped (as Firehose writes it). */
export function inferenceLogRecordBytes(profile: TrafficProfile): { raw: number; gzipped: number } {
  const samples = sampleTexts(profile, 100);
  const lines = samples.map(({ prompt, response }, i) => `${JSON.stringify(recordOf(profile, prompt, response, i))}\n`);
  // One Firehose object holds many records: the ratio is measured on a batch of them.
  return { raw: lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / lines.length, gzipped: gzipSync(Buffer.from(lines.join(""))).length / lines.length };
}

function recordOf(profile: TrafficProfile, prompt: string, response: string, index: number): Record<string, unknown> {
  return {
    recordType: "llm-inference-log",
    schemaVersion: 1,
    requestId: `0b7c9d2e-8f6a-4c1b-9e3d-${String(index).padStart(12, "0")}`,
    inferenceTime: "2026-06-01T12:00:00.000Z",
    completedAt: "2026-06-01T12:00:09.400Z",
    endpointName: "llmobs-retail-banking-prod-endpoint",
    modelName: "llama-3-1-8b-instruct",
    instanceType: "ml.g5.12xlarge",
    useCase: "general",
    requestType: "balance_inquiry",
    status: "ok",
    guardrail: { flagged: false, reasons: [] },
    tokens: { prompt: profile.promptTokens, completion: profile.completionTokens },
    timing: { ttftMs: profile.ttftMs, totalMs: 9400, tokensPerSecond: 33.3, itl: { count: 299, meanMs: 30, p50Ms: 29, p95Ms: 41, p99Ms: 60, maxMs: 180 } },
    cacheHitRate: 62.5,
    meanTokenEntropy: 0.31,
    prompt,
    response,
  };
}

/** Storage cost per month of a stream of `gbPerMonth` with the lifecycle: Standard for `standardDays`, then Glacier IR, expiring at `expireDays`. */
export function lifecycleStorage(gbPerMonth: number, standardDays: number, expireDays: number): { firstYearAvg: number; steadyState: number } {
  const standardMonths = standardDays / (365 / 12);
  const totalMonths = expireDays / (365 / 12);
  const steadyState = gbPerMonth * (standardMonths * PRICES.s3Standard.usd + (totalMonths - standardMonths) * PRICES.s3GlacierInstantRetrieval.usd);
  // Over the first 12 months the archive builds up from nothing.
  let sum = 0;
  for (let month = 1; month <= 12; month += 1) {
    const standard = Math.min(month, standardMonths);
    const archived = Math.max(0, Math.min(month, totalMonths) - standardMonths);
    sum += gbPerMonth * (standard * PRICES.s3Standard.usd + archived * PRICES.s3GlacierInstantRetrieval.usd);
  }
  return { firstYearAvg: sum / 12, steadyState };
}

function lifecycleOf(stack: Json, bucketRef: string): { standardDays: number; expireDays: number } {
  const configs = Object.values((stack.resource?.aws_s3_bucket_lifecycle_configuration ?? {}) as Json).filter((c) =>
    String((c as Json).bucket).includes(bucketRef),
  ) as Json[];
  const rule = configs[0]?.rule?.[0] as Json | undefined;
  return {
    standardDays: Number(rule?.transition?.find((t: Json) => t.storage_class === "GLACIER_IR")?.days ?? 90),
    expireDays: Number(rule?.expiration?.[0]?.days ?? 2557),
  };
}

export function estimateCost(env: ResolvedEnvironment, stack: Json, profile: TrafficProfile = DEFAULT_PROFILE): CostEstimate {
  const r = (stack.resource ?? {}) as Json;
  const items: CostItem[] = [];
  const notes: string[] = [];
  const add = (name: string, monthlyUsd: number, basis: string) => items.push({ name, monthlyUsd: round(monthlyUsd), basis });
  const requestsPerMonth = profile.requestsPerDay * DAYS_PER_MONTH;
  const instances = env.model.autoscaling?.minInstances ?? env.model.instanceCount;

  // 1. Custom metrics: the catalogue's metrics with the dimension values this environment emits.
  const requestTypes = env.gateway.requestTypes.length;
  const combinations = (set: readonly string[]): number =>
    (set.includes(DIMENSIONS.requestType) ? requestTypes : 1) * (set.includes(DIMENSIONS.stratum) ? STRATA.length : 1);
  const gatewaySeries = countMetricSeries(Object.values(GATEWAY_METRICS), combinations);
  const qualitySeries = countMetricSeries(Object.values(QUALITY_METRICS), combinations);
  const series = gatewaySeries + qualitySeries;
  add(
    "CloudWatch custom metrics",
    series * PRICES.customMetric.usd,
    `${series} series (gateway ${gatewaySeries}: ${Object.keys(GATEWAY_METRICS).length} metrics per endpoint and per each of ${requestTypes} request types; quality ${qualitySeries}: ${Object.keys(QUALITY_METRICS).length} metrics by model, request type and ${STRATA.length} strata) x $${PRICES.customMetric.usd}`,
  );

  // 2. Alarms, from the synthesized stack.
  let standardMetrics = 0;
  let highResMetrics = 0;
  let anomaly = 0;
  for (const alarm of Object.values((r.aws_cloudwatch_metric_alarm ?? {}) as Json) as Json[]) {
    const queries = (alarm.metric_query ?? []) as Json[];
    const metrics = alarm.metric_query ? queries.filter((q) => q.metric).length : 1;
    const period = Number(alarm.period ?? queries.find((q) => q.metric)?.metric?.period ?? 60);
    const isAnomaly = queries.some((q) => String(q.expression ?? "").includes("ANOMALY_DETECTION_BAND"));
    const billed = isAnomaly ? PRICES.anomalyDetectionAlarmMetrics.usd * metrics : metrics;
    if (isAnomaly) anomaly += 1;
    if (period < 60) highResMetrics += billed;
    else standardMetrics += billed;
  }
  const metricAlarms = Object.keys(r.aws_cloudwatch_metric_alarm ?? {}).length;
  const composites = Object.keys(r.aws_cloudwatch_composite_alarm ?? {}).length;
  add(
    "CloudWatch alarms",
    standardMetrics * PRICES.standardAlarmMetric.usd + highResMetrics * PRICES.highResolutionAlarmMetric.usd + composites * PRICES.compositeAlarm.usd,
    `${metricAlarms} metric alarms reading ${standardMetrics} standard-resolution alarm metrics (metric-math alarms counted by the metrics they read; ${anomaly} anomaly-detection alarm x3) x $${PRICES.standardAlarmMetric.usd}, ${highResMetrics} high-resolution x $${PRICES.highResolutionAlarmMetric.usd}, ${composites} composite x $${PRICES.compositeAlarm.usd}`,
  );

  // 3. Grafana workspace users.
  if (env.grafana.mode === "managed-workspace" && r.aws_grafana_workspace) {
    const viewers = profile.grafanaViewers ?? (env.grafana.teamMembers.length > 0 ? env.grafana.teamMembers.length : 5);
    const editors = Math.max(1, profile.grafanaEditors);
    const fromTeam = profile.grafanaViewers === undefined && env.grafana.teamMembers.length > 0;
    const editorsFromTeam = env.grafana.teamPermission === "Edit" && fromTeam;
    add(
      "Managed Grafana",
      (editorsFromTeam ? editors + viewers : editors) * PRICES.grafanaEditor.usd + (editorsFromTeam ? 0 : viewers) * PRICES.grafanaViewer.usd,
      `${editors} editor${editors === 1 ? "" : "s"} x $${PRICES.grafanaEditor.usd} + ${viewers} ${editorsFromTeam ? "team editors" : "viewers"} x $${editorsFromTeam ? PRICES.grafanaEditor.usd : PRICES.grafanaViewer.usd} (${fromTeam ? "the environment's grafana.teamMembers" : "profile default"}); the workspace itself has no fee`,
    );
  }

  // 4. Firehose: every record rounded up to 5 KB.
  const record = inferenceLogRecordBytes(profile);
  const billedRecordBytes = Math.ceil(record.raw / 5120) * 5120;
  add(
    "Firehose ingestion",
    ((requestsPerMonth * billedRecordBytes) / GB) * PRICES.firehoseIngestion.usd,
    `${Math.round(requestsPerMonth).toLocaleString("en-US")} inference-log records of ${Math.round(record.raw / 100) / 10} KB, billed as ${billedRecordBytes / 1024} KB each, x $${PRICES.firehoseIngestion.usd}/GB`,
  );

  // 5. S3 over seven years with the lifecycle: inference logs (GZIP), DataCapture, audit trail.
  const firehose = Object.values((r.aws_kinesis_firehose_delivery_stream ?? {}) as Json)[0] as Json | undefined;
  const logsBucketRef = /aws_s3_bucket\.([A-Za-z0-9_-]+)\./.exec(String(firehose?.extended_s3_configuration?.bucket_arn ?? ""))?.[1] ?? "";
  const logsLifecycle = lifecycleOf(stack, logsBucketRef);
  const logsGbPerMonth = (requestsPerMonth * record.gzipped) / GB;
  const logsStorage = lifecycleStorage(logsGbPerMonth, logsLifecycle.standardDays, logsLifecycle.expireDays);
  const bufferSeconds = Number(firehose?.extended_s3_configuration?.buffering_interval ?? 300);
  const logObjects = (HOURS_PER_MONTH * 3600) / bufferSeconds;
  add(
    "S3 inference logs",
    logsStorage.steadyState + (logObjects / 1000) * (PRICES.s3Put.usd + PRICES.s3Get.usd + PRICES.s3TransitionToGlacierIr.usd),
    `${logsGbPerMonth.toFixed(2)} GB/month gzipped (${Math.round(record.gzipped)} B per record); steady state after ${Math.round(logsLifecycle.expireDays / 365)} years: ${logsLifecycle.standardDays} d Standard, then Glacier IR to day ${logsLifecycle.expireDays} (first-year average $${logsStorage.firstYearAvg.toFixed(2)}/month); ${Math.round(logObjects)} objects/month put, read and transitioned`,
  );

  const sampling = env.dataCapture.samplingPercentage / 100;
  const captureBytes = (profile.promptTokens + profile.completionTokens) * CHARS_PER_TOKEN * 1.3 + 600;
  const captureGbPerMonth = (requestsPerMonth * sampling * captureBytes) / GB;
  const captureRef = Object.entries((r.aws_s3_bucket ?? {}) as Json).find(([key]) => key.includes("capture"))?.[0] ?? "capture";
  const captureLifecycle = lifecycleOf(stack, captureRef);
  const captureStorage = lifecycleStorage(captureGbPerMonth, captureLifecycle.standardDays, captureLifecycle.expireDays);
  add(
    "DataCapture",
    captureStorage.steadyState,
    `${env.dataCapture.samplingPercentage} % of requests x ${Math.round(captureBytes)} B (JSON input and output, uncompressed) = ${captureGbPerMonth.toFixed(2)} GB/month, same lifecycle, steady state (first-year average $${captureStorage.firstYearAvg.toFixed(2)}/month); capture files under 128 KB are billed as 128 KB in Glacier IR (not modelled)`,
  );

  // 6. CloudTrail data events on the capture and inference-log buckets (and the audit trail's own storage).
  const captureObjects = HOURS_PER_MONTH * 60 * (sampling > 0 ? 1 : 0) * instances;
  // A second trail (the audit of the audit) records the writes of the first trail's log files.
  const trails = Object.keys(r.aws_cloudtrail ?? {}).length;
  const trailDeliveries = trails > 1 ? (HOURS_PER_MONTH * 3600) / 300 : 0;
  const dataEvents = logObjects * 2 + captureObjects * 2 + trailDeliveries;
  add(
    "CloudTrail data events",
    (dataEvents / 100_000) * PRICES.cloudTrailDataEvents.usd,
    `S3 object-level events: ${Math.round(logObjects)} Firehose puts and evaluator reads, about ${Math.round(captureObjects)} capture files (one a minute per instance, assumed) put and read${trailDeliveries ? `, ${Math.round(trailDeliveries)} log-file deliveries of the first trail seen by the second` : ""}: ${Math.round(dataEvents).toLocaleString("en-US")} events x $${PRICES.cloudTrailDataEvents.usd}/100,000`,
  );

  // 7. KMS: the stack's customer managed keys, with rotation, and requests.
  const keys = Object.values((r.aws_kms_key ?? {}) as Json) as Json[];
  const rotating = keys.filter((k) => k.enable_key_rotation === true).length;
  const kmsRequests = logObjects * 2 + captureObjects * 2 + requestsPerMonth * 0.02 + ((HOURS_PER_MONTH * 3600) / 300) * 4;
  add(
    "KMS keys and requests",
    keys.length * PRICES.kmsKey.usd + (Math.max(0, kmsRequests - 20_000) / 10_000) * PRICES.kmsRequests.usd,
    `${keys.length} customer managed keys x $${PRICES.kmsKey.usd} (${rotating} rotate yearly: $2 from year 2, $3 from year 3 on, +$${rotating * 2}/month then); about ${Math.round(kmsRequests).toLocaleString("en-US")} requests (S3 bucket keys, SQS data-key reuse of 5 minutes, cold starts; estimated) x $${PRICES.kmsRequests.usd}/10,000 after 20,000 free`,
  );

  const fn = (name: string): Json | undefined =>
    (Object.values((r.aws_lambda_function ?? {}) as Json) as Json[]).find((f) => String(f.function_name).endsWith(name));
  const gb = (f: Json | undefined) => Number(f?.memory_size ?? 1024) / 1024;
  // 8. Judge: requests x sampling share x tokens per evaluation x model price.
  const sampleRate = env.evaluation.sampleRate;
  const judgedShare = profile.flaggedShare + (1 - profile.flaggedShare) * (profile.lowConfidenceShare + (1 - profile.lowConfidenceShare) * sampleRate);
  const evaluationsPerMonth = requestsPerMonth * judgedShare;
  const call = judgeCall(profile, env.evaluation.judgeRubricVersion);
  const inputTokens = profile.judgeInputTokens ?? call.input;
  const outputTokens = profile.judgeOutputTokens ?? call.output;
  const priceIn = env.evaluation.judgeInputPricePer1k;
  const priceOut = env.evaluation.judgeOutputPricePer1k;
  const perEvaluation = (inputTokens / 1000) * priceIn + (outputTokens / 1000) * priceOut;
  const versions = [
    ...new Set([
      DEFAULT_RUBRIC_VERSION,
      env.evaluation.judgeRubricVersion,
      ...(env.evaluation.candidateJudge ? [env.evaluation.candidateJudge.rubricVersion] : []),
    ]),
  ];
  notes.push(
    ...judgeCostLines(
      versions.map((v) => judgeCall(profile, v)),
      priceIn,
      priceOut,
    ).map((line) => `judge ${line}`),
  );
  add(
    "Bedrock judge",
    evaluationsPerMonth * perEvaluation,
    `${Math.round(evaluationsPerMonth).toLocaleString("en-US")} evaluations (${(judgedShare * 100).toFixed(1)} %: ${profile.flaggedShare * 100} % flagged + ${profile.lowConfidenceShare * 100} % low confidence + ${sampleRate * 100} % of the rest) x (${inputTokens} input tokens x $${priceIn}/1k + ${outputTokens} output x $${priceOut}/1k) = $${(perEvaluation * 1000).toFixed(3)} per 1,000 evaluations (${env.evaluation.judgeModelId}, ${env.evaluation.judgeRubricVersion})`,
  );
  if (priceIn !== PRICES.haikuInput.usd || priceOut !== PRICES.haikuOutput.usd)
    notes.push(
      `the environment prices its judge at $${priceIn}/$${priceOut} per 1,000 tokens; the price table's Claude 3 Haiku is $${PRICES.haikuInput.usd}/$${PRICES.haikuOutput.usd}`,
    );

  // Shadow judging of a candidate pair judges a share of the evaluations a second time.
  const evaluatorVariables = ((Object.values((r.aws_lambda_function ?? {}) as Json) as Json[]).find((f) => f.environment?.variables?.SCORES_TABLE_NAME)
    ?.environment?.variables ?? {}) as Record<string, string>;
  if (evaluatorVariables.CANDIDATE_JUDGE_PAIR) {
    const share = Number(evaluatorVariables.SHADOW_SHARE ?? 1);
    const candidate = env.evaluation.candidateJudge;
    const candidateCall = candidate ? judgeCall(profile, candidate.rubricVersion) : call;
    const perShadow = (candidateCall.input / 1000) * priceIn + (candidateCall.output / 1000) * priceOut;
    add(
      "Shadow judge (candidate pair)",
      evaluationsPerMonth * share * perShadow,
      `${evaluatorVariables.CANDIDATE_JUDGE_PAIR} judges ${share * 100} % of the evaluations a second time at $${(perShadow * 1000).toFixed(3)} per 1,000 (its rubric's tokens at the current judge model's price; check the candidate model's own price)`,
    );
  }

  // 8b. Judge calibration: the golden set judged on the stack's schedule (monthly by default).
  const calibrationFn = fn("-judge-calibration");
  if (calibrationFn) {
    const goldenSetFile = path.resolve(packageRoot(), env.evaluation.calibration.goldenSet);
    const items = fs.existsSync(goldenSetFile)
      ? fs
          .readFileSync(goldenSetFile, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "").length
      : 0;
    const schedule = String((Object.values((r.aws_scheduler_schedule ?? {}) as Json)[0] as Json | undefined)?.schedule_expression ?? "");
    const runs = /^cron\(\S+ \S+ \S+ \* /.test(schedule)
      ? 1
      : /^rate\((\d+) days?\)$/.exec(schedule)
        ? DAYS_PER_MONTH / Number(/^rate\((\d+)/.exec(schedule)![1])
        : 1;
    add(
      "Judge calibration",
      runs * items * perEvaluation + runs * items * (profile.judgeLatencySeconds / 4) * gb(calibrationFn) * PRICES.lambdaArmGbSecond.usd,
      `${items} golden-set pairs (${env.evaluation.calibration.goldenSet}) judged ${runs === 1 ? "once a month" : `${runs.toFixed(1)} times a month`} (${schedule}) at $${(perEvaluation * 1000).toFixed(3)} per 1,000, plus the function's duration`,
    );
  }

  // 9. DynamoDB: one consistent read and one conditional write per evaluation; items live 180 days.
  const itemBytes = 1_300;
  const evaluatorFn = (Object.values((r.aws_lambda_function ?? {}) as Json) as Json[]).find((f) => f.environment?.variables?.SCORE_TTL_DAYS);
  const ttlDays = Number(evaluatorFn?.environment?.variables?.SCORE_TTL_DAYS ?? 180);
  const storedGb = ((evaluationsPerMonth / DAYS_PER_MONTH) * ttlDays * itemBytes) / GB;
  add(
    "DynamoDB scores",
    ((evaluationsPerMonth * 2) / 1e6) * PRICES.dynamodbWrite.usd +
      (evaluationsPerMonth / 1e6) * PRICES.dynamodbRead.usd +
      Math.max(0, storedGb - 25) * PRICES.dynamodbStorage.usd +
      storedGb * PRICES.dynamodbPitr.usd,
    `${Math.round(evaluationsPerMonth).toLocaleString("en-US")} conditional writes of a ${itemBytes / 1000} KB item (2 WRU) and consistent reads (1 RRU); ${storedGb.toFixed(3)} GB kept for ${ttlDays} days (TTL) (25 GB free) with PITR; stream reads by Lambda are free`,
  );

  // 10. Lambda: the gateway holds each request for its whole stream.
  const gatewaySeconds = (profile.ttftMs + profile.completionTokens * profile.itlMs) / 1000 + 0.05;
  const gatewayGbSeconds = requestsPerMonth * gatewaySeconds * gb(fn("-gateway"));
  const evaluatorGbSeconds =
    (logObjects + captureObjects) * 2 * gb(fn("-evaluator")) +
    evaluationsPerMonth * (profile.judgeLatencySeconds / env.evaluation.judgeConcurrency) * gb(fn("-evaluator"));
  const publisherInvocations = Math.min(evaluationsPerMonth, (HOURS_PER_MONTH * 3600) / 5);
  const publisherGbSeconds = publisherInvocations * 0.2 * gb(fn("-quality-publisher"));
  const lambdaRequests = requestsPerMonth + logObjects + captureObjects + publisherInvocations;
  add(
    "Lambda (gateway, evaluator, publisher)",
    (gatewayGbSeconds + evaluatorGbSeconds + publisherGbSeconds) * PRICES.lambdaArmGbSecond.usd + (lambdaRequests / 1e6) * PRICES.lambdaRequests.usd,
    `gateway ${gatewaySeconds.toFixed(1)} s per request (TTFT ${profile.ttftMs} ms + ${profile.completionTokens} tokens x ${profile.itlMs} ms: it holds the stream) x ${gb(fn("-gateway"))} GB = ${Math.round(gatewayGbSeconds).toLocaleString("en-US")} GB-s; evaluator ${Math.round(evaluatorGbSeconds).toLocaleString("en-US")} GB-s; publisher ${Math.round(publisherGbSeconds).toLocaleString("en-US")} GB-s; arm64 x $${PRICES.lambdaArmGbSecond.usd}/GB-s + requests`,
  );

  // 11. CloudWatch Logs: the gateway's EMF and log lines, the other functions and the trail.
  const logGbPerMonth =
    (requestsPerMonth * profile.logBytesPerRequest + (logObjects + captureObjects) * 2_000 + evaluationsPerMonth * 300 + dataEvents * 1_500) / GB;
  const retentionDays = env.telemetry.logRetentionDays;
  add(
    "CloudWatch Logs",
    logGbPerMonth * PRICES.logsIngestion.usd + ((logGbPerMonth * Math.min(retentionDays, 365)) / (365 / 12)) * PRICES.logsStorage.usd,
    `${logGbPerMonth.toFixed(2)} GB/month ingested (gateway ${profile.logBytesPerRequest} B per request: the EMF lines that carry the custom metrics, and its log lines; evaluator, publisher, CloudTrail to Logs) x $${PRICES.logsIngestion.usd}/GB, kept ${retentionDays} days (steady state after one year) x $${PRICES.logsStorage.usd}/GB-month`,
  );

  // 12. VPC interface endpoints the evaluation layer creates (shared with the gateway).
  const interfaces = (Object.values((r.aws_vpc_endpoint ?? {}) as Json) as Json[]).filter((e) => e.vpc_endpoint_type === "Interface");
  const endpointAzs = interfaces.reduce((n, e) => n + Math.max(1, (e.subnet_ids ?? []).length), 0);
  if (interfaces.length > 0) {
    const processedGb = (requestsPerMonth * (record.raw + profile.logBytesPerRequest) + evaluationsPerMonth * 2 * (inputTokens * JUDGE_CHARS_PER_TOKEN)) / GB;
    add(
      "VPC interface endpoints",
      endpointAzs * HOURS_PER_MONTH * PRICES.interfaceEndpointHour.usd + processedGb * PRICES.interfaceEndpointGb.usd,
      `${interfaces.length} interface endpoints (${interfaces.map((e) => String(e.service_name).split(".").slice(3).join(".")).join(", ")}) x ${endpointAzs / interfaces.length} AZs x ${HOURS_PER_MONTH} h x $${PRICES.interfaceEndpointHour.usd} + ${processedGb.toFixed(1)} GB processed; give evaluation.vpcEndpoints the ids of endpoints the VPC already has`,
    );
  } else {
    notes.push("no interface VPC endpoints in this stack (evaluation.vpcEndpoints names the VPC's own): they are paid for elsewhere");
  }

  // The endpoint itself, for scale (not overhead).
  const hourly = env.model.hourlyPriceUsd * instances;
  const throughput = profile.tokensPerSecondPerInstance * instances;
  const endpoint = {
    monthlyUsd: round(hourly * HOURS_PER_MONTH),
    per1kTokensUsd: (1000 * hourly) / (throughput * 3600),
    basis: `${instances} x ${env.model.instanceType} at $${env.model.hourlyPriceUsd}/h (the environment's model.hourlyPriceUsd${env.model.autoscaling ? ", the autoscaling minimum" : ""}); cost per 1,000 generated tokens at ${throughput.toLocaleString("en-US")} tokens/s`,
  };

  const total = round(items.reduce((n, i) => n + i.monthlyUsd, 0));
  const metricsItem = items.find((i) => i.name === "CloudWatch custom metrics")!;
  const big = [...items]
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd)
    .slice(0, 3)
    .map((i) => `${i.name} $${i.monthlyUsd.toFixed(2)}`);
  const article = [
    {
      claim: "custom metrics ~$10/month (6 metrics x 3 dimensions x 2 endpoints x $0.30)",
      ours: `$${metricsItem.monthlyUsd.toFixed(2)} for ${series} series`,
      why: `the article counts 36 series; the platform's catalogue has ${Object.keys(GATEWAY_METRICS).length} gateway metrics, each per endpoint and per request type (${requestTypes}), and ${Object.keys(QUALITY_METRICS).length} quality metrics by model, request type and stratum. The article's "3 dimensions" are one dimension set (ModelName, EndpointName, InstanceType), i.e. one series per metric per endpoint`,
    },
    {
      claim: "$0.25 per 1,000 Haiku evaluations (300 prompt + 150 judge tokens)",
      ours: `$${(perEvaluation * 1000).toFixed(2)} per 1,000 evaluations`,
      why: `the evaluator sends ${inputTokens} input tokens with ${env.evaluation.judgeRubricVersion}, not 300: the rubric's instructions and examples, ${call.parts.tool > 0 ? "the tool definition, " : ""}the fenced request${call.parts.request < judgeCall(profile).parts.request ? " (the customer's turns only)" : " (system prompt included)"} and the answer; the reply is ~${outputTokens} tokens, not 150 (per rubric: the judge notes below)`,
    },
    {
      claim: "$50-150/month for the whole stack (mid-size endpoint)",
      ours: `$${total.toFixed(2)}/month at ${profile.requestsPerDay.toLocaleString("en-US")} requests/day; the largest items: ${big.join(", ")}`,
      why: "the article leaves out the VPC interface endpoints the evaluation layer needs to keep traffic private, the customer managed keys (one per data class, rotating), the gateway function's duration (it holds every stream), the logs that carry the EMF metrics, and Grafana's per-user licences",
    },
  ];
  if (env.region !== "us-east-1")
    notes.push(
      `${env.region} prices: us-east-1 FALLBACK for every figure; ${SA_EAST_1_FALLBACK.finding} (searched ${SA_EAST_1_FALLBACK.searchedOn}: ${SA_EAST_1_FALLBACK.searched.join(", ")}); São Paulo is dearer for most services, so read the total as a lower bound`,
    );
  return { environment: env.id, region: env.region, monthlyUsd: total, items, endpoint, article, profile, notes };
}
