// SageMaker AI's detailed serving metrics (PromQL) republished as CloudWatch metrics for alarms and dashboards.
export { PROMQL_READ_ACTIONS, ServingMetricsBridge, type ServingMetricsBridgeProps } from "./serving-metrics-bridge";
