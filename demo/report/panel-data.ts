/** What the demo's dashboard rendering holds: the evaluated panels and the context their queries are evaluated in. */
import type { MetricStore } from "../../testing/aws/metric-store";
import type { ServingContext } from "./serving-series";

export type Json = Record<string, any>;

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  /** Drawn dashed (a threshold line of the dashboard). */
  readonly dashed?: boolean;
}

export interface PanelData {
  readonly id: number;
  readonly title: string;
  readonly description?: string;
  readonly type: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly unit: string;
  readonly thresholds: readonly { readonly value: number; readonly color: string }[];
  /** Every threshold step as the dashboard defines it (the base step's value is null): what colours a stat. */
  readonly steps: readonly { readonly value: number | null; readonly color: string }[];
  readonly min?: number;
  readonly max?: number;
  readonly series?: readonly ChartSeries[];
  readonly stats?: readonly { readonly label: string; readonly value: number }[];
  readonly bars?: readonly { readonly label: string; readonly value: number }[];
  readonly table?: { readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] };
  /** Set when the panel is not drawn: why. */
  readonly skipped?: string;
  readonly notes?: readonly string[];
}

export interface DashboardData {
  readonly title: string;
  /** Seconds since the start of the traffic, one per step. */
  readonly times: readonly number[];
  readonly stepSeconds: number;
  readonly rows: readonly { readonly title: string; readonly y: number; readonly panels: readonly PanelData[] }[];
  readonly drawn: number;
  readonly skipped: number;
}

/** What the dashboard's queries are evaluated on: the run's data, the time axis and the template variables' values. */
export interface Context {
  readonly store: MetricStore;
  readonly variables: Readonly<Record<string, string>>;
  readonly useCases: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly stepMs: number;
  /** End of each step (epoch ms). */
  readonly ends: readonly number[];
  readonly logs: readonly Record<string, unknown>[];
  /** What the simulated container's own metrics hold (the Serving row's PromQL). */
  readonly serving: ServingContext;
}
