export { buildUnifiedDashboard, dashboardUid, unifiedDashboardJson, ROWS } from "./unified-dashboard";
export { costPer1kTokensExpression, costPerRequestExpression, endpointCostPerHourUsd, CACHE_HIT_RATE_TARGET_PERCENT } from "./rows/token-economics";
export { LATENCY_CONTENTION_RATIO, DEFAULT_GPU_MEMORY_ALARM_PERCENT } from "./rows/infrastructure";
export { VARIABLES, requireDimensionSet } from "./queries";
export { exportableDashboard, DATA_SOURCE_INPUT } from "./exportable";
export type { DashboardBurnRateWindow, DashboardSlo, DashboardSliQuery, UnifiedDashboardInput } from "./types";
export {
  cloudwatchDashboardBody,
  cloudwatchDashboardName,
  cloudwatchWidgets,
  defaultVariableValues,
} from "./cloudwatch/cloudwatch-dashboard";
