import { DIMENSIONS, GATEWAY_METRICS, type MetricDefinition } from "../../contracts/metric-catalogue";

/** CloudWatch custom metrics price per metric (series) per month, first 10,000 metrics (USD). */
export const CUSTOM_METRIC_USD_PER_MONTH = 0.3;

/**
 * Number of CloudWatch series the metrics produce: for each metric and each of its dimension sets,
 * the number of value combinations `combinations(set)` of that set.
 */
export function countMetricSeries(metrics: readonly MetricDefinition[], combinations: (dimensionSet: readonly string[]) => number): number {
  return metrics.reduce((sum, metric) => sum + metric.dimensionSets.reduce((n, set) => n + combinations(set), 0), 0);
}

export interface GatewaySeriesInput {
  /** Models served. */
  readonly models: number;
  /** Endpoints per model; each endpoint runs on one instance type. @default 1 */
  readonly endpointsPerModel?: number;
  /** Request types configured (`REQUEST_TYPES`). */
  readonly requestTypes: number;
}

export interface GatewaySeriesEstimate {
  readonly series: number;
  readonly usdPerMonth: number;
}

/**
 * Series and monthly price of the gateway's custom metrics (catalogue `GATEWAY_METRICS`). An
 * endpoint serves one model on one instance type, so `[ModelName, EndpointName, InstanceType]` has
 * one combination per endpoint, and each request type adds one to every set with `request_type`.
 */
export function gatewayMetricSeries(input: GatewaySeriesInput): GatewaySeriesEstimate {
  for (const [name, value] of Object.entries(input)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} ${value} is invalid; use a whole number of at least 0`);
  }
  const endpoints = input.models * (input.endpointsPerModel ?? 1);
  const series = countMetricSeries(Object.values(GATEWAY_METRICS), (set) =>
    set.includes(DIMENSIONS.requestType) ? endpoints * input.requestTypes : endpoints,
  );
  return { series, usdPerMonth: Math.round(series * CUSTOM_METRIC_USD_PER_MONTH * 100) / 100 };
}
