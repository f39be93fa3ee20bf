import { hasLocalInstanceStorage } from "./instance-storage";
import { asArray, attr } from "../shared/policy/synthesized-stack";
import type { PolicyRule, RulePack } from "../shared/policy/types";

export const endpointVolumeEncrypted: PolicyRule = {
  id: "LLMOBS-SM-1",
  description:
    "SageMaker endpoint configurations must encrypt instance volumes with a customer-managed key (kms_key_arn), except on instance types with local NVMe storage, which AWS encrypts in hardware and for which it rejects kms_key_arn",
  resourceTypes: ["aws_sagemaker_endpoint_configuration"],
  references: ["checkov CKV_AWS_98", "cdk-nag AwsSolutions-SM2", "NIST 800-53 SC-28"],
  check(config) {
    if (typeof config.config.kms_key_arn === "string" && config.config.kms_key_arn.length > 0) return "compliant";
    const variants = asArray(config.config.production_variants as Record<string, unknown>[] | undefined);
    const allLocal = variants.length > 0 && variants.every((v) => typeof v.instance_type === "string" && hasLocalInstanceStorage(v.instance_type));
    return allLocal ? "compliant" : "non-compliant";
  },
};

export const endpointDataCaptureEncrypted: PolicyRule = {
  id: "LLMOBS-SM-2",
  description: "SageMaker endpoint configurations must enable DataCapture with a KMS key (data_capture_config.kms_key_id)",
  resourceTypes: ["aws_sagemaker_endpoint_configuration"],
  references: ["NIST 800-53 AU-2, SC-28"],
  check(config) {
    const capture = attr(config.config, "data_capture_config") as Record<string, unknown> | undefined;
    const ok = capture !== undefined && capture.enable_capture !== false && typeof capture.kms_key_id === "string" && capture.kms_key_id.length > 0;
    return ok ? "compliant" : "non-compliant";
  },
};

export const modelInVpc: PolicyRule = {
  id: "LLMOBS-SM-3",
  description: "SageMaker models must run in a VPC (vpc_config with subnets and security groups) so client data stays off the public internet",
  resourceTypes: ["aws_sagemaker_model"],
  references: ["cdk-nag AwsSolutions-SM1", "cdk-nag NIST.800.53.R5-SageMakerEndpointConfigurationKMSKeyConfigured", "NIST 800-53 SC-7"],
  check(model) {
    const vpc = attr(model.config, "vpc_config") as Record<string, unknown> | undefined;
    const ok = vpc !== undefined && asArray(vpc.subnets as string[]).length > 0 && asArray(vpc.security_group_ids as string[]).length > 0;
    return ok ? "compliant" : "non-compliant";
  },
};

export const modelNetworkIsolated: PolicyRule = {
  id: "LLMOBS-SM-4",
  description:
    "SageMaker models must run with network isolation (enable_network_isolation) unless the container downloads its weights at start (HF_MODEL_ID, " +
    "refused in production by the environment validation): staged S3 artifacts need no network, and an isolated container cannot send client data out",
  resourceTypes: ["aws_sagemaker_model"],
  references: ["checkov CKV_AWS_370", "NIST 800-53 SC-7"],
  check(model) {
    if (model.config.enable_network_isolation === true) return "compliant";
    const containers = [attr(model.config, "primary_container"), ...asArray(model.config.container as Record<string, unknown>[] | undefined)].filter(
      (c): c is Record<string, unknown> => c !== undefined && c !== null && typeof c === "object",
    );
    const downloads = containers.some((c) => typeof (c.environment as Record<string, unknown> | undefined)?.HF_MODEL_ID === "string");
    return downloads ? "compliant" : "non-compliant";
  },
};

export const SAGEMAKER_RULES: readonly PolicyRule[] = [endpointVolumeEncrypted, endpointDataCaptureEncrypted, modelInVpc, modelNetworkIsolated];

/** The rules this module brings to the policy aspect of any stack that uses it. */
export const INFERENCE_ENDPOINT_RULE_PACK: RulePack = { name: "sagemaker", rules: SAGEMAKER_RULES };
