// PagerDuty routing, apart from the rest of the alerting module: it needs the optional peer
// dependency @cdktf/provider-pagerduty, which an app without PagerDuty does not install.
export { CLOUDWATCH_VENDOR_NAME, PagerDutyRouting, URGENCY_BY_SEVERITY, type PagerDutyRoutingProps, type PagerDutySeverityRoute } from "./pagerduty-routing";
