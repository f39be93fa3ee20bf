import { GATEWAY_METRICS, QUALITY_METRICS } from "../../contracts/metric-catalogue";
import type { UnifiedDashboardInput } from "../types";

/** The judge pair the quality panels read. */
export const JUDGE_PAIR = "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1";
const endpoint = { ModelName: "llama-3-1-8b-instruct", EndpointName: "llmobs-retail-banking-prod-endpoint", InstanceType: "ml.g5.12xlarge" };
/** The quality metrics' dimensions of one request type. */
const balanceInquiry = { ModelName: endpoint.ModelName, JudgePair: JUDGE_PAIR, request_type: "balance_inquiry" };
const windows = [
  { severity: "page", longWindowSeconds: 3600, shortWindowSeconds: 300, factor: 14.4 },
  { severity: "page", longWindowSeconds: 21600, shortWindowSeconds: 1800, factor: 6 },
  { severity: "ticket", longWindowSeconds: 86400, shortWindowSeconds: 7200, factor: 3 },
  { severity: "ticket", longWindowSeconds: 259200, shortWindowSeconds: 21600, factor: 1 },
] as const;

type Slo = UnifiedDashboardInput["slos"][number];

/** An SLO over 30 days with the four burn-rate windows. */
const monthlySlo = (name: string, objective: number, sli: Slo["sli"]): Slo => ({ name, objective, periodSeconds: 2_592_000, sli, windows });

/** A dashboard input shaped like retail-banking/prod's, with SLOs written out by hand. */
export function dashboardInput(overrides: Partial<UnifiedDashboardInput> = {}): UnifiedDashboardInput {
  return {
    environmentId: "retail-banking-prod",
    namePrefix: "llmobs-retail-banking-prod",
    region: "sa-east-1",
    accountId: "222222222222",
    dataSourceUid: "llmobs-cloudwatch",
    promqlDataSourceUid: "llmobs-promql",
    model: {
      name: endpoint.ModelName,
      endpointName: endpoint.EndpointName,
      instanceType: endpoint.InstanceType,
      variantName: "AllTraffic",
      hourlyPriceUsd: 7.09,
      instanceCount: 2,
      decodeConcurrencyPerInstance: 32,
    },
    useCases: ["general", "payments"],
    judgePair: JUDGE_PAIR,
    qualityThresholds: { balance_inquiry: 0.9, investment_strategy: 0.75 },
    ttftThresholdMs: 1500,
    judgeDailyBudgetUsd: 40,
    gatewayLogGroup: {
      name: "/aws/lambda/llmobs-retail-banking-prod-gateway",
      arn: "arn:aws:logs:sa-east-1:222222222222:log-group:/aws/lambda/llmobs-retail-banking-prod-gateway",
    },
    deadLetterQueueNames: ["llmobs-retail-banking-prod-notifications-dlq", "llmobs-retail-banking-prod-failed-records"],
    privacy: { evaluatorName: "llmobs-retail-banking-prod-evaluator", canaryIntervalMinutes: 60 },
    slos: [
      monthlySlo("availability", 0.995, {
        queries: [
          { id: "requests", metric: GATEWAY_METRICS.requests, dimensions: endpoint, stat: "Sum" },
          { id: "failed", metric: GATEWAY_METRICS.failedRequests, dimensions: endpoint, stat: "Sum" },
        ],
        good: "requests - failed",
        total: "requests",
        description: "RequestCount minus FailedRequestCount, over RequestCount",
      }),
      monthlySlo("ttft", 0.95, {
        queries: [
          { id: "fast_pct", metric: GATEWAY_METRICS.ttft, dimensions: endpoint, stat: "PR(:1500)" },
          { id: "samples", metric: GATEWAY_METRICS.ttft, dimensions: endpoint, stat: "SampleCount" },
        ],
        good: "fast_pct / 100 * samples",
        total: "samples",
        description: "requests with ttft_ms <= 1500",
      }),
      monthlySlo("quality-balance-inquiry", 0.95, {
        queries: [
          {
            id: "good",
            metric: QUALITY_METRICS.qualityGood,
            dimensions: balanceInquiry,
            stat: "Sum",
          },
          {
            id: "evaluated",
            metric: QUALITY_METRICS.qualityTotal,
            dimensions: balanceInquiry,
            stat: "Sum",
          },
        ],
        good: "good",
        total: "evaluated",
        description: "QualityGood over QualityTotal, request_type=balance_inquiry",
      }),
    ],
    ...overrides,
  };
}
