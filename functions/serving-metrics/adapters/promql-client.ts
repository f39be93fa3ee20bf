/**
 * CloudWatch's Prometheus-compatible query API (`QueryMetrics`: POST `/api/v1/query`, form-encoded
 * `query` and `time`), signed with SigV4 for service `monitoring` by AWS SDK v3's signer, as AWS
 * documents it for SageMaker AI's detailed observability metrics (docs/tracing.md cites the pages).
 */
import { SignedPoster, type SigningCredentials } from "../../signing/sigv4";
import { PromqlQueryError } from "../errors";
import type { InstantSample, PromqlQuerier } from "../ports";

export interface PromqlClientOptions {
  /** Base URL, e.g. `https://monitoring.sa-east-1.amazonaws.com` (or a local server in tests). */
  readonly url: string;
  readonly region: string;
  /** Per-query bound. @default 10000 */
  readonly timeoutMs?: number;
  /** @default - the function's credentials from its environment */
  readonly credentials?: () => Promise<SigningCredentials>;
}

interface PrometheusResponse {
  readonly status?: unknown;
  readonly error?: unknown;
  readonly data?: { readonly resultType?: unknown; readonly result?: unknown };
}

/** The signed query client; one per container. */
export class PromqlClient implements PromqlQuerier {
  private readonly poster: SignedPoster;

  constructor(options: PromqlClientOptions) {
    const target = new URL(`${options.url.replace(/\/+$/, "")}/api/v1/query`);
    this.poster = new SignedPoster(target, {
      service: "monitoring",
      region: options.region,
      purpose: "the PromQL query",
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  async instantQuery(expression: string, at: Date): Promise<InstantSample[]> {
    const body = new URLSearchParams({ query: expression, time: (at.getTime() / 1000).toFixed(3) }).toString();
    const response = await this.poster.post(body, "application/x-www-form-urlencoded");
    const text = await response.text();
    let parsed: PrometheusResponse;
    try {
      parsed = JSON.parse(text) as PrometheusResponse;
    } catch {
      throw new PromqlQueryError(`PromQL endpoint answered HTTP ${response.status} with a body that is not JSON`, response.status);
    }
    if (!response.ok || parsed.status !== "success") {
      // The error text is the endpoint's about our own query: no caller or model text is in it.
      const reason = typeof parsed.error === "string" ? `: ${parsed.error.slice(0, 200)}` : "";
      throw new PromqlQueryError(`PromQL endpoint answered HTTP ${response.status}, status ${String(parsed.status)}${reason}`, response.status);
    }
    return instantSamples(parsed);
  }
}

/** The samples of a vector or scalar result; NaN and infinities (a ratio over no traffic) are no sample. */
export function instantSamples(response: PrometheusResponse): InstantSample[] {
  const { resultType, result } = response.data ?? {};
  if (resultType === "scalar" && Array.isArray(result)) {
    const value = Number(result[1]);
    return Number.isFinite(value) ? [{ labels: {}, value }] : [];
  }
  if (resultType !== "vector" || !Array.isArray(result)) {
    throw new PromqlQueryError(`PromQL answer must be an instant vector or a scalar, got resultType ${JSON.stringify(resultType)}`);
  }
  return result.flatMap((series: { metric?: Record<string, string>; value?: [number, string] }) => {
    const value = Number(series.value?.[1]);
    return Number.isFinite(value) ? [{ labels: series.metric ?? {}, value }] : [];
  });
}
