/**
 * The monthly cost of the observability overhead of one environment: what its synthesized AWS
 * stack deploys (alarms, keys, endpoints, functions, log groups, buckets and their lifecycle, the
 * Grafana workspace), the series the metric catalogue emits with the environment's dimensions,
 * and a stated traffic profile. Every item says what it was computed from (`basis`); each family
 * of lines is written by its own function in `lines/`.
 */
import type { ResolvedEnvironment } from "../../config/resolved";
import { articleComparisons } from "./article";
import { type CostContext, costContext, CostSheet, type Json } from "./context";
import { addCloudTrail, addKms } from "./lines/audit";
import { addAlarms, addCustomMetrics, addLogs } from "./lines/cloudwatch";
import { addLambda, addScheduledFunctions, addVpcEndpoints } from "./lines/compute";
import { addGrafana } from "./lines/grafana";
import { addCalibration, addJudge, addShadowJudge } from "./lines/judge";
import { addDataCapture, addDynamoDbScores, addFirehose, addInferenceLogStorage } from "./lines/storage";
import { HOURS_PER_MONTH, PRICE_REGION, SA_EAST_1_FALLBACK } from "./prices";
import { type CostEstimate, DEFAULT_PROFILE, type EndpointCost, roundToCent, type TrafficProfile } from "./profile";

/** The cost lines, in the order the estimate lists them. */
const COST_LINES: readonly ((context: CostContext, sheet: CostSheet) => void)[] = [
  addCustomMetrics,
  addAlarms,
  addGrafana,
  addFirehose,
  addInferenceLogStorage,
  addDataCapture,
  addCloudTrail,
  addKms,
  addJudge,
  addShadowJudge,
  addCalibration,
  addDynamoDbScores,
  addLambda,
  addScheduledFunctions,
  addLogs,
  addVpcEndpoints,
];

/** The endpoint itself, for scale (not overhead). */
function endpointCost({ env, instances, profile }: CostContext): EndpointCost {
  const hourly = env.model.hourlyPriceUsd * instances;
  const throughput = profile.tokensPerSecondPerInstance * instances;
  return {
    monthlyUsd: roundToCent(hourly * HOURS_PER_MONTH),
    per1kTokensUsd: (1000 * hourly) / (throughput * 3600),
    basis: `${instances} x ${env.model.instanceType} at $${env.model.hourlyPriceUsd}/h (the environment's model.hourlyPriceUsd${env.model.autoscaling ? ", the autoscaling minimum" : ""}); cost per 1,000 generated tokens at ${throughput.toLocaleString("en-US")} tokens/s`,
  };
}

export function estimateCost(env: ResolvedEnvironment, stack: Json, profile: TrafficProfile = DEFAULT_PROFILE): CostEstimate {
  const context = costContext(env, stack, profile);
  const sheet = new CostSheet();
  for (const addLine of COST_LINES) addLine(context, sheet);
  const endpoint = endpointCost(context);
  const total = roundToCent(sheet.items.reduce((n, i) => n + i.monthlyUsd, 0));
  const article = articleComparisons(context, sheet.items, total);
  if (env.region !== PRICE_REGION)
    sheet.note(
      `${env.region} prices: ${PRICE_REGION} FALLBACK for every figure; ${SA_EAST_1_FALLBACK.finding} (searched ${SA_EAST_1_FALLBACK.searchedOn}: ${SA_EAST_1_FALLBACK.searched.join(", ")}); São Paulo is dearer for most services, so read the total as a lower bound`,
    );
  return { environment: env.id, region: env.region, monthlyUsd: total, items: sheet.items, endpoint, article, profile, notes: sheet.notes };
}
