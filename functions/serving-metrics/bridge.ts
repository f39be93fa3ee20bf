/**
 * One bridge run: every Serving-row query of contracts/serving-metrics.ts, for every endpoint,
 * evaluated at the same instant; each answer becomes a datum of its bridged CloudWatch metric.
 * No answer (no traffic, detailed observability off) is no datum: the alarm's missing-data setting
 * decides what that means. A failed query is reported and the others go on.
 */
import { BRIDGED_SERVING_METRICS, isByZone, SERVING_LABELS, SERVING_QUERIES, type ServingSeriesKey, servingPromql } from "../../contracts/serving-metrics";
import type { MetricDefinition } from "../../contracts/metric-catalogue";
import type { PromqlQuerier } from "./ports";

/** One value to publish: a bridged metric of one endpoint (and zone). */
export interface ServingDatum {
  readonly endpointName: string;
  /** Set for the per-zone series only. */
  readonly availabilityZone?: string;
  readonly metric: MetricDefinition;
  readonly value: number;
}

/** A query that failed: which series of which endpoint, and the error's name (never a payload). */
export interface QueryFailure {
  readonly endpointName: string;
  readonly series: ServingSeriesKey;
  readonly error: string;
}

export interface BridgeRun {
  readonly at: Date;
  readonly datums: readonly ServingDatum[];
  /** Queries answered with no series (or only NaN): nothing published for them. */
  readonly empty: readonly { readonly endpointName: string; readonly series: ServingSeriesKey }[];
  readonly failures: readonly QueryFailure[];
  readonly queries: number;
}

const SERIES_KEYS = Object.keys(SERVING_QUERIES) as ServingSeriesKey[];

export async function runBridge(querier: PromqlQuerier, endpointNames: readonly string[], at: Date): Promise<BridgeRun> {
  const jobs = endpointNames.flatMap((endpointName) => SERIES_KEYS.map((series) => ({ endpointName, series })));
  const answers = await Promise.all(
    jobs.map(async (job) => {
      try {
        return { job, samples: await querier.instantQuery(servingPromql(SERVING_QUERIES[job.series], job.endpointName), at) };
      } catch (error) {
        return { job, error: error instanceof Error ? `${error.name}: ${error.message}` : "unknown error" };
      }
    }),
  );
  const datums: ServingDatum[] = [];
  const empty: BridgeRun["empty"][number][] = [];
  const failures: QueryFailure[] = [];
  for (const answer of answers) {
    const { endpointName, series } = answer.job;
    if ("error" in answer) {
      failures.push({ endpointName, series, error: answer.error ?? "unknown error" });
      continue;
    }
    const metric = BRIDGED_SERVING_METRICS[series];
    const samples = answer.samples ?? [];
    if (samples.length === 0) empty.push({ endpointName, series });
    for (const sample of samples) {
      if (isByZone(series)) {
        const zone = sample.labels[SERVING_LABELS.availabilityZone];
        // A series without its zone label cannot be one of the per-zone series.
        if (zone) datums.push({ endpointName, availabilityZone: zone, metric, value: sample.value });
      } else {
        datums.push({ endpointName, metric, value: sample.value });
      }
    }
  }
  return { at, datums, empty, failures, queries: jobs.length };
}
