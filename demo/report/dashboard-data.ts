/**
 * Runs the unified dashboard's own queries against the run's data: the dashboard JSON the Grafana
 * stack deploys (rows, panels, targets) is read as Grafana would read it, with the template
 * variables at their defaults (`request_type` and `use_case` = All): CloudWatch metric queries
 * (statistic, period, dimension wildcards), metric math, the Metrics Insights query of the
 * "top models" panel and the Logs Insights queries over the gateway's log lines. The time axis is
 * the run's, in steps of a second or so; a target with an explicit period (a burn-rate window, a
 * day) is a sliding window over the data so far. Panels whose series only AWS publishes, or that
 * need more history than a run, are listed with the reason instead of drawn. Metric panels are
 * evaluated in metric-panel.ts, Logs Insights panels in logs-insights-panel.ts.
 */
import type { DemoResult } from "../run";
import { UnsupportedExpression } from "../../testing/cloudwatch/metric-math";
import { logsPanel } from "./logs-insights-panel";
import { insightsBars, metricPanel } from "./metric-panel";
import type { Context, DashboardData, Json, PanelData } from "./panel-data";

const LOCAL_NAMESPACES = new Set(["LLMInference/SageMaker", "LLMInference/Quality", "AWS/SageMaker", "AWS/SQS", "AWS/ApiGateway", "LLMInference/Api"]);
const NOT_LOCAL_REASON: Readonly<Record<string, string>> = {
  "/aws/sagemaker/Endpoints": "SageMaker publishes these instance metrics (GPU, CPU, memory, disk) from the endpoint's instances; the local endpoint has none",
  "AWS/Lambda": "Lambda publishes these itself",
  "AWS/Firehose": "Firehose publishes these itself",
};

function namespacesOf(panel: Json): string[] {
  return [...new Set(((panel.targets ?? []) as Json[]).map((t) => String(t.namespace ?? "")).filter(Boolean))];
}

/** What every panel shows whatever its queries: title, place, unit, thresholds and range. */
function panelBase(panel: Json): PanelData {
  const defaults = panel.fieldConfig?.defaults ?? {};
  return {
    id: panel.id,
    title: panel.title,
    ...(panel.description ? { description: panel.description } : {}),
    type: panel.type,
    gridPos: panel.gridPos,
    unit: defaults.unit ?? "",
    thresholds: ((defaults.thresholds?.steps ?? []) as Json[])
      .filter((s) => typeof s.value === "number" && s.color !== "transparent")
      .map((s) => ({ value: s.value as number, color: s.color as string })),
    steps: ((defaults.thresholds?.steps ?? []) as Json[]).map((s) => ({ value: typeof s.value === "number" ? s.value : null, color: String(s.color) })),
    ...(typeof defaults.min === "number" ? { min: defaults.min } : {}),
    ...(typeof defaults.max === "number" ? { max: defaults.max } : {}),
  };
}

function evaluatePanel(panel: Json, full: Context): PanelData {
  // A stat reduces one value over the dashboard's range: one window over the whole run.
  const ctx: Context = panel.type === "stat" ? { ...full, stepMs: full.end - full.start, ends: [full.end] } : full;
  const base = panelBase(panel);
  const targets = (panel.targets ?? []) as Json[];
  const foreign = namespacesOf(panel).find((ns) => !LOCAL_NAMESPACES.has(ns));
  if (foreign) return { ...base, skipped: NOT_LOCAL_REASON[foreign] ?? `${foreign} is not published locally` };
  try {
    const logs = targets.find((t) => t.queryMode === "Logs");
    if (logs) return logsPanel(panel, base, logs, ctx);
    const insights = targets.find((t) => t.metricQueryType === 1);
    if (insights) return { ...base, bars: insightsBars(insights, ctx) };
    return metricPanel(panel, base, targets, ctx);
  } catch (error) {
    if (error instanceof UnsupportedExpression) return { ...base, skipped: error.message };
    throw error;
  }
}

export function dashboardData(result: DemoResult): DashboardData {
  const { stack } = result;
  const input = stack.dashboardInput;
  const start = result.startedAt;
  const end = result.trafficEndedAt + 1000;
  const stepMs = Math.max(1000, Math.ceil((end - start) / 90 / 1000) * 1000);
  const ends: number[] = [];
  for (let t = start + stepMs; t < end + stepMs; t += stepMs) ends.push(t);
  const ctx: Context = {
    store: result.metrics,
    variables: {
      environment: input.namePrefix,
      endpoint: input.model.endpointName,
      model: input.model.name,
      request_type: "*",
      use_case: "*",
    },
    useCases: input.useCases,
    start,
    end,
    stepMs,
    ends,
    logs: result.gatewayLogs,
    serving: {
      invocations: result.invocations ?? [],
      ends,
      start,
      slots: input.model.decodeConcurrencyPerInstance * input.model.instanceCount,
      instances: input.model.instanceCount,
      region: input.region,
    },
  };
  const rows: { title: string; y: number; panels: PanelData[] }[] = [];
  for (const panel of stack.dashboard.panels as Json[]) {
    if (panel.type === "row") {
      rows.push({ title: panel.title, y: panel.gridPos.y, panels: [] });
      continue;
    }
    if (rows.length === 0) rows.push({ title: "", y: 0, panels: [] });
    rows[rows.length - 1]!.panels.push(evaluatePanel(panel, ctx));
  }
  const all = rows.flatMap((r) => r.panels);
  return {
    title: String(stack.dashboard.title),
    times: ends.map((t) => (t - start) / 1000),
    stepSeconds: stepMs / 1000,
    rows,
    drawn: all.filter((p) => !p.skipped).length,
    skipped: all.filter((p) => p.skipped).length,
  };
}
