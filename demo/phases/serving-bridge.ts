/**
 * The serving-metrics bridge over the simulated endpoint: a local PromQL endpoint (the Prometheus
 * query API's JSON) answers each Serving-row query from what the simulated container recorded, and
 * the real bridge core queries it over signed HTTP and writes EMF, which the metric store ingests as
 * CloudWatch would. The CloudWatch Serving row and the serving alarms then read `LLMInference/Serving`
 * as deployed. The deployed bridge runs every minute; the demo's run lasts about a minute, so it ticks
 * every ten seconds of it.
 */
import { SERVING_LABELS, SERVING_QUERIES, servingPromql } from "../../contracts/serving-metrics";
import { PromqlClient } from "../../functions/serving-metrics/adapters/promql-client";
import { runBridge } from "../../functions/serving-metrics/bridge";
import { emfDocuments } from "../../functions/serving-metrics/emf";
import type { MetricStore } from "../../testing/aws/metric-store";
import { type PromAnswer, PromqlStub } from "../../testing/wire/promql-stub";
import type { InvocationRecord } from "../model/simulated-model";
import { servingSeries } from "../report/serving-series";
import type { RunContext } from "./context";

/** Seconds of the run between two bridge runs in the demo. */
export const DEMO_BRIDGE_TICK_MS = 10_000;

export interface BridgeWindow {
  readonly start: number;
  readonly end: number;
}

/** Runs the bridge over the run's window and ingests what it writes; returns the EMF documents written. */
export async function bridgeServingMetrics(
  { stack }: RunContext,
  store: MetricStore,
  invocations: readonly InvocationRecord[],
  window: BridgeWindow,
): Promise<number> {
  const input = stack.dashboardInput;
  const endpointName = input.model.endpointName;
  const serving = {
    invocations,
    start: window.start,
    slots: input.model.decodeConcurrencyPerInstance * input.model.instanceCount,
    instances: input.model.instanceCount,
    region: input.region,
  };
  let evaluatedAt = window.start;
  const stub = new PromqlStub((expr): PromAnswer => {
    const query = Object.values(SERVING_QUERIES).find((candidate) => servingPromql(candidate, endpointName) === expr);
    if (!query) return { status: 400, error: "the simulated endpoint knows the Serving row's queries only" };
    return servingSeries(query, { ...serving, ends: [evaluatedAt] }).flatMap((series) =>
      series.values[0] === null || series.values[0] === undefined
        ? []
        : [{ ...(series.label ? { labels: { [SERVING_LABELS.availabilityZone]: series.label } } : {}), value: String(series.values[0]) }],
    );
  });
  await stub.start();
  try {
    // The stub stands in for CloudWatch's PromQL endpoint; the demo's dummy credentials sign the queries.
    const client = new PromqlClient({
      url: stub.url,
      region: input.region,
      credentials: () => Promise.resolve({ accessKeyId: "DEMOBRIDGE", secretAccessKey: "demo-bridge-secret" }),
    });
    let documents = 0;
    for (let at = window.start + DEMO_BRIDGE_TICK_MS; at <= window.end + DEMO_BRIDGE_TICK_MS; at += DEMO_BRIDGE_TICK_MS) {
      evaluatedAt = at;
      const run = await runBridge(client, [endpointName], new Date(at));
      for (const document of emfDocuments(run)) {
        store.ingestEmfLine(JSON.stringify(document));
        documents += 1;
      }
    }
    return documents;
  } finally {
    await stub.stop();
  }
}
