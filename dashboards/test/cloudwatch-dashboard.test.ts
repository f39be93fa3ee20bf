/** The CloudWatch rendering of the unified dashboard: what CloudWatch reads from each panel. */
import { describe, expect, it } from "vitest";
import { cloudwatchDashboardBody, cloudwatchDashboardName } from "../index";
import { relativeStart } from "../cloudwatch/cloudwatch-dashboard";
import { dashboardInput } from "./fixture";

type Json = Record<string, any>;
const body = cloudwatchDashboardBody(dashboardInput());
const widget = (title: string): Json => {
  const found = (body.widgets as Json[]).find((w) => w.properties.title === title);
  if (!found) throw new Error(`no widget "${title}"`);
  return found;
};
const entries = (title: string): unknown[][] => widget(title).properties.metrics;
const optionsOf = (entry: unknown[]): Json => entry[entry.length - 1] as Json;

describe("cloudwatchDashboardBody", () => {
  it("keeps every widget in the environment's Region and resolves the template variables to the environment's values", () => {
    const text = JSON.stringify(body);
    expect(new Set((body.widgets as Json[]).filter((w) => w.type !== "text").map((w) => w.properties.region))).toEqual(new Set(["sa-east-1"]));
    // No Grafana variable is left; CloudWatch's own dynamic labels are.
    expect(text).not.toMatch(/\$(endpoint|model|request_type|use_case|environment)\b|\$\{use_case/);
    expect(text).toContain("${PROP('Dim.InstanceId')}");
    expect(entries("ModelLatency P50 and P99")[0]).toEqual([
      "AWS/SageMaker",
      "ModelLatency",
      "EndpointName",
      "llmobs-retail-banking-prod-endpoint",
      "VariantName",
      "AllTraffic",
      { stat: "p50", id: "latency_p50", label: "P50" },
    ]);
  });

  it("turns a wildcard dimension (per instance, every request_type) into a SEARCH expression", () => {
    const perInstance = optionsOf(entries("GPU utilisation")[1]!);
    expect(perInstance.expression).toBe(
      `SEARCH('{"/aws/sagemaker/Endpoints",EndpointName,VariantName,InstanceId} MetricName="GPUUtilization" EndpointName="llmobs-retail-banking-prod-endpoint" VariantName="AllTraffic"', 'Average', 300)`,
    );
    const byType = optionsOf(entries("TTFT P95 by request_type")[0]!);
    expect(byType.expression).toMatch(
      /^SEARCH\('\{"LLMInference\/SageMaker",ModelName,EndpointName,InstanceType,request_type\} MetricName="ttft_ms" .* InstanceType="ml\.g5\.12xlarge"', 'p95', 300\)$/,
    );
  });

  it("keeps metric math, hidden inputs, periods and Metrics Insights as CloudWatch expressions", () => {
    const contention = entries("ModelLatency P99 / P50");
    expect(contention.map(optionsOf).map((o) => [o.id, o.visible])).toEqual([
      ["ratio_p50", false],
      ["ratio_p99", false],
      ["contention", undefined],
    ]);
    expect(optionsOf(contention[2]!).expression).toBe("ratio_p99 / ratio_p50");
    expect(optionsOf(entries("Week-over-week drift")[1]!)).toEqual({
      expression: "DIFF(weekly)",
      id: "drift",
      label: "change from the week before",
      period: 604800,
    });
    expect(optionsOf(entries("Top models by requests")[0]!).expression).toMatch(/^SELECT SUM\(RequestCount\) FROM SCHEMA\("LLMInference\/SageMaker"/);
  });

  it("draws Logs Insights panels as log widgets over the gateway's log group, every use case selected", () => {
    const outcomes = widget("Request outcomes");
    expect(outcomes.type).toBe("log");
    expect(outcomes.properties.view).toBe("bar");
    expect(outcomes.properties.query).toBe(
      "SOURCE '/aws/lambda/llmobs-retail-banking-prod-gateway' | fields status\n| filter ispresent(status)\n| filter ispresent(use_case) and use_case =~ /^.*$/\n| stats count(*) as requests by status",
    );
    expect(widget("Tokens and estimated cost by use_case").properties.view).toBe("table");
    expect(widget("Completion tokens by use_case").properties.view).toBe("timeSeries");
  });

  it("draws stats as single values, thresholds as lines, a panel's own range as its start", () => {
    expect(widget("Endpoint cost in range").properties.view).toBe("singleValue");
    expect(widget("TTFT P50, P95 and P99").properties.annotations).toEqual({ horizontal: [{ value: 1500, color: "#d62728" }] });
    expect(widget("Week-over-week drift").properties.start).toBe("-P56D");
    expect(widget("Judge spend per day").properties.start).toBe("-P14D");
    expect(widget("Cache hit rate").properties.yAxis).toEqual({ left: { min: 0, max: 100 } });
  });

  it("names the dashboard after the environment, and refuses a time range it cannot express", () => {
    expect(cloudwatchDashboardName("llmobs-retail-banking-prod")).toBe("llmobs-retail-banking-prod-unified");
    expect(relativeStart("12h")).toBe("-PT12H");
    expect(() => relativeStart("1y")).toThrow('panel time range must be like 30d, 8w, 12h or 15m, got "1y"');
  });

  it("draws the Serving row from the metrics the serving-metrics bridge republishes, not PromQL", () => {
    const withFloor = cloudwatchDashboardBody(dashboardInput({ repeatedPrefixUseCases: ["onboarding"] }));
    const servingWidget = (title: string): Json => (withFloor.widgets as Json[]).find((w) => String(w.properties.title).startsWith(title))!;
    expect((withFloor.widgets as Json[]).some((w) => w.type === "text" && w.properties.markdown === "## Serving")).toBe(true);
    expect(JSON.stringify(withFloor)).not.toContain("vllm:");
    const kpi = servingWidget("Prefix-cache hit rate");
    expect(kpi.properties.metrics).toEqual([
      [
        "LLMInference/Serving",
        "PrefixCacheHitRate",
        "EndpointName",
        "llmobs-retail-banking-prod-endpoint",
        { stat: "Average", id: "prefixCacheHitRate", label: "hit rate" },
      ],
    ]);
    const split = servingWidget("Client TTFT beside").properties.metrics as unknown[][];
    expect(split.map((entry) => [entry[0], entry[1]])).toEqual([
      ["LLMInference/SageMaker", "ttft_ms"],
      ["LLMInference/Serving", "QueueTimeP50"],
      ["LLMInference/Serving", "PrefillTimeP50"],
      ["LLMInference/Serving", "ServerTtftP50"],
    ]);
    expect(optionsOf(servingWidget("Traffic per Availability Zone").properties.metrics[0]).expression).toBe(
      `SEARCH('{"LLMInference/Serving",EndpointName,AvailabilityZone} MetricName="CompletedRequestsPerSecond" EndpointName="llmobs-retail-banking-prod-endpoint"', 'Average', 300)`,
    );
  });
});
