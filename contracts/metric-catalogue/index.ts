/**
 * The one place where metric names, namespaces, units and dimensions are written down, one file
 * per metric family.
 *
 * Functions (gateway, evaluator, publisher), alarms, SLOs, saved queries and dashboards import
 * these definitions instead of repeating strings, so a rename is one edit and a typo is a
 * compile error. This folder has no dependencies: Lambda bundles import it too.
 */
import { ACCESS_LOG_METRICS, API_GATEWAY_METRICS, FIREHOSE_METRICS, LAMBDA_METRICS, SQS_METRICS } from "./aws-services";
import type { MetricDefinition } from "./definition";
import { GATEWAY_METRICS } from "./gateway";
import { CALIBRATION_METRICS, SHADOW_METRICS } from "./judge-calibration";
import { PRIVACY_METRICS } from "./privacy";
import { QUALITY_METRICS } from "./quality";
import { SAGEMAKER_INSTANCE_METRICS, SAGEMAKER_INVOCATION_METRICS } from "./sagemaker";

export {
  ACCESS_LOG_METRICS,
  API_GATEWAY_METRICS,
  AWS_SERVICE_DIMENSIONS,
  AWS_SERVICE_NAMESPACES,
  FIREHOSE_METRICS,
  LAMBDA_METRICS,
  SQS_METRICS,
} from "./aws-services";
export type { MetricDefinition, MetricPublisher, MetricUnit } from "./definition";
export { GATEWAY_METRICS } from "./gateway";
export { CALIBRATION_METRICS, SHADOW_METRICS } from "./judge-calibration";
export { DIMENSIONS, GATEWAY_LOG_FIELDS, NAMESPACES } from "./names";
export { PRIVACY_METRICS } from "./privacy";
export { QUALITY_METRICS } from "./quality";
export { SAGEMAKER_INSTANCE_METRICS, SAGEMAKER_INVOCATION_METRICS } from "./sagemaker";

/** Every metric of the platform, for documentation and for tests that check references. */
export const METRIC_CATALOGUE: readonly MetricDefinition[] = [
  ...Object.values(GATEWAY_METRICS),
  ...Object.values(API_GATEWAY_METRICS),
  ...Object.values(ACCESS_LOG_METRICS),
  ...Object.values(QUALITY_METRICS),
  ...Object.values(CALIBRATION_METRICS),
  ...Object.values(SHADOW_METRICS),
  ...Object.values(PRIVACY_METRICS),
  ...Object.values(SAGEMAKER_INVOCATION_METRICS),
  ...Object.values(SAGEMAKER_INSTANCE_METRICS),
  ...Object.values(SQS_METRICS),
  ...Object.values(LAMBDA_METRICS),
  ...Object.values(FIREHOSE_METRICS),
];
