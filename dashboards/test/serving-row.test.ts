import { describe, expect, it } from "vitest";
import { buildUnifiedDashboard, ROWS } from "..";
import { CACHE_HIT_RATE_MIN_PERCENT, SERVING_QUERIES, servingPromql } from "../../contracts/serving-metrics";
import { dashboardInput } from "./fixture";

type Json = Record<string, any>;

function servingRow(model: Json): Json[] {
  const panels = model.panels as Json[];
  const at = panels.findIndex((p) => p.type === "row" && p.title === ROWS.serving);
  const next = panels.findIndex((p, i) => i > at && p.type === "row");
  return panels.slice(at + 1, next < 0 ? undefined : next);
}

describe("Serving row (SageMaker's detailed serving metrics)", () => {
  const model = buildUnifiedDashboard(dashboardInput({ repeatedPrefixUseCases: ["onboarding"] })) as unknown as Json;
  const row = servingRow(model);
  const byTitle = (title: string) => row.find((p) => p.title.startsWith(title))!;

  it("sits after Token economics with the panels the source article and the issue ask for", () => {
    const titles = (model.panels as Json[]).filter((p) => p.type === "row").map((p) => p.title);
    expect(titles.indexOf(ROWS.serving)).toBe(titles.indexOf(ROWS.tokenEconomics) + 1);
    expect(row.map((p) => p.title)).toEqual([
      "Queue depth and running requests (server)",
      "KV-cache usage (server)",
      "Prefix-cache hit rate (server)",
      "TTFT: server beside client (p95)",
      "Time per output token: server beside client (p95)",
      "Client TTFT beside the server's queueing and prefill (p50)",
      "Traffic per Availability Zone (server)",
    ]);
  });

  it("queries CloudWatch's PromQL data source by endpoint label, and mixes in the client's CloudWatch series", () => {
    const queue = byTitle("Queue depth");
    expect(queue.datasource).toEqual({ type: "grafana-amazonprometheus-datasource", uid: "llmobs-promql" });
    expect(queue.targets[0].expr).toBe('sum({"vllm:num_requests_waiting", "aws.sagemaker.endpoint.name"="$endpoint"})');
    const ttft = byTitle("TTFT: server beside client");
    expect(ttft.datasource).toEqual({ type: "datasource", uid: "-- Mixed --" });
    expect(ttft.targets.map((t: Json) => t.datasource.uid)).toEqual(["llmobs-promql", "llmobs-cloudwatch"]);
    expect(ttft.targets[0].expr).toBe(
      '1000 * histogram_quantile(0.95, sum by (le) (rate({"vllm:time_to_first_token_seconds_bucket", "aws.sagemaker.endpoint.name"="$endpoint"}[5m])))',
    );
    expect(byTitle("Traffic per Availability Zone").targets[0].expr).toContain('sum by ("@resource.cloud.availability_zone")');
  });

  it("shows the prefix-cache hit rate against the source article's 40 % floor where a use case declares a repeated prompt", () => {
    const kpi = byTitle("Prefix-cache hit rate");
    expect(kpi.targets[0].expr).toBe(servingPromql(SERVING_QUERIES.prefixCacheHitRate, "$endpoint"));
    expect(kpi.fieldConfig.defaults.thresholds.steps.map((s: Json) => s.value)).toContain(CACHE_HIT_RATE_MIN_PERCENT);
    expect(kpi.description).toContain("onboarding");
    const without = servingRow(buildUnifiedDashboard(dashboardInput()) as unknown as Json).find((p) => p.title.startsWith("Prefix-cache"))!;
    expect(JSON.stringify(without.fieldConfig.defaults.thresholds ?? {})).not.toContain(`"value":${CACHE_HIT_RATE_MIN_PERCENT}`);
  });

  it("sets the client's TTFT beside the server's queueing and prefill, each series saying what it measures", () => {
    const split = byTitle("Client TTFT beside");
    expect(split.targets.map((t: Json) => t.expr ?? `cloudwatch:${t.metricName}`)).toEqual([
      "cloudwatch:ttft_ms",
      servingPromql(SERVING_QUERIES.queueTimeP50, "$endpoint"),
      servingPromql(SERVING_QUERIES.prefillTimeP50, "$endpoint"),
      servingPromql(SERVING_QUERIES.serverTtftP50, "$endpoint"),
    ]);
    expect(split.targets.map((t: Json) => t.legendFormat ?? t.label)).toEqual([
      "client TTFT p50 (gateway: invoke to first chunk)",
      "queued p50 (vLLM: waiting for a slot)",
      "prefill p50 (vLLM: prompt processing)",
      "server TTFT p50 (vLLM: arrival to first token)",
    ]);
    // The gateway's own work is not in the client's TTFT: the panel must not call the remainder gateway overhead.
    expect(split.description).toContain("not in it");
    expect(split.description).not.toMatch(/remains of the client's TTFT is gateway overhead/);
  });
});
