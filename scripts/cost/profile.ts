/** The traffic profile a cost estimate is for, and what an estimate holds. */

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

/** The endpoint itself: not overhead, given for scale. */
export interface EndpointCost {
  readonly monthlyUsd: number;
  readonly per1kTokensUsd: number;
  readonly basis: string;
}

/** One of the source article's cost claims beside the platform's figure. */
export interface ArticleComparison {
  readonly claim: string;
  readonly ours: string;
  readonly why: string;
}

export interface CostEstimate {
  /** The environment's id (`<business-line>-<stage>`). */
  readonly environment: string;
  /** Where it runs; the prices are us-east-1's (`PRICE_REGION`) whatever the region. */
  readonly region: string;
  /** The overhead of observability per month: the sum of `items`. */
  readonly monthlyUsd: number;
  readonly items: readonly CostItem[];
  /** Not overhead, for scale: the endpoint itself. */
  readonly endpoint: EndpointCost;
  /** The source article's cost claims beside these figures. */
  readonly article: readonly ArticleComparison[];
  /** The traffic the estimate is for. */
  readonly profile: TrafficProfile;
  /** Judge tokens per rubric, price fallbacks and what the stack leaves to others. */
  readonly notes: readonly string[];
}

/** Rounds to the cent, as every item and total is shown. */
export const roundToCent = (usd: number): number => Math.round(usd * 100) / 100;
