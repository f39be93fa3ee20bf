export { accessLogFormat, type InferenceApiAuth } from "./access-log-format";
export { InferenceGateway } from "./inference-gateway";
export {
  gatewayLambdaTimeoutSeconds,
  INFERENCE_GATEWAY_DEFAULTS,
  INTEGRATION_TIMEOUT_MS,
  LAMBDA_TIMEOUT_HEADROOM_SECONDS,
  MAX_INVOKE_TIMEOUT_MS,
  type GatewayEndpoint,
  type GatewayThrottling,
  type InferenceGatewayProps,
} from "./gateway-props";
export { INVOKE_PATH } from "./invoke-route";
export {
  ANONYMOUS_IP_LIST,
  COUNTED_MANAGED_RULES,
  InferenceWebAcl,
  MANAGED_RULE_GROUPS,
  RATE_RULE_NAME,
  REDACTED_HEADER,
  WAF_LOG_GROUP_PREFIX,
  type InferenceWebAclProps,
} from "./inference-web-acl";
export { countMetricSeries, CUSTOM_METRIC_USD_PER_MONTH, gatewayMetricSeries, type GatewaySeriesEstimate, type GatewaySeriesInput } from "./metric-series";
export { INFERENCE_GATEWAY_RULES, INFERENCE_GATEWAY_RULE_PACK } from "./policy-rules";
export { FAST_REFUSAL_SECONDS, gatewayReservedConcurrency, type GatewayConcurrencyInputs } from "./reserved-concurrency";
export { INFERENCE_LOG_FALLBACK_RETENTION_SECONDS, inferenceLogFallbackQueueName, useCaseBindingOf } from "./caller-binding";
export type { CallerUseCase, UseCaseBinding } from "../../contracts/use-case-binding";
