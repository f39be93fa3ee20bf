/**
 * The unified dashboard rendered a second time, as an Amazon CloudWatch dashboard: from the same
 * model the Grafana dashboard is (`buildUnifiedDashboard`), row by row and panel by panel, so the
 * two cannot drift. CloudWatch dashboards exist in every Region and keep everything in it; this is
 * the dashboard of an environment where Grafana is not used, and the in-Region one where it is.
 *
 * Rows become markdown headers; time series, stat, bar gauge and table panels become metric
 * widgets (time series, single value, bar, table) or, for Logs Insights panels, log widgets. The
 * Serving row's PromQL targets read the CloudWatch metrics the serving-metrics bridge republishes
 * them as (`LLMInference/Serving`): a CloudWatch dashboard body takes no PromQL.
 * Thresholds become horizontal annotations; a panel's own time range (`timeFrom`) its `start`.
 */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { buildUnifiedDashboard } from "../unified-dashboard";
import type { UnifiedDashboardInput } from "../types";
import { VARIABLES } from "../queries";
import { bridgedMetricEntry, isLogsTarget, isPromqlTarget, logQuery, metricEntry, type VariableValues } from "./targets";

type Json = Record<string, any>;

/** CloudWatch's default period for metric widgets without one, seconds. */
const DEFAULT_PERIOD_SECONDS = 300;

const COLORS: Readonly<Record<string, string>> = {
  red: "#d62728",
  orange: "#ff7f0e",
  yellow: "#bcbd22",
  green: "#2ca02c",
  blue: "#1f77b4",
};

const VIEWS: Readonly<Record<string, string>> = { timeseries: "timeSeries", stat: "singleValue", bargauge: "bar", table: "table" };

/** Grafana's `30d` / `8w` / `12h` as CloudWatch's relative ISO 8601 start (`-P30D`). */
export function relativeStart(timeFrom: string): string {
  const match = /^(\d+)([mhdw])$/.exec(timeFrom);
  if (!match) throw new Error(`panel time range must be like 30d, 8w, 12h or 15m, got "${timeFrom}"`);
  const amount = Number(match[1]);
  switch (match[2]) {
    case "w":
      return `-P${amount * 7}D`;
    case "d":
      return `-P${amount}D`;
    case "h":
      return `-PT${amount}H`;
    default:
      return `-PT${amount}M`;
  }
}

/** The template variables at the values CloudWatch reads: the environment's endpoint and model, every request type and use case. */
export function defaultVariableValues(input: UnifiedDashboardInput): VariableValues {
  return {
    [VARIABLES.environment]: input.namePrefix,
    [VARIABLES.endpoint]: input.model.endpointName,
    [VARIABLES.model]: input.model.name,
    [VARIABLES.requestType]: "*",
    [`${VARIABLES.useCase}:regex`]: ".*",
    [VARIABLES.useCase]: ".*",
  };
}

function annotations(panel: Json): Json | undefined {
  const steps = (panel.fieldConfig?.defaults?.thresholds?.steps ?? []) as { value: number | null; color: string }[];
  const lines = steps.filter((s) => s.value !== null && s.color !== "transparent").map((s) => ({ value: s.value, color: COLORS[s.color] ?? s.color }));
  return lines.length > 0 ? { horizontal: lines } : undefined;
}

function metricWidget(panel: Json, region: string, values: VariableValues): Json {
  const defaults = panel.fieldConfig?.defaults ?? {};
  const reducer = panel.options?.reduceOptions?.calcs?.[0];
  const targets = (panel.targets ?? []) as Json[];
  const ownPeriods = targets.some((t) => t.period !== undefined);
  const lines = annotations(panel);
  return {
    view: VIEWS[panel.type] ?? "timeSeries",
    title: panel.title,
    region,
    stacked: false,
    period: DEFAULT_PERIOD_SECONDS,
    metrics: targets.map((t) =>
      isPromqlTarget(t) ? bridgedMetricEntry(t, values, DEFAULT_PERIOD_SECONDS, panel.title) : metricEntry(t, values, DEFAULT_PERIOD_SECONDS),
    ),
    ...(panel.type === "stat" && !ownPeriods && (reducer === "mean" || reducer === "sum") ? { setPeriodToTimeRange: true } : {}),
    ...(panel.type === "timeseries" && lines ? { annotations: lines } : {}),
    ...(defaults.min !== undefined || defaults.max !== undefined
      ? { yAxis: { left: { ...(defaults.min !== undefined ? { min: defaults.min } : {}), ...(defaults.max !== undefined ? { max: defaults.max } : {}) } } }
      : {}),
    ...(panel.timeFrom ? { start: relativeStart(panel.timeFrom), end: "P0D" } : {}),
  };
}

function logWidget(panel: Json, region: string, values: VariableValues): Json {
  const targets = (panel.targets ?? []) as Json[];
  if (targets.length !== 1) throw new Error(`panel "${panel.title}": a CloudWatch log widget runs one Logs Insights query, the panel has ${targets.length}`);
  const view = panel.type === "timeseries" ? "timeSeries" : panel.type === "bargauge" ? "bar" : "table";
  return { view, title: panel.title, region, query: logQuery(targets[0]!, values), ...(panel.timeFrom ? { start: relativeStart(panel.timeFrom) } : {}) };
}

/** One CloudWatch widget per panel of the model, at the panel's place in the same 24-column grid. */
export function cloudwatchWidgets(model: dashboard.Dashboard, region: string, values: VariableValues): Json[] {
  return ((model.panels ?? []) as Json[]).map((p) => {
    const panel = p as Json;
    const { x, y, w, h } = panel.gridPos ?? { x: 0, y: 0, w: 24, h: 8 };
    const place = { x, y, width: w, height: h };
    if (panel.type === "row") return { type: "text", ...place, properties: { markdown: `## ${panel.title}`, background: "transparent" } };
    const targets = (panel.targets ?? []) as Json[];
    const logs = targets.filter(isLogsTarget);
    if (logs.length > 0 && logs.length !== targets.length) {
      throw new Error(`panel "${panel.title}" mixes Logs Insights and metric queries; CloudWatch draws them in different widgets`);
    }
    return logs.length > 0
      ? { type: "log", ...place, properties: logWidget(panel, region, values) }
      : { type: "metric", ...place, properties: metricWidget(panel, region, values) };
  });
}

/** The CloudWatch dashboard body (`aws_cloudwatch_dashboard.dashboard_body`) of one environment. */
export function cloudwatchDashboardBody(input: UnifiedDashboardInput): Json {
  const model = buildUnifiedDashboard(input);
  return { start: "-PT24H", periodOverride: "inherit", widgets: cloudwatchWidgets(model, input.region, defaultVariableValues(input)) };
}

/** CloudWatch dashboard names: letters, digits, `-` and `_`, at most 255 characters. */
export function cloudwatchDashboardName(namePrefix: string): string {
  return `${namePrefix}-unified`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}
