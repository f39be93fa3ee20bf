/**
 * The demo's simulated endpoint feeds the serving-metrics bridge: every CloudWatch metric the
 * in-Region dashboard's Serving row reads gets datapoints, through the real bridge core and EMF,
 * and the hit rate the bridge publishes is the one the simulated container's counters give.
 */
import { describe, expect, it } from "vitest";
import { cloudwatchDashboardBody } from "../../dashboards";
import { MetricStore } from "../../testing/aws/metric-store";
import { demoEnvironment } from "../environment";
import type { InvocationRecord } from "../model/simulated-model";
import type { RunContext } from "../phases/context";
import { bridgeServingMetrics } from "../phases/serving-bridge";
import { synthesizeDemoStack } from "../synthesized-stack";

type Json = Record<string, any>;
const stack = synthesizeDemoStack(demoEnvironment());
const START = Date.UTC(2026, 11, 1, 12, 0, 0);

/** 60 requests over a minute, two slots, 300 of every 1000 prompt tokens found in the prefix cache. */
const invocations: InvocationRecord[] = Array.from({ length: 60 }, (_, i) => ({
  at: START + i * 1000,
  outcome: "ok",
  modelLatencyUs: 900_000,
  promptTokens: 1000,
  cachedTokens: 300,
  completionTokens: 50,
  server: { queueMs: 20, prefillMs: 80, ttftMs: 100, timePerOutputTokenMs: 15, durationMs: 850, slot: i % 2 },
}));

describe("the demo's serving-metrics bridge", () => {
  it("gives every metric of the CloudWatch Serving row datapoints, and the counters' hit rate", async () => {
    // Arrange
    const store = new MetricStore();
    // Act
    const documents = await bridgeServingMetrics({ stack } as RunContext, store, invocations, { start: START, end: START + 60_000 });
    // Assert
    expect(documents).toBeGreaterThan(0);
    const body = cloudwatchDashboardBody(stack.dashboardInput);
    const widgets = body.widgets as Json[];
    const servingAt = widgets.findIndex((w) => w.type === "text" && w.properties.markdown === "## Serving");
    const nextRow = widgets.findIndex((w, i) => i > servingAt && w.type === "text");
    const entries = widgets.slice(servingAt + 1, nextRow).flatMap((w) => w.properties.metrics as unknown[][]);
    const bridged = entries.filter((e) => e[0] === "LLMInference/Serving");
    expect(bridged.length).toBeGreaterThanOrEqual(8);
    for (const entry of bridged) {
      const [namespace, name, ...rest] = entry as string[];
      const dimensions = Object.fromEntries([[rest[0], rest[1]]]);
      expect(store.find(namespace!, name!, dimensions)[0]?.points.length, name).toBeGreaterThan(0);
    }
    const zones = store.find("LLMInference/Serving", "CompletedRequestsPerSecond", {
      EndpointName: stack.dashboardInput.model.endpointName,
      AvailabilityZone: "*",
    });
    expect(zones.length).toBeGreaterThan(0);
    const hitRates = store.find("LLMInference/Serving", "PrefixCacheHitRate", { EndpointName: stack.dashboardInput.model.endpointName })[0]!.points;
    for (const point of hitRates) expect(point.value).toBeCloseTo(30, 6);
  });
});
