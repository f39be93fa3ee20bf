/**
 * The synthetic traffic `npm run simulate:slo` replays: one endpoint's requests minute by minute,
 * with what each metric the alarms read would hold (API Gateway counts, the access log's 429s, TTFT
 * distribution, the largest prompt, sampled quality scores per request type and stratum, Lambda,
 * SQS, Firehose and judge spend), as deterministic integer counts: a rate of 0.23 a minute is one
 * event every 4 or 5 minutes, never a fraction, so minimum-event rules bite as they would.
 *
 * Healthy baseline (every figure is a stated assumption, not a measurement): 2 % client errors
 * (bad requests, auth), 0.1 % server failures, TTFT log-normal with median 400 ms and P95 900 ms,
 * prompts log-normal with median 400 tokens (sigma 0.5), 1 % guardrail-flagged and 2 %
 * low-confidence answers (judged at 100 %, outside the random stratum), 2 % of judged answers bad,
 * GPU memory 70 % per GPU, ModelLatency P99/P50 of 2.5, empty dead-letter queues, Firehose
 * delivering within its buffering interval, USD 0.0004 per judge call.
 */
import { CALIBRATION_METRICS } from "../contracts/metric-catalogue";
import type { JudgeErrorCorrection } from "../contracts/judge-error";
import { ACCELERATORS_PER_INSTANCE_TYPE } from "../modules/alerting";

/** What one minute of the scenario looks like (rates; the model turns them into counts). */
export interface MinuteState {
  /** Share of the normal traffic that arrives (0 while traffic stops). */
  readonly traffic: number;
  /** Failures, as shares of the minute's requests. */
  readonly failures: {
    /** Lambda throttles the gateway function: API Gateway answers 500. */
    readonly lambdaThrottle: number;
    /** The gateway function errors or times out: 502 / 504. */
    readonly lambdaError: number;
    /** The gateway answers a model error, timeout or broken stream itself: 502 / 504. */
    readonly gatewayFailure: number;
    /** Stage throttling: 429 from API Gateway. */
    readonly stageThrottle: number;
  };
  /** TTFT median multiplier over the healthy distribution. */
  readonly ttftScale: number;
  /** Share of judged answers that are truly bad, per request type (others: the baseline). */
  readonly badShare: Readonly<Record<string, number>>;
  /** How the judge tells good from bad this minute (sensitivity, specificity). @default a judge that is always right */
  readonly judge?: JudgeError;
  /** The judge error the publisher corrects with (its calibration record). @default none: no `QualityGoodCorrected` */
  readonly publishedCorrection?: JudgeError;
  /** Share of requests that are injection attempts (guardrail-flagged). */
  readonly attackShare: number;
  /** Their prompt size, in multiples of the median prompt. */
  readonly attackSize: number;
}

/** A judge's sensitivity and specificity for "good". */
export type JudgeError = Pick<JudgeErrorCorrection, "sensitivity" | "specificity">;

export const BASELINE = {
  clientErrorShare: 0.02,
  gatewayFailure: 0.001,
  ttftMedianMs: 400,
  /** Log-normal sigma: P95 = 400 x e^(1.645 x 0.493) = 900 ms. */
  ttftSigma: Math.log(900 / 400) / 1.6449,
  promptMedianTokens: 400,
  promptSigma: 0.5,
  flaggedShare: 0.01,
  lowConfidenceShare: 0.02,
  badShare: 0.02,
  gpuMemoryPercentPerGpu: 70,
  modelLatencyP50Ms: 950,
  modelLatencyP99Ms: 2_375,
  firehoseFreshnessSeconds: 300,
  judgeCostUsd: 0.0004,
} as const;

export const HEALTHY: MinuteState = {
  traffic: 1,
  failures: { lambdaThrottle: 0, lambdaError: 0, gatewayFailure: BASELINE.gatewayFailure, stageThrottle: 0 },
  ttftScale: 1,
  badShare: {},
  attackShare: 0,
  attackSize: 20,
};

export interface TrafficShape {
  readonly requestsPerDay: number;
  /** Request types and their shares of the traffic. */
  readonly requestTypes: readonly { readonly requestType: string; readonly share: number }[];
  /** Share of ordinary answers the evaluator judges. */
  readonly sampleRate: number;
  readonly instanceType: string;
  /** The gateway function's name (its Lambda metrics move with the scenario; the others stay quiet). */
  readonly gatewayFunctionName: string;
}

interface Counts {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  throttled: number;
  lambdaThrottles: number;
  lambdaErrors: number;
  ttftSamples: number;
  ttftScale: number;
  attacks: number;
  attackSize: number;
  judged: number;
  quality: Record<string, { good: number; total: number; corrected: number }>;
}

/** CloudWatch has no datapoint where nothing was published. */
const CALIBRATION_METRIC_NAMES: ReadonlySet<string> = new Set(Object.values(CALIBRATION_METRICS).map((m) => m.name));

function missingIf(value: number, missing: boolean): number | undefined {
  return missing ? undefined : value;
}

function missingIfZero(value: number): number | undefined {
  return value === 0 ? undefined : value;
}

/** Cumulative flooring: the counts of a stream with fractional rates, summing to the integer part of the total. */
class Stream {
  private sum = 0;
  constructor(private readonly phase: number) {}
  next(rate: number): number {
    const before = Math.floor(this.sum + this.phase);
    this.sum += rate;
    return Math.floor(this.sum + this.phase) - before;
  }
}

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
function phi(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const quantiles = new Map<number, number>();

/** Standard normal quantile, by bisection (memoised: the replay asks for few distinct ones). */
function phiInverse(p: number): number {
  const known = quantiles.get(p);
  if (known !== undefined) return known;
  const z = bisectPhi(p);
  quantiles.set(p, z);
  return z;
}

function bisectPhi(p: number): number {
  let low = -10;
  let high = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (low + high) / 2;
    if (phi(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

type NumericField = "requests" | "clientErrors" | "serverErrors" | "throttled" | "lambdaThrottles" | "lambdaErrors" | "ttftSamples" | "attacks" | "judged";

/** The metrics of one replayed scenario, queried like CloudWatch: a statistic over minutes `[from, to)`. */
export class TrafficModel {
  private readonly minutes: Counts[] = [];
  private readonly gpus: number;
  /** Prefix sums per field (and per quality series and TTFT threshold), so any window sums in O(1). */
  private readonly prefixes = new Map<string, Float64Array>();
  private readonly percentiles = new Map<string, number | undefined>();

  constructor(
    private readonly shape: TrafficShape,
    states: readonly MinuteState[],
  ) {
    this.gpus = ACCELERATORS_PER_INSTANCE_TYPE[shape.instanceType] ?? 1;
    const streams = new Map<string, Stream>();
    let phase = 0;
    const stream = (name: string) => {
      let s = streams.get(name);
      if (!s) {
        // Distinct phases, so that streams of the same rate do not tick in the same minute.
        phase = (phase + 0.618_033_99) % 1;
        s = new Stream(phase);
        streams.set(name, s);
      }
      return s;
    };
    // The judge's verdict streams take no phase from the others, so a perfect judge leaves every other count as it was.
    const verdictStreams = new Map<string, Stream>();
    const verdicts = (name: string) => verdictStreams.get(name) ?? verdictStreams.set(name, new Stream(0.5)).get(name)!;
    const perMinute = shape.requestsPerDay / 1_440;
    for (const state of states) {
      const requests = stream("requests").next(perMinute * state.traffic);
      const count = (name: string, share: number) => stream(name).next(requests * share);
      const lambdaThrottles = count("lambda-throttles", state.failures.lambdaThrottle);
      const lambdaErrors = count("lambda-errors", state.failures.lambdaError);
      const gatewayFailures = count("gateway-failures", state.failures.gatewayFailure);
      const throttled = count("stage-throttles", state.failures.stageThrottle);
      const clientErrors = count("client-errors", BASELINE.clientErrorShare);
      const answered = Math.max(0, requests - lambdaThrottles - lambdaErrors - gatewayFailures - throttled - clientErrors);
      const attacks = count("attacks", state.attackShare);
      const quality: Counts["quality"] = {};
      const judge = state.judge ?? { sensitivity: 1, specificity: 1 };
      const published = state.publishedCorrection;
      const ordinary = 1 - BASELINE.flaggedShare - BASELINE.lowConfidenceShare - state.attackShare;
      for (const { requestType, share } of shape.requestTypes) {
        const total = stream(`judged-${requestType}`).next(answered * share * ordinary * shape.sampleRate);
        const bad = stream(`bad-${requestType}`).next(total * (state.badShare[requestType] ?? BASELINE.badShare));
        // What the judge calls good: the truly good it recognises and the bad it lets through.
        const good = verdicts(`tp-${requestType}`).next((total - bad) * judge.sensitivity) + verdicts(`fp-${requestType}`).next(bad * (1 - judge.specificity));
        const youden = published ? published.sensitivity + published.specificity - 1 : Number.NaN;
        const corrected = published ? (good * published.specificity - (total - good) * (1 - published.specificity)) / youden : Number.NaN;
        quality[requestType] = { good, total, corrected };
      }
      const randomJudged = Object.values(quality).reduce((n, q) => n + q.total, 0);
      const strataJudged = count("strata-judged", BASELINE.flaggedShare + BASELINE.lowConfidenceShare + state.attackShare);
      this.minutes.push({
        requests,
        clientErrors: clientErrors + throttled,
        serverErrors: lambdaThrottles + lambdaErrors + gatewayFailures,
        throttled,
        lambdaThrottles,
        lambdaErrors,
        ttftSamples: answered,
        ttftScale: state.ttftScale,
        attacks,
        attackSize: state.attackSize,
        judged: randomJudged + strataJudged,
        quality,
      });
    }
  }

  get length(): number {
    return this.minutes.length;
  }

  private range(from: number, to: number): Counts[] {
    return this.minutes.slice(Math.max(0, from), Math.max(0, Math.min(this.minutes.length, to)));
  }

  private build(key: string, pick: (c: Counts) => number): Float64Array {
    const built = new Float64Array(this.minutes.length + 1);
    for (let i = 0; i < this.minutes.length; i++) built[i + 1] = built[i]! + pick(this.minutes[i]!);
    this.prefixes.set(key, built);
    return built;
  }

  private between(prefix: Float64Array, from: number, to: number): number {
    const n = this.minutes.length;
    const a = from < 0 ? 0 : from > n ? n : from;
    const b = to < 0 ? 0 : to > n ? n : to;
    return prefix[b]! - prefix[a]!;
  }

  // Closures are made only when a prefix is first built: the replay calls these millions of times.
  private sum(from: number, to: number, field: NumericField): number {
    return this.between(this.prefixes.get(field) ?? this.build(field, (c) => c[field]), from, to);
  }

  private readonly qualityPrefixes = new Map<string, { good: Float64Array; total: Float64Array; corrected: Float64Array }>();

  private qualitySum(from: number, to: number, requestType: string, which: "good" | "total" | "corrected"): number {
    let prefixes = this.qualityPrefixes.get(requestType);
    if (prefixes === undefined) {
      prefixes = {
        good: this.build(`good-${requestType}`, (c) => c.quality[requestType]?.good ?? 0),
        total: this.build(`total-${requestType}`, (c) => c.quality[requestType]?.total ?? 0),
        corrected: this.build(`corrected-${requestType}`, (c) => c.quality[requestType]?.corrected ?? 0),
      };
      this.qualityPrefixes.set(requestType, prefixes);
    }
    return this.between(prefixes[which], from, to);
  }

  /** TTFT share at or under `ms` (0-1) and the sample count over the window. */
  private ttftAtOrUnder(from: number, to: number, ms: number): { share: number; samples: number } {
    const samples = this.sum(from, to, "ttftSamples");
    const key = `ttft<=${ms}`;
    const under = this.between(
      this.prefixes.get(key) ?? this.build(key, (c) => c.ttftSamples * phi(Math.log(ms / (BASELINE.ttftMedianMs * c.ttftScale)) / BASELINE.ttftSigma)),
      from,
      to,
    );
    return { share: samples === 0 ? 0 : under / samples, samples };
  }

  private ttftPercentile(from: number, to: number, p: number): number | undefined {
    const key = `${from}:${to}:${p}`;
    if (this.percentiles.has(key)) return this.percentiles.get(key);
    const components = this.range(from, to).filter((c) => c.ttftSamples > 0);
    const total = components.reduce((n, c) => n + c.ttftSamples, 0);
    let result: number | undefined;
    if (total > 0) {
      const shareUnder = (ms: number) =>
        components.reduce((n, c) => n + c.ttftSamples * phi(Math.log(ms / (BASELINE.ttftMedianMs * c.ttftScale)) / BASELINE.ttftSigma), 0) / total;
      let low = 1;
      let high = 600_000;
      for (let i = 0; i < 50; i++) {
        const mid = Math.sqrt(low * high);
        if (shareUnder(mid) < p) low = mid;
        else high = mid;
      }
      result = high;
    }
    this.percentiles.set(key, result);
    return result;
  }

  /** Prompt-token quantile `p` of the healthy distribution. */
  private promptQuantile(p: number): number {
    return BASELINE.promptMedianTokens * Math.exp(BASELINE.promptSigma * phiInverse(p));
  }

  /**
   * The replay's stand-in for the learned anomaly band of the largest prompt per period: the size
   * that the largest of the period's healthy prompts exceeds with the one-sided tail probability of
   * `sigmas` standard deviations (0.13 % at 3). CloudWatch's model, trained on two weeks of history,
   * cannot run offline; this is what an ideal band over a log-normal baseline would be.
   */
  promptBand(from: number, to: number, sigmas: number): number | undefined {
    const n = this.sum(from, to, "requests");
    if (n === 0) return undefined;
    return this.promptQuantile(1 - (1 - phi(sigmas)) / n);
  }

  /**
   * The statistic `stat` of metric `name` (dimension values `dims`) over minutes `[from, to)`, as
   * CloudWatch would return it; undefined where CloudWatch would have no datapoint. Throws for a
   * metric the model does not know, so a new alarm cannot be replayed silently as quiet.
   */
  aggregate(name: string, dims: Readonly<Record<string, string>>, stat: string, from: number, to: number): number | undefined {
    // A calibration run publishes once a month, at its end; none falls inside a replayed scenario.
    if (CALIBRATION_METRIC_NAMES.has(name)) return undefined;
    const requests = this.sum(from, to, "requests");
    switch (name) {
      case "Count":
        return missingIf(requests, requests === 0);
      case "4XXError":
        return missingIf(this.sum(from, to, "clientErrors"), requests === 0);
      case "5XXError":
        return missingIf(this.sum(from, to, "serverErrors"), requests === 0);
      case "ApiThrottled":
        // A metric filter publishes nothing when nothing matched.
        return missingIfZero(this.sum(from, to, "throttled"));
      case "ttft_ms": {
        if (stat === "SampleCount") return missingIfZero(this.sum(from, to, "ttftSamples"));
        const rank = /^PR\(:(\d+(?:\.\d+)?)\)$/.exec(stat);
        if (rank) {
          const { share, samples } = this.ttftAtOrUnder(from, to, Number(rank[1]));
          return samples === 0 ? undefined : share * 100;
        }
        const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
        if (percentile) return this.ttftPercentile(from, to, Number(percentile[1]) / 100);
        break;
      }
      case "QualityGood":
      case "QualityGoodCorrected":
      case "QualityTotal": {
        const requestType = dims.request_type ?? "";
        const judged = this.qualitySum(from, to, requestType, "total");
        if (judged === 0) return undefined;
        if (name === "QualityTotal") return judged;
        // NaN where the publisher had no correction: CloudWatch would have no datapoint.
        const value = this.qualitySum(from, to, requestType, name === "QualityGood" ? "good" : "corrected");
        return Number.isNaN(value) ? undefined : value;
      }
      case "prompt_tokens": {
        if (stat !== "Maximum") break;
        if (requests === 0) return undefined;
        const attacks = this.sum(from, to, "attacks");
        const healthyMax = this.promptQuantile(requests / (requests + 1));
        if (attacks === 0) return healthyMax;
        const attackSize = Math.max(
          ...this.range(from, to)
            .filter((c) => c.attacks > 0)
            .map((c) => c.attackSize),
        );
        return Math.max(healthyMax, attackSize * BASELINE.promptMedianTokens);
      }
      case "ModelLatency":
        if (requests === 0) return undefined;
        if (stat === "p99") return BASELINE.modelLatencyP99Ms;
        if (stat === "p50") return BASELINE.modelLatencyP50Ms;
        break;
      case "GPUMemoryUtilization":
        return BASELINE.gpuMemoryPercentPerGpu * this.gpus;
      case "ApproximateNumberOfMessagesVisible":
        return 0;
      case "Errors":
      case "Throttles": {
        if (dims.FunctionName !== this.shape.gatewayFunctionName) return 0;
        return missingIf(this.sum(from, to, name === "Errors" ? "lambdaErrors" : "lambdaThrottles"), requests === 0);
      }
      case "DeliveryToS3.Success":
        return 1;
      case "DeliveryToS3.DataFreshness":
        return BASELINE.firehoseFreshnessSeconds;
      case "JudgeCostUSD":
        return this.sum(from, to, "judged") * BASELINE.judgeCostUsd;
    }
    throw new Error(`the replay has no model for ${name} ${stat}`);
  }
}
