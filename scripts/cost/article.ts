/** The source article's cost claims beside the estimate's figures, and why they differ. */
import { GATEWAY_METRICS, QUALITY_METRICS } from "../../contracts/metric-catalogue";
import type { CostContext } from "./context";
import { metricSeries } from "./lines/cloudwatch";
import type { ArticleComparison, CostItem } from "./profile";
import { judgeCall } from "./sample-texts";

/** How many of the largest items the whole-stack comparison names. */
const LARGEST_ITEMS_NAMED = 3;

export function articleComparisons(context: CostContext, items: readonly CostItem[], total: number): ArticleComparison[] {
  const { env, profile } = context;
  const { call, inputTokens, outputTokens, perEvaluation } = context.judge;
  const series = metricSeries(context);
  const metricsItem = items.find((i) => i.name === "CloudWatch custom metrics")!;
  const big = [...items]
    .sort((a, b) => b.monthlyUsd - a.monthlyUsd)
    .slice(0, LARGEST_ITEMS_NAMED)
    .map((i) => `${i.name} $${i.monthlyUsd.toFixed(2)}`);
  return [
    {
      claim: "custom metrics ~$10/month (6 metrics x 3 dimensions x 2 endpoints x $0.30)",
      ours: `$${metricsItem.monthlyUsd.toFixed(2)} for ${series.total} series`,
      why: `the source article counts 36 series; the platform's catalogue has ${Object.keys(GATEWAY_METRICS).length} gateway metrics, each per endpoint and per request type (${series.requestTypes}), and ${Object.keys(QUALITY_METRICS).length} quality metrics by model, request type and stratum. The source article's "3 dimensions" are one dimension set (ModelName, EndpointName, InstanceType), i.e. one series per metric per endpoint`,
    },
    {
      claim: "$0.25 per 1,000 Haiku evaluations (300 prompt + 150 judge tokens)",
      ours: `$${(perEvaluation * 1000).toFixed(2)} per 1,000 evaluations`,
      why: `the evaluator sends ${inputTokens} input tokens with ${env.evaluation.judgeRubricVersion}, not 300: the rubric's instructions and examples, ${call.parts.tool > 0 ? "the tool definition, " : ""}the fenced request${call.parts.request < judgeCall(profile).parts.request ? " (the customer's turns only)" : " (system prompt included)"} and the answer; the reply is ~${outputTokens} tokens, not 150 (per rubric: the judge notes below)`,
    },
    {
      claim: "$50-150/month for the whole stack (mid-size endpoint)",
      ours: `$${total.toFixed(2)}/month at ${profile.requestsPerDay.toLocaleString("en-US")} requests/day; the largest items: ${big.join(", ")}`,
      why: "the source article leaves out the VPC interface endpoints the evaluation layer needs to keep traffic private, the customer managed keys (one per data class, rotating), the gateway function's duration (it holds every stream), the logs that carry the EMF metrics, and Grafana's per-user licences",
    },
  ];
}
