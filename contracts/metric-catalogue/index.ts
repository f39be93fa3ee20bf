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
import { SERVING_BRIDGE_METRICS } from "./serving";

export * from "./aws-services";
export type { MetricDefinition, MetricPublisher, MetricUnit } from "./definition";
export * from "./gateway";
export * from "./judge-calibration";
export * from "./names";
export * from "./privacy";
export * from "./quality";
export * from "./sagemaker";
export * from "./serving";

/** Every metric of the platform, for documentation and for tests that check references. */
export const METRIC_CATALOGUE: readonly MetricDefinition[] = [
  GATEWAY_METRICS,
  API_GATEWAY_METRICS,
  ACCESS_LOG_METRICS,
  QUALITY_METRICS,
  CALIBRATION_METRICS,
  SHADOW_METRICS,
  PRIVACY_METRICS,
  SERVING_BRIDGE_METRICS,
  SAGEMAKER_INVOCATION_METRICS,
  SAGEMAKER_INSTANCE_METRICS,
  SQS_METRICS,
  LAMBDA_METRICS,
  FIREHOSE_METRICS,
].flatMap((family): MetricDefinition[] => Object.values(family));
