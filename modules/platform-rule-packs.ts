import { ALERTING_RULE_PACK } from "./alerting/policy-rules";
import { EVALUATION_LAYER_RULE_PACK } from "./evaluation-layer/policy-rules";
import { GRAFANA_RULE_PACK } from "./grafana/policy-rules";
import { INFERENCE_ENDPOINT_RULE_PACK } from "./inference-endpoint/policy-rules";
import { INFERENCE_GATEWAY_RULE_PACK } from "./inference-gateway/policy-rules";
import { CORE_RULE_PACKS } from "./shared/policy/packs";
import type { RulePack } from "./shared/policy/types";
import { TELEMETRY_RULE_PACK } from "./telemetry-pipeline/policy-rules";

/**
 * Every rule of the platform. The platform's own stacks run all of them on every resource, also on
 * resources no module made (a module's constructor only registers its own pack).
 */
export const PLATFORM_RULE_PACKS: readonly RulePack[] = [
  ...CORE_RULE_PACKS,
  INFERENCE_ENDPOINT_RULE_PACK,
  TELEMETRY_RULE_PACK,
  ALERTING_RULE_PACK,
  INFERENCE_GATEWAY_RULE_PACK,
  EVALUATION_LAYER_RULE_PACK,
  GRAFANA_RULE_PACK,
];
