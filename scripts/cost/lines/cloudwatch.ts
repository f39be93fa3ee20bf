/** The CloudWatch lines: custom metrics, alarms and logs. */
import { DIMENSIONS, GATEWAY_METRICS, QUALITY_METRICS, SERVING_BRIDGE_METRICS } from "../../../contracts/metric-catalogue";
import { STRATA } from "../../../contracts/score-item";
import { countMetricSeries } from "../../../modules/inference-gateway";
import { type CostContext, type CostSheet, GB, type Json } from "../context";
import { PRICES } from "../prices";

/** The custom-metric series the environment emits: the catalogue's metrics with its dimension values. */
export function metricSeries(context: CostContext): { gateway: number; quality: number; serving: number; zones: number; total: number; requestTypes: number } {
  const requestTypes = context.env.gateway.requestTypes.length;
  // The endpoint's instances spread over the subnets' zones: at most one zone per subnet.
  const zones = Math.min(context.instances, context.env.network.subnetIds.length);
  const combinations = (set: readonly string[]): number =>
    (set.includes(DIMENSIONS.requestType) ? requestTypes : 1) *
    (set.includes(DIMENSIONS.stratum) ? STRATA.length : 1) *
    (set.includes(DIMENSIONS.availabilityZone) ? zones : 1);
  const gateway = countMetricSeries(Object.values(GATEWAY_METRICS), combinations);
  const quality = countMetricSeries(Object.values(QUALITY_METRICS), combinations);
  const serving = countMetricSeries(Object.values(SERVING_BRIDGE_METRICS), combinations);
  return { gateway, quality, serving, zones, total: gateway + quality + serving, requestTypes };
}

export function addCustomMetrics(context: CostContext, sheet: CostSheet): void {
  const series = metricSeries(context);
  sheet.add(
    "CloudWatch custom metrics",
    series.total * PRICES.customMetric.usd,
    `${series.total} series (gateway ${series.gateway}: ${Object.keys(GATEWAY_METRICS).length} metrics per endpoint and per each of ${series.requestTypes} request types; quality ${series.quality}: ${Object.keys(QUALITY_METRICS).length} metrics by model, request type and ${STRATA.length} strata; serving ${series.serving}: ${Object.keys(SERVING_BRIDGE_METRICS).length} metrics the serving-metrics bridge republishes, per endpoint and ${series.zones} zones) x $${PRICES.customMetric.usd}`,
  );
}

/** Alarms, from the synthesized stack: metric-math alarms billed by the metrics they read. */
export function addAlarms(context: CostContext, sheet: CostSheet): void {
  const r = context.resources;
  let standardMetrics = 0;
  let highResMetrics = 0;
  let anomaly = 0;
  for (const alarm of Object.values((r.aws_cloudwatch_metric_alarm ?? {}) as Json) as Json[]) {
    const queries = (alarm.metric_query ?? []) as Json[];
    const metrics = alarm.metric_query ? queries.filter((q) => q.metric).length : 1;
    const period = Number(alarm.period ?? queries.find((q) => q.metric)?.metric?.period ?? 60);
    const isAnomaly = queries.some((q) => String(q.expression ?? "").includes("ANOMALY_DETECTION_BAND"));
    const billed = isAnomaly ? PRICES.anomalyDetectionAlarmMetrics.usd * metrics : metrics;
    if (isAnomaly) anomaly += 1;
    if (period < 60) highResMetrics += billed;
    else standardMetrics += billed;
  }
  const metricAlarms = Object.keys(r.aws_cloudwatch_metric_alarm ?? {}).length;
  const composites = Object.keys(r.aws_cloudwatch_composite_alarm ?? {}).length;
  sheet.add(
    "CloudWatch alarms",
    standardMetrics * PRICES.standardAlarmMetric.usd + highResMetrics * PRICES.highResolutionAlarmMetric.usd + composites * PRICES.compositeAlarm.usd,
    `${metricAlarms} metric alarms reading ${standardMetrics} standard-resolution alarm metrics (metric-math alarms counted by the metrics they read; ${anomaly} anomaly-detection alarm x3) x $${PRICES.standardAlarmMetric.usd}, ${highResMetrics} high-resolution x $${PRICES.highResolutionAlarmMetric.usd}, ${composites} composite x $${PRICES.compositeAlarm.usd}`,
  );
}

/** CloudWatch Logs: the gateway's EMF and log lines, the other functions and the trail. */
export function addLogs(context: CostContext, sheet: CostSheet): void {
  const { profile, logObjects, captureObjects, dataEvents } = context;
  const logGbPerMonth =
    (context.requestsPerMonth * profile.logBytesPerRequest +
      (logObjects + captureObjects) * 2_000 +
      context.judge.evaluationsPerMonth * 300 +
      dataEvents * 1_500) /
    GB;
  const retentionDays = context.env.telemetry.logRetentionDays;
  sheet.add(
    "CloudWatch Logs",
    logGbPerMonth * PRICES.logsIngestion.usd + ((logGbPerMonth * Math.min(retentionDays, 365)) / (365 / 12)) * PRICES.logsStorage.usd,
    `${logGbPerMonth.toFixed(2)} GB/month ingested (gateway ${profile.logBytesPerRequest} B per request: the EMF lines that carry the custom metrics, and its log lines; evaluator, publisher, CloudTrail to Logs) x $${PRICES.logsIngestion.usd}/GB, kept ${retentionDays} days (steady state after one year) x $${PRICES.logsStorage.usd}/GB-month`,
  );
}
