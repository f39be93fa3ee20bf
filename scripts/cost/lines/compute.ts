/** The compute and network lines: the Lambda functions and the VPC interface endpoints. */
import { type CostContext, type CostSheet, functionNamed, GB, type Json, memoryGb } from "../context";
import { JUDGE_CHARS_PER_TOKEN } from "../judge-tokens";
import { HOURS_PER_MONTH, PRICES } from "../prices";

/** Lambda: the gateway holds each request for its whole stream. */
export function addLambda(context: CostContext, sheet: CostSheet): void {
  const { profile, requestsPerMonth, logObjects, captureObjects } = context;
  const { evaluationsPerMonth } = context.judge;
  const gatewayGb = memoryGb(functionNamed(context, "-gateway"));
  const evaluatorGb = memoryGb(functionNamed(context, "-evaluator"));
  const gatewaySeconds = (profile.ttftMs + profile.completionTokens * profile.itlMs) / 1000 + 0.05;
  const gatewayGbSeconds = requestsPerMonth * gatewaySeconds * gatewayGb;
  const evaluatorGbSeconds =
    (logObjects + captureObjects) * 2 * evaluatorGb +
    evaluationsPerMonth * (profile.judgeLatencySeconds / context.env.evaluation.judgeConcurrency) * evaluatorGb;
  const publisherInvocations = Math.min(evaluationsPerMonth, (HOURS_PER_MONTH * 3600) / 5);
  const publisherGbSeconds = publisherInvocations * 0.2 * memoryGb(functionNamed(context, "-quality-publisher"));
  const lambdaRequests = requestsPerMonth + logObjects + captureObjects + publisherInvocations;
  sheet.add(
    "Lambda (gateway, evaluator, publisher)",
    (gatewayGbSeconds + evaluatorGbSeconds + publisherGbSeconds) * PRICES.lambdaArmGbSecond.usd + (lambdaRequests / 1e6) * PRICES.lambdaRequests.usd,
    `gateway ${gatewaySeconds.toFixed(1)} s per request (TTFT ${profile.ttftMs} ms + ${profile.completionTokens} tokens x ${profile.itlMs} ms: it holds the stream) x ${gatewayGb} GB = ${Math.round(gatewayGbSeconds).toLocaleString("en-US")} GB-s; evaluator ${Math.round(evaluatorGbSeconds).toLocaleString("en-US")} GB-s; publisher ${Math.round(publisherGbSeconds).toLocaleString("en-US")} GB-s; arm64 x $${PRICES.lambdaArmGbSecond.usd}/GB-s + requests`,
  );
}

/** VPC interface endpoints the evaluation layer creates (shared with the gateway); a note when the VPC's own serve. */
export function addVpcEndpoints(context: CostContext, sheet: CostSheet): void {
  const interfaces = (Object.values((context.resources.aws_vpc_endpoint ?? {}) as Json) as Json[]).filter((e) => e.vpc_endpoint_type === "Interface");
  if (interfaces.length === 0) {
    sheet.note("no interface VPC endpoints in this stack (evaluation.vpcEndpoints names the VPC's own): they are paid for elsewhere");
    return;
  }
  const endpointAzs = interfaces.reduce((n, e) => n + Math.max(1, (e.subnet_ids ?? []).length), 0);
  const { record, profile } = context;
  const processedGb =
    (context.requestsPerMonth * (record.raw + profile.logBytesPerRequest) +
      context.judge.evaluationsPerMonth * 2 * (context.judge.inputTokens * JUDGE_CHARS_PER_TOKEN)) /
    GB;
  sheet.add(
    "VPC interface endpoints",
    endpointAzs * HOURS_PER_MONTH * PRICES.interfaceEndpointHour.usd + processedGb * PRICES.interfaceEndpointGb.usd,
    `${interfaces.length} interface endpoints (${interfaces.map((e) => String(e.service_name).split(".").slice(3).join(".")).join(", ")}) x ${endpointAzs / interfaces.length} AZs x ${HOURS_PER_MONTH} h x $${PRICES.interfaceEndpointHour.usd} + ${processedGb.toFixed(1)} GB processed; give evaluation.vpcEndpoints the ids of endpoints the VPC already has`,
  );
}

/**
 * Assumed typical run of each scheduled function, seconds (no measured figure: the bridge runs its
 * PromQL queries in parallel, one round trip each; the canary reads and writes a handful of small objects).
 */
const SCHEDULED_RUN_SECONDS = { "-serving-metrics": 1, "-pii-canary-plant": 1, "-pii-canary-check": 1 } as const;
/** S3 requests per PII canary cycle: plant puts the planted values and the log record, check lists planted and results, gets the run and its payload, puts the result, the evaluator puts the payload. */
const CANARY_S3_PER_CYCLE = { put: 2 + 2 + 1 + 1, get: 2 } as const;

/** Runs a month of a `rate(N minute[s])` schedule; 0 for any other expression. */
function ratePerMonth(expression: string): number {
  const minutes = /^rate\((\d+) minutes?\)$/.exec(expression)?.[1];
  return minutes ? (HOURS_PER_MONTH * 60) / Number(minutes) : 0;
}

/** The scheduled functions: the serving-metrics bridge (every minute) and the PII canary's plant and check (hourly), with their schedules and the canary's S3 requests. */
export function addScheduledFunctions(context: CostContext, sheet: CostSheet): void {
  const schedules = Object.values((context.resources.aws_scheduler_schedule ?? {}) as Json) as Json[];
  const runs = (suffix: string): number =>
    ratePerMonth(String(schedules.find((schedule) => String(schedule.name).endsWith(suffix))?.schedule_expression ?? ""));
  const present = (Object.keys(SCHEDULED_RUN_SECONDS) as (keyof typeof SCHEDULED_RUN_SECONDS)[]).filter((suffix) => functionNamed(context, suffix));
  if (present.length === 0) return;
  const invocations = present.reduce((n, suffix) => n + runs(suffix), 0);
  const gbSeconds = present.reduce((n, suffix) => n + runs(suffix) * SCHEDULED_RUN_SECONDS[suffix] * memoryGb(functionNamed(context, suffix)), 0);
  const canaryCycles = runs("-pii-canary-check");
  const s3Usd = ((canaryCycles * CANARY_S3_PER_CYCLE.put) / 1000) * PRICES.s3Put.usd + ((canaryCycles * CANARY_S3_PER_CYCLE.get) / 1000) * PRICES.s3Get.usd;
  const lambdaUsd = gbSeconds * PRICES.lambdaArmGbSecond.usd + (invocations / 1e6) * PRICES.lambdaRequests.usd;
  sheet.add(
    "Lambda (scheduled: serving-metrics bridge, PII canary)",
    lambdaUsd + (invocations / 1e6) * PRICES.schedulerInvocations.usd + s3Usd,
    `${present.map((suffix) => `${suffix.slice(1)} ${Math.round(runs(suffix)).toLocaleString("en-US")} runs x ${SCHEDULED_RUN_SECONDS[suffix]} s (assumed)`).join(", ")} a month = ${Math.round(gbSeconds).toLocaleString("en-US")} GB-s + requests; as many Scheduler invocations at $${PRICES.schedulerInvocations.usd}/million (before its monthly free tier); canary S3 ${CANARY_S3_PER_CYCLE.put} PUT/LIST + ${CANARY_S3_PER_CYCLE.get} GET per cycle`,
  );
}
