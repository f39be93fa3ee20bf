import { ALERTING_RULES } from "../../alerting/policy-rules";
import { INFERENCE_GATEWAY_RULES } from "../../inference-gateway/policy-rules";
import { IAM_RULES } from "./rules/iam";
import { SAGEMAKER_RULES } from "./rules/sagemaker";
import { STORAGE_RULES } from "./rules/storage";
import { EVALUATION_LAYER_RULES } from "../../evaluation-layer/policy-rules";
import { TELEMETRY_RULES } from "../../telemetry-pipeline/policy-rules";
import type { RulePack } from "./types";

/**
 * The rule packs applied to every stack. A module that creates a new kind of resource adds its
 * rules here, so no stack can opt out of them.
 */
export const DEFAULT_RULE_PACKS: readonly RulePack[] = [
  { name: "storage-and-keys", rules: STORAGE_RULES },
  { name: "sagemaker", rules: SAGEMAKER_RULES },
  { name: "iam", rules: IAM_RULES },
  { name: "telemetry", rules: TELEMETRY_RULES },
  { name: "alerting", rules: ALERTING_RULES },
  { name: "inference-gateway", rules: INFERENCE_GATEWAY_RULES },
  { name: "evaluation-layer", rules: EVALUATION_LAYER_RULES },
];
