/**
 * Panel factories with the dashboard's shared defaults: a visible legend (the SDK hides it), a
 * description on every panel, units from the catalogue and thresholds drawn as lines.
 */
import * as bargauge from "@grafana/grafana-foundation-sdk/bargauge";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { type MetricDefinition, type MetricUnit, SAGEMAKER_INVOCATION_METRICS } from "../contracts/metric-catalogue";

/** Grafana unit ids used here. */
export const UNITS = {
  ms: "ms",
  microseconds: "µs",
  seconds: "s",
  count: "short",
  percent: "percent",
  /** 0-1 shown as a percentage. */
  percentUnit: "percentunit",
  ratio: "none",
  usd: "currencyUSD",
  tokensPerSecond: "suffix: tok/s",
  score: "none",
} as const;

/** The Grafana unit of each catalogue unit. */
const GRAFANA_UNIT_OF: Readonly<Record<MetricUnit, string>> = {
  Milliseconds: UNITS.ms,
  Seconds: UNITS.seconds,
  Percent: UNITS.percent,
  "Count/Second": UNITS.tokensPerSecond,
  Count: UNITS.count,
  None: UNITS.score,
};

/** The Grafana unit of a catalogue metric (SageMaker reports its latencies in microseconds). */
export function unitOf(metric: MetricDefinition): string {
  if (metric === SAGEMAKER_INVOCATION_METRICS.modelLatency || metric === SAGEMAKER_INVOCATION_METRICS.overheadLatency) return UNITS.microseconds;
  return GRAFANA_UNIT_OF[metric.unit];
}

/** A threshold step: from `value` up, in `color` (the first step's value is null: everything below). */
export interface Step {
  readonly value: number | null;
  readonly color: string;
}

export const thresholds = (steps: readonly Step[]): dashboard.ThresholdsConfigBuilder =>
  new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps.map((s) => ({ value: s.value, color: s.color })));

/** A line at `value` (and above) in `color`, nothing below. */
export const lineAt = (...lines: readonly { value: number; color: string }[]): dashboard.ThresholdsConfigBuilder =>
  thresholds([{ value: null, color: "transparent" }, ...lines]);

export interface PanelOptions {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly targets: readonly cog.Builder<cog.Dataquery>[];
  /** Grid width, 1-24. @default 8 */
  readonly width?: number;
  /** Grid height. @default 8 */
  readonly height?: number;
  readonly thresholds?: dashboard.ThresholdsConfigBuilder;
  readonly min?: number;
  readonly max?: number;
  /** Relative time range of this panel only, e.g. `30d`. */
  readonly timeFrom?: string;
}

const legend = () => new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom);

/** What every panel builder of the SDK offers: the settings all panels here are given first, in this order. */
interface PanelBasics<B> {
  title(title: string): B;
  description(description: string): B;
  unit(unit: string): B;
  targets(targets: cog.Builder<cog.Dataquery>[]): B;
  span(width: number): B;
  height(height: number): B;
}

/** Title, description, unit, targets and grid size, `defaultWidth` wide unless the options say. */
function withBasics<B extends PanelBasics<B>>(panel: B, o: PanelOptions, defaultWidth: number): B {
  return panel
    .title(o.title)
    .description(o.description)
    .unit(o.unit)
    .targets([...o.targets])
    .span(o.width ?? defaultWidth)
    .height(o.height ?? 8);
}

/** The axis or gauge range the options set, if any. */
function withRange<B extends { min(min: number): B; max(max: number): B }>(panel: B, o: PanelOptions): B {
  if (o.min !== undefined) panel.min(o.min);
  if (o.max !== undefined) panel.max(o.max);
  return panel;
}

/** A time series panel; thresholds are drawn as dashed lines. */
export function timeseriesPanel(o: PanelOptions): timeseries.PanelBuilder {
  const panel = withBasics(new timeseries.PanelBuilder(), o, 8).legend(legend()).lineWidth(1).fillOpacity(10).spanNulls(true);
  if (o.thresholds) {
    panel.thresholds(o.thresholds).thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
  }
  withRange(panel, o);
  if (o.timeFrom) panel.timeFrom(o.timeFrom);
  return panel;
}

/** A single-value panel coloured by its thresholds. */
export function statPanel(o: PanelOptions & { readonly reducer?: "lastNotNull" | "mean" | "sum" | "max" }): stat.PanelBuilder {
  const panel = withBasics(new stat.PanelBuilder(), o, 4)
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs([o.reducer ?? "lastNotNull"]).values(false));
  if (o.thresholds) panel.thresholds(o.thresholds);
  withRange(panel, o);
  if (o.timeFrom) panel.timeFrom(o.timeFrom);
  return panel;
}

/** A table (Logs Insights results by use case). */
export function tablePanel(o: PanelOptions): table.PanelBuilder {
  const panel = withBasics(new table.PanelBuilder(), o, 12);
  if (o.thresholds) panel.thresholds(o.thresholds);
  return panel;
}

/** Horizontal bars, one per series (e.g. the latest value per use case or per queue). */
export function barGaugePanel(o: PanelOptions): bargauge.PanelBuilder {
  const panel = withBasics(new bargauge.PanelBuilder(), o, 8)
    .orientation(common.VizOrientation.Horizontal)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
  if (o.thresholds) panel.thresholds(o.thresholds);
  return withRange(panel, o);
}

export type AnyPanel = cog.Builder<dashboard.Panel>;
