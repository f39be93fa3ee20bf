/**
 * The Serving row's PromQL, answered from the simulated endpoint: each panel query is matched to
 * the structured `ServingQuery` it was rendered from (contracts/serving-metrics.ts), and evaluated
 * on what the simulated container recorded per request (queue, prefill, first token, decoding,
 * prefix-cache tokens, slot). Gauges are the requests queued or decoding at the end of each step;
 * rates and quantiles cover the 5-minute window before it (the run so far when shorter).
 */
import { SERVING_QUERIES, type ServingQuery, servingPromql } from "../../contracts/serving-metrics";
import type { InvocationRecord, ServerSideTiming } from "../model/simulated-model";

/** Tokens of KV cache per decoding slot in the simulation (prompt plus answer of a long request). */
const KV_TOKENS_PER_SLOT = 2048;
const WINDOW_MS = 5 * 60_000;

export interface ServingContext {
  readonly invocations: readonly InvocationRecord[];
  readonly ends: readonly number[];
  readonly start: number;
  /** Decoding slots over all instances, and the instances they are spread over. */
  readonly slots: number;
  readonly instances: number;
  readonly region: string;
}

type Served = InvocationRecord & { readonly server: ServerSideTiming };

/** The structured query a panel's PromQL was rendered from, for the dashboard's `$endpoint`. */
export function servingQueryOf(expr: string): ServingQuery | undefined {
  return Object.values(SERVING_QUERIES).find((query) => servingPromql(query, "$endpoint") === expr);
}

function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const histogramValue: Partial<Record<string, (s: ServerSideTiming) => number>> = {
  "vllm:time_to_first_token_seconds": (s) => s.ttftMs,
  "vllm:inter_token_latency_seconds": (s) => s.timePerOutputTokenMs,
  "vllm:request_queue_time_seconds": (s) => s.queueMs,
  "vllm:request_prefill_time_seconds": (s) => s.prefillMs,
};

/** The series of one query: one, or one per zone. */
export function servingSeries(query: ServingQuery, ctx: ServingContext): { label?: string; values: (number | null)[] }[] {
  const served = ctx.invocations.filter((i): i is Served => i.server !== undefined);
  const windowOf = (end: number) => served.filter((i) => i.at + i.server.durationMs <= end && i.at + i.server.durationMs > end - WINDOW_MS);
  const seconds = (end: number) => Math.max(1, Math.min(WINDOW_MS, end - ctx.start) / 1000);
  switch (query.kind) {
    case "gauge": {
      const values = ctx.ends.map((end) => {
        const queued = served.filter((i) => i.at <= end && end < i.at + i.server.queueMs);
        const running = served.filter((i) => i.at + i.server.queueMs <= end && end < i.at + i.server.durationMs);
        if (query.metric === "vllm:num_requests_waiting") return queued.length;
        if (query.metric === "vllm:num_requests_running") return running.length;
        // KV-cache usage of the fullest instance: its running requests' tokens over its slots' capacity.
        const perInstance = new Map<number, number>();
        for (const i of running)
          perInstance.set(i.server.slot % ctx.instances, (perInstance.get(i.server.slot % ctx.instances) ?? 0) + i.promptTokens + i.completionTokens);
        const capacity = (ctx.slots / ctx.instances) * KV_TOKENS_PER_SLOT;
        return Math.min(1, Math.max(0, ...perInstance.values()) / capacity) * (query.scale ?? 1);
      });
      return [{ values }];
    }
    case "quantile": {
      const pick = histogramValue[query.metric];
      if (!pick) return [];
      return [
        {
          values: ctx.ends.map((end) =>
            quantile(
              windowOf(end).map((i) => pick(i.server)),
              query.quantile,
            ),
          ),
        },
      ];
    }
    case "ratio":
      return [
        {
          values: ctx.ends.map((end) => {
            const window = windowOf(end);
            const queries = window.reduce((n, i) => n + i.promptTokens, 0);
            return queries === 0 ? null : (100 * window.reduce((n, i) => n + i.cachedTokens, 0)) / queries;
          }),
        },
      ];
    case "rateByZone": {
      const zoneOf = (slot: number) => `${ctx.region}${"abc"[(slot % ctx.instances) % 3]}`;
      const zones = [...new Set(served.map((i) => zoneOf(i.server.slot)))].sort();
      return zones.map((zone) => ({
        label: zone,
        values: ctx.ends.map((end) => windowOf(end).filter((i) => i.outcome === "ok" && zoneOf(i.server.slot) === zone).length / seconds(end)),
      }));
    }
  }
}
