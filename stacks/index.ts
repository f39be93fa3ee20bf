// The operations stack (PagerDuty) has a subpath of its own, `.../stacks/operations`: it needs the
// optional peer dependency @cdktf/provider-pagerduty.
export { ObservabilityStack, type ObservabilityStackProps } from "./observability-stack";
export { GrafanaStack, type GrafanaStackProps } from "./grafana-stack";
export { unifiedDashboardInput, CLOUDWATCH_DATA_SOURCE_UID } from "./unified-dashboard-input";
export type { EnvironmentStackProps } from "./environment-stack";
