/**
 * The source article's SLOs, built from a small typed description of one endpoint:
 * availability > 99.5 %, TTFT P95 < 1500 ms, and quality score above a per-request-type
 * threshold in 95 % of evaluated responses (one SLO per request type).
 */
import { EVALUATOR_VARIABLES } from "../../../contracts/evaluator-environment";
import {
  ACCESS_LOG_METRICS,
  API_GATEWAY_METRICS,
  AWS_SERVICE_DIMENSIONS,
  DIMENSIONS,
  GATEWAY_METRICS,
  QUALITY_METRICS,
} from "../../../contracts/metric-catalogue";
import { correctedGoodExpression, type JudgeErrorCorrection, type QualitySliReading } from "../../../contracts/judge-error";
import { DEFAULT_EXPECTED_REQUESTS_PER_DAY, DEFAULT_MIN_QUALITY_EVALUATIONS, sizeQualityWindows, type QualityWindowSizing } from "./quality-window-sizing";
import { DEFAULT_SLO_PERIOD_SECONDS, type Slo, type SliMetricQuery } from "./slo";

/** A request type and the quality score (0-1) an evaluated response must reach to count as good. */
export interface RequestTypeQuality {
  /** Value of the `request_type` dimension, e.g. `balance_inquiry`. */
  readonly requestType: string;
  /** Minimum normalised judge score, 0-1; stricter for higher-risk questions. */
  readonly threshold: number;
  /**
   * Share (0-1] of the endpoint's requests of this type, for sizing the quality windows.
   * @default - an even share of the listed request types
   */
  readonly share?: number;
  /**
   * What the SLO reads: the judge's verdicts as they are (`raw`), corrected for the judge's
   * sensitivity and specificity (`corrected`, Rogan–Gladen), or the 90 % lower bound of the
   * correction (`correctedLowerBound`). Without a `judgeError.correction` the SLO reads `raw`, and
   * synth warns when another reading was asked for.
   * @default "corrected" when `judgeError` has a correction, else "raw"
   */
  readonly sliReading?: QualitySliReading;
  /**
   * The judge's error at this threshold, from the judge pair's calibration record, or why it is not
   * known (`insufficient` golden-set figures).
   * @default - not known: the SLO reads the raw SLI
   */
  readonly judgeError?: QualityJudgeError;
}

/** The judge's error on one request type's verdict, or why it is not known. */
export interface QualityJudgeError {
  readonly correction?: JudgeErrorCorrection;
  /** Why there is no correction. */
  readonly reason?: string;
}

/** The REST API stage in front of the endpoint: with it, availability is measured as clients see it. */
export interface ApiStage {
  /** `ApiName` dimension: the REST API's name. */
  readonly apiName: string;
  /** `Stage` dimension. */
  readonly stageName: string;
  /** `ApiId` dimension of the access-log metric filter's throttle count. */
  readonly apiId: string;
}

/** The source article's objectives: availability 99.5%, P95 time to first token, 95% of answers good enough. */
export const DEFAULT_SLO_OBJECTIVES = { availability: 0.995, ttft: 0.95, quality: 0.95 } as const;

/**
 * The source article's defaults: a balance question is held to a stricter bar than an investment-strategy
 * question, whose bar is the source article's 0.75.
 */
export const DEFAULT_REQUEST_TYPE_QUALITY: readonly RequestTypeQuality[] = [
  { requestType: "balance_inquiry", threshold: 0.9 },
  { requestType: "investment_strategy", threshold: 0.75 },
];

export interface DefaultSlosInput {
  /** `ModelName` dimension value the gateway and the quality publisher use. */
  readonly modelName: string;
  /** `EndpointName` dimension value. */
  readonly endpointName: string;
  /** `InstanceType` dimension value, e.g. `ml.g5.12xlarge`. */
  readonly instanceType: string;
  /**
   * The judge pair (`judgePairId`, the evaluation layer's `judgePair`) whose quality series the
   * quality SLOs read: series of different judge models or rubric versions are never mixed, so
   * each SLO reads the pair that scores production now.
   * @default - required when `requestTypes` is not empty
   */
  readonly judgePair?: string;
  /**
   * Quality thresholds, one SLO each.
   * @default DEFAULT_REQUEST_TYPE_QUALITY
   */
  readonly requestTypes?: readonly RequestTypeQuality[];
  /** @default 0.995 */
  readonly availabilityObjective?: number;
  /** @default 1500 */
  readonly ttftThresholdMs?: number;
  /** Share of requests whose TTFT must be at or under the threshold (P95 -> 0.95). @default 0.95 */
  readonly ttftObjective?: number;
  /** Share of evaluated responses that must reach their request type's threshold. @default 0.95 */
  readonly qualityObjective?: number;
  /** @default 2_592_000 (30 days) */
  readonly periodSeconds?: number;
  /**
   * How late a quality score can reach CloudWatch after its inference, seconds (the source article's
   * 5-minute evaluation delay).
   * @default 300
   */
  readonly qualityDataDelaySeconds?: number;
  /**
   * Fewest evaluations a quality window must hold before it is judged (scores are sampled).
   * @default 5
   */
  readonly minQualityEvaluationsPerWindow?: number;
  /**
   * Requests a day the endpoint is expected to serve: sizes the quality windows
   * (`sizeQualityWindows`), so that a total quality failure pages within an hour.
   * @default 10000 (the source article's)
   */
  readonly expectedRequestsPerDay?: number;
  /**
   * Share of ordinary answers the evaluator judges (its `sampleRate`): the random stratum the
   * quality SLOs count.
   * @default 0.1
   */
  readonly qualitySampleRate?: number;
  /**
   * The REST API stage in front of the gateway. With it the availability SLI is the client's view
   * (API Gateway's 5XX and 429s, which include Lambda throttles, errors, timeouts and the gateway's
   * own failures); without it, the gateway function's own counts.
   * @default - the gateway function's RequestCount / FailedRequestCount
   */
  readonly api?: ApiStage;
}

const REQUEST_TYPE_PATTERN = /^[a-z][a-z0-9_]*$/;

/** The source article's TTFT bar for financial chat: P95 under 1,500 ms. */
export const DEFAULT_TTFT_THRESHOLD_MS = 1500;

/** What sizes the quality SLOs' windows, as `defaultSlos` reads it. */
export type QualitySizingInput = Pick<
  DefaultSlosInput,
  "expectedRequestsPerDay" | "qualitySampleRate" | "qualityDataDelaySeconds" | "qualityObjective" | "periodSeconds" | "minQualityEvaluationsPerWindow"
>;

/** The windows of one request type's quality SLO, sized as `defaultSlos` sizes them (with its warnings). */
export function sizeQualitySlo(input: QualitySizingInput, requestType: RequestTypeQuality, requestTypeCount: number): QualityWindowSizing {
  return sizeQualityWindows(
    {
      requestsPerDay: input.expectedRequestsPerDay ?? DEFAULT_EXPECTED_REQUESTS_PER_DAY,
      requestTypeShare: requestType.share ?? 1 / requestTypeCount,
      sampleRate: input.qualitySampleRate ?? EVALUATOR_VARIABLES.sampleRate.default,
    },
    {
      dataDelaySeconds: input.qualityDataDelaySeconds ?? 300,
      objective: input.qualityObjective ?? DEFAULT_SLO_OBJECTIVES.quality,
      periodSeconds: input.periodSeconds ?? DEFAULT_SLO_PERIOD_SECONDS,
      minEventsPerWindow: input.minQualityEvaluationsPerWindow ?? DEFAULT_MIN_QUALITY_EVALUATIONS,
    },
  );
}

type EndpointDimensions = Record<string, string>;

/** The runbook of each default SLO. */
const DEFAULT_SLO_RUNBOOKS = { availability: "slo-availability", ttft: "slo-latency", quality: "slo-quality" } as const;

/** What each default SLO sets alike: its objective (the one given, else the source article's), period and runbook. */
function defaultSloBasics(slo: keyof typeof DEFAULT_SLO_OBJECTIVES, objective: number | undefined, period: number) {
  return { objective: objective ?? DEFAULT_SLO_OBJECTIVES[slo], periodSeconds: period, runbookFamily: DEFAULT_SLO_RUNBOOKS[slo] };
}

function availabilitySlo(input: DefaultSlosInput, endpoint: EndpointDimensions, period: number): Slo {
  return {
    name: "availability",
    ...defaultSloBasics("availability", input.availabilityObjective, period),
    breachMeaning:
      "Requests are failing as clients see them (API Gateway 5XX or 429: gateway errors, timeouts and broken streams, endpoint or stage throttling, Lambda throttles, errors and timeouts) fast enough to spend the availability error budget. " +
      "Likely causes: endpoint throttling or too few instances, model container errors after a deployment, GPU memory exhaustion, gateway function concurrency or init failures.",
    sli: input.api ? clientAvailabilitySli(input.api) : gatewayAvailabilitySli(endpoint),
  };
}

/**
 * Percentile rank PR(:x) is the percentage of samples at or below x, so good requests are
 * PR/100 x SampleCount, read from the distribution the gateway already emits (no extra metric).
 */
function ttftSlo(input: DefaultSlosInput, endpoint: EndpointDimensions, period: number, ttftMs: number): Slo {
  return {
    name: "ttft",
    ...defaultSloBasics("ttft", input.ttftObjective, period),
    breachMeaning:
      `Too many requests wait more than ${ttftMs} ms for the first token. ` +
      "Likely causes: request queuing at the container (batch size, max concurrent requests), GPU memory pressure, prefix-cache misses, long prompts.",
    sli: {
      queries: [
        { id: "fast_pct", metric: GATEWAY_METRICS.ttft, dimensions: endpoint, stat: `PR(:${ttftMs})` },
        { id: "samples", metric: GATEWAY_METRICS.ttft, dimensions: endpoint, stat: "SampleCount" },
      ],
      good: "fast_pct / 100 * samples",
      total: "samples",
      description: `requests with ${GATEWAY_METRICS.ttft.name} <= ${ttftMs} (percentile rank PR(:${ttftMs}) x SampleCount), over SampleCount`,
    },
  };
}

/** The quality SLO of one request type, its windows sized from the traffic it will see. */
function qualitySlo(input: DefaultSlosInput, rt: RequestTypeQuality, requestTypeCount: number, period: number): Slo {
  const name = `quality-${rt.requestType.replace(/_/g, "-")}`;
  const sizing = sizeQualitySlo(input, rt, requestTypeCount);
  const dims = { [DIMENSIONS.modelName]: input.modelName, [DIMENSIONS.judgePair]: input.judgePair!, [DIMENSIONS.requestType]: rt.requestType };
  const reading = qualityReading(rt);
  return {
    name,
    ...defaultSloBasics("quality", input.qualityObjective, period),
    dataDelaySeconds: input.qualityDataDelaySeconds ?? 300,
    minEventsPerWindow: sizing.minEventsPerWindow,
    policy: sizing.policy,
    // A window without enough evaluations (traffic stopped, or a quiet night) counts as good: the
    // page returns to OK instead of holding overnight. The short windows are sized so that at the
    // expected traffic they hold twice the minimum.
    treatMissingData: "notBreaching",
    warnings: [...sizing.warnings, ...reading.warnings].map((w) => `slo ${name}: ${w}`),
    breachMeaning:
      `Too many evaluated "${rt.requestType}" responses score below ${rt.threshold} (judge score, 0-1; random stratum only). ` +
      "Likely causes: a model or prompt change, retrieval returning stale or wrong context, a judge model change (check the pinned judge version), drift in the questions asked.",
    sli: qualitySli(rt, dims, reading),
  };
}

/** One quality SLO per request type, after checking the request types and their thresholds. */
function qualitySlos(input: DefaultSlosInput, period: number): Slo[] {
  const requestTypes = input.requestTypes ?? DEFAULT_REQUEST_TYPE_QUALITY;
  if (requestTypes.length > 0 && !input.judgePair) {
    throw new Error(
      'quality slos read the series of one judge pair: pass judgePair (the evaluation layer\'s judgePair, "<judge model id>|<rubric version>"), ' +
        "or requestTypes: [] for no quality slo",
    );
  }
  const seen = new Set<string>();
  return requestTypes.map((rt): Slo => {
    if (!REQUEST_TYPE_PATTERN.test(rt.requestType)) {
      throw new Error(`request type must be snake_case (a-z, 0-9, _), got "${rt.requestType}"`);
    }
    if (seen.has(rt.requestType)) throw new Error(`request type "${rt.requestType}" is listed twice`);
    seen.add(rt.requestType);
    if (!(rt.threshold > 0 && rt.threshold <= 1)) {
      throw new Error(`quality threshold of "${rt.requestType}" must be in (0, 1], got ${rt.threshold}`);
    }
    return qualitySlo(input, rt, requestTypes.length, period);
  });
}

/** The SLOs of one endpoint: availability, TTFT and one quality SLO per request type. */
export function defaultSlos(input: DefaultSlosInput): Slo[] {
  const period = input.periodSeconds ?? DEFAULT_SLO_PERIOD_SECONDS;
  const endpoint = {
    [DIMENSIONS.modelName]: input.modelName,
    [DIMENSIONS.endpointName]: input.endpointName,
    [DIMENSIONS.instanceType]: input.instanceType,
  };
  const ttftMs = input.ttftThresholdMs ?? DEFAULT_TTFT_THRESHOLD_MS;
  if (!(ttftMs > 0)) throw new Error(`ttft threshold must be positive, got ${ttftMs} ms`);
  const availability = availabilitySlo(input, endpoint, period);
  const ttft = ttftSlo(input, endpoint, period, ttftMs);
  return [availability, ttft, ...qualitySlos(input, period)];
}

/** The reading a quality SLO gets, and why it is not the one asked for. */
function qualityReading(rt: RequestTypeQuality): { reading: QualitySliReading; correction?: JudgeErrorCorrection; warnings: string[] } {
  const correction = rt.judgeError?.correction;
  const asked = rt.sliReading ?? (correction ? "corrected" : "raw");
  if (asked === "raw") return { reading: "raw", warnings: [] };
  if (!correction) {
    // Not a guess: without measured judge error the SLO reads what the judge said, and says so.
    const why = rt.judgeError?.reason ?? "no judge error was given for it";
    return { reading: "raw", warnings: [`reads the raw SLI, not the ${asked} one asked for: ${why}`] };
  }
  return { reading: asked, correction, warnings: [] };
}

const READING_WORDS: Readonly<Record<QualitySliReading, string>> = {
  raw: "",
  corrected: " corrected for the judge's sensitivity and specificity (Rogan–Gladen)",
  correctedLowerBound: " corrected for the judge's sensitivity and specificity (Rogan–Gladen), 90 % lower bound",
};

function qualitySli(rt: RequestTypeQuality, dims: Record<string, string>, reading: ReturnType<typeof qualityReading>): Slo["sli"] {
  const queries: SliMetricQuery[] = [
    { id: "good", metric: QUALITY_METRICS.qualityGood, dimensions: dims, stat: "Sum" },
    ...(reading.correction ? [{ id: "corrected", metric: QUALITY_METRICS.qualityGoodCorrected, dimensions: dims, stat: "Sum" }] : []),
    { id: "evaluated", metric: QUALITY_METRICS.qualityTotal, dimensions: dims, stat: "Sum" },
  ];
  const good = reading.correction
    ? correctedGoodExpression({ judgedGood: "good", corrected: "corrected", evaluated: "evaluated" }, reading.correction, reading.reading)
    : "good";
  return {
    queries,
    good,
    total: "evaluated",
    description: `${QUALITY_METRICS.qualityGood.name} (score >= ${rt.threshold})${READING_WORDS[reading.reading]} over ${QUALITY_METRICS.qualityTotal.name}, random stratum, request_type=${rt.requestType}, current judge pair`,
  };
}

/** Availability from the gateway function's own counts (no API in front, or not known). */
function gatewayAvailabilitySli(endpoint: Record<string, string>): Slo["sli"] {
  return {
    queries: [
      { id: "requests", metric: GATEWAY_METRICS.requests, dimensions: endpoint, stat: "Sum" },
      { id: "failed", metric: GATEWAY_METRICS.failedRequests, dimensions: endpoint, stat: "Sum" },
    ],
    good: "requests - failed",
    total: "requests",
    description: `${GATEWAY_METRICS.requests.name} minus ${GATEWAY_METRICS.failedRequests.name}, over ${GATEWAY_METRICS.requests.name}`,
  };
}

/**
 * Availability as clients see it, per API stage. API Gateway counts every response it sends, so its
 * 5XX already hold the gateway function's 502/504 (model errors, timeouts, broken streams), Lambda
 * throttles (500), errors (502) and timeouts (504), and its own failures; 429s (stage throttling and
 * the gateway's endpoint_throttled) sit inside 4XXError and are counted from the access log. Client
 * errors (400, 403: bad requests, auth, WAF, guardrail blocks) are not availability events.
 *   good  = Count - 4XX - 5XX            total = Count - 4XX + 429
 * Adding Lambda's own Errors and Throttles on top would count each of those requests twice.
 */
function clientAvailabilitySli(api: ApiStage): Slo["sli"] {
  const stage = { [AWS_SERVICE_DIMENSIONS.apiName]: api.apiName, [AWS_SERVICE_DIMENSIONS.stage]: api.stageName };
  const queries: SliMetricQuery[] = [
    { id: "count", metric: API_GATEWAY_METRICS.count, dimensions: stage, stat: "Sum" },
    { id: "client_errors", metric: API_GATEWAY_METRICS.clientErrors, dimensions: stage, stat: "Sum" },
    { id: "server_errors", metric: API_GATEWAY_METRICS.serverErrors, dimensions: stage, stat: "Sum" },
    {
      id: "throttled",
      metric: ACCESS_LOG_METRICS.throttled,
      dimensions: { [AWS_SERVICE_DIMENSIONS.apiId]: api.apiId, [AWS_SERVICE_DIMENSIONS.stage]: api.stageName },
      stat: "Sum",
    },
  ];
  return {
    queries,
    // A metric filter has no datapoint when nothing matched, nor API Gateway an error count: FILL.
    good: "count - FILL(client_errors, 0) - FILL(server_errors, 0)",
    total: "count - FILL(client_errors, 0) + FILL(throttled, 0)",
    description: `API Gateway ${API_GATEWAY_METRICS.count.name} minus 4XX and 5XX, over ${API_GATEWAY_METRICS.count.name} minus 4XX plus 429s (${ACCESS_LOG_METRICS.throttled.name}), stage ${api.stageName}`,
  };
}

/**
 * The thresholds the quality publisher must compare scores against, as the JSON object the
 * publisher reads (request type -> threshold), so alarms and publisher share one source.
 */
export function qualityThresholdsByRequestType(requestTypes: readonly RequestTypeQuality[] = DEFAULT_REQUEST_TYPE_QUALITY): Record<string, number> {
  return Object.fromEntries(requestTypes.map((rt) => [rt.requestType, rt.threshold]));
}
