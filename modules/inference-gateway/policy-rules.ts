/**
 * Policy-aspect rules for the inference API and functions: stages log access and sit behind WAF,
 * methods require authorization, functions are traced and encrypt their environment with a CMK,
 * and asynchronously invoked functions keep the events they fail on.
 */
import { asArray, attr } from "../shared/policy/synthesized-stack";
import type { PolicyRule, RuleResult, SynthesizedResource, SynthesizedStack, RulePack } from "../shared/policy/types";

const STAGE = "aws_api_gateway_stage";
const FUNCTION = "aws_lambda_function";

function verdict(ok: boolean): RuleResult {
  return ok ? "compliant" : "non-compliant";
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

/** Does `resource` mention `${<target>.<attribute>}` (a Terraform reference to that attribute)? */
function mentions(resource: SynthesizedResource, target: SynthesizedResource, attribute: string): boolean {
  return JSON.stringify(resource.config).includes(`\${${target.address}.${attribute}}`);
}

export const apiStageAccessLogs: PolicyRule = {
  id: "LLMOBS-APIGW-1",
  description: "API Gateway stages must write access logs (access_log_settings with a destination_arn and a format)",
  resourceTypes: [STAGE],
  references: ["checkov CKV_AWS_76", "cdk-nag AwsSolutions-APIG1", "NIST 800-53 AU-2, AU-12"],
  check(stage) {
    const settings = attr(stage.config, "access_log_settings") as Record<string, unknown> | undefined;
    return verdict(nonEmptyString(settings?.destination_arn) && nonEmptyString(settings?.format));
  },
};

export const apiStageWaf: PolicyRule = {
  id: "LLMOBS-APIGW-2",
  description: "API Gateway stages must be protected by a WAF web ACL (an aws_wafv2_web_acl_association whose resource_arn is the stage's arn)",
  resourceTypes: [STAGE],
  references: ["checkov CKV2_AWS_29", "cdk-nag AwsSolutions-APIG3", "NIST 800-53 SC-7"],
  check(stage, stack) {
    return verdict(stack.byType("aws_wafv2_web_acl_association").some((a) => mentions(a, stage, "arn")));
  },
};

/** Authorization types that identify the caller. */
const AUTHORIZED = ["AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"];

export const apiMethodAuthorization: PolicyRule = {
  id: "LLMOBS-APIGW-3",
  description: "API Gateway methods must require authorization (AWS_IAM, COGNITO_USER_POOLS or CUSTOM, never NONE): no anonymous access to the models",
  resourceTypes: ["aws_api_gateway_method"],
  references: ["checkov CKV_AWS_59", "cdk-nag AwsSolutions-APIG4", "NIST 800-53 AC-3, IA-2"],
  check(method) {
    return verdict(AUTHORIZED.includes(String(method.config.authorization)));
  },
};

export const lambdaTracing: PolicyRule = {
  id: "LLMOBS-LAMBDA-1",
  description: "Lambda functions must have active X-Ray tracing (tracing_config.mode Active)",
  resourceTypes: [FUNCTION],
  references: ["checkov CKV_AWS_50", "cdk-nag NIST.800.53.R5-LambdaXRay (Serverless-LambdaTracing)", "NIST 800-53 AU-12"],
  check(fn) {
    return verdict(attr(fn.config, "tracing_config", "mode") === "Active");
  },
};

export const lambdaEnvironmentKms: PolicyRule = {
  id: "LLMOBS-LAMBDA-2",
  description: "Lambda functions must encrypt their environment variables with a customer-managed key (kms_key_arn)",
  resourceTypes: [FUNCTION],
  references: ["checkov CKV_AWS_173", "NIST 800-53 SC-28"],
  check(fn) {
    return verdict(nonEmptyString(fn.config.kms_key_arn));
  },
};

/** Function has a dead-letter queue or topic. */
function hasDeadLetter(fn: SynthesizedResource): boolean {
  return nonEmptyString(attr(fn.config, "dead_letter_config", "target_arn"));
}

/** An aws_lambda_function_event_invoke_config of the function sends failures somewhere. */
function hasOnFailureDestination(fn: SynthesizedResource, stack: SynthesizedStack): boolean {
  return stack
    .referencing(fn, "aws_lambda_function_event_invoke_config")
    .some((c) => nonEmptyString(attr(c.config, "destination_config", "on_failure", "destination")));
}

/** SQS sources keep failed messages through the queue's redrive policy, not the mapping or the function. */
function sqsSourceRedrives(mapping: SynthesizedResource, stack: SynthesizedStack): boolean | undefined {
  const queue = stack.byType("aws_sqs_queue").find((q) => mentions(mapping, q, "arn"));
  if (!queue) return undefined;
  return nonEmptyString(queue.config.redrive_policy) || stack.referencing(queue, "aws_sqs_queue_redrive_policy").length > 0;
}

export const asyncFunctionKeepsFailures: PolicyRule = {
  id: "LLMOBS-LAMBDA-3",
  description:
    "Asynchronously invoked functions must keep failed events: an event source mapping needs destination_config.on_failure " +
    "(or the function's dead_letter_config; for an SQS source, the queue's redrive policy); an S3 or SNS notification target " +
    "needs dead_letter_config or an on-failure destination (aws_lambda_function_event_invoke_config)",
  resourceTypes: [FUNCTION],
  references: ["checkov CKV_AWS_116", "cdk-nag Serverless-LambdaDLQ", "NIST 800-53 SI-13"],
  check(fn, stack) {
    const invokedBy = (r: SynthesizedResource) => mentions(r, fn, "arn") || mentions(r, fn, "function_name");
    const mappings = stack.byType("aws_lambda_event_source_mapping").filter(invokedBy);
    const notifications = [
      ...stack
        .byType("aws_s3_bucket_notification")
        .filter((n) =>
          asArray(n.config.lambda_function as Record<string, unknown>[] | undefined).some((t) => JSON.stringify(t).includes(`\${${fn.address}.arn}`)),
        ),
      ...stack.byType("aws_sns_topic_subscription").filter((s) => s.config.protocol === "lambda" && invokedBy(s)),
    ];
    if (mappings.length === 0 && notifications.length === 0) return "not-applicable";
    const mappingsOk = mappings.every(
      (m) => nonEmptyString(attr(m.config, "destination_config", "on_failure", "destination_arn")) || hasDeadLetter(fn) || sqsSourceRedrives(m, stack) === true,
    );
    const notificationsOk = notifications.length === 0 || hasDeadLetter(fn) || hasOnFailureDestination(fn, stack);
    return verdict(mappingsOk && notificationsOk);
  },
};

/** Data protection of one field of a web ACL that also covers rule match details. */
function protectsField(acl: SynthesizedResource, fieldType: string, fieldKey?: string): boolean {
  const config = attr(acl.config, "data_protection_config") as Record<string, unknown> | undefined;
  return asArray(config?.data_protection as Record<string, unknown>[] | undefined).some((p) => {
    const field = attr(p, "field") as Record<string, unknown> | undefined;
    const keys = asArray(field?.field_keys as string[] | undefined).map((k) => k.toLowerCase());
    return field?.field_type === fieldType && (fieldKey === undefined || keys.includes(fieldKey)) && p.exclude_rule_match_details !== true;
  });
}

export const wafLoggingRedacted: PolicyRule = {
  id: "LLMOBS-WAF-1",
  description:
    "WAF web ACLs must log (aws_wafv2_web_acl_logging_configuration) with the authorization header redacted, and protect the request body " +
    "and the authorization header with data_protection_config (rule match details included): prompts and credentials must not land in WAF logs",
  resourceTypes: ["aws_wafv2_web_acl"],
  references: ["checkov CKV2_AWS_31", "NIST 800-53 AU-2, AU-12, SC-28"],
  check(acl, stack) {
    const logging = stack.byType("aws_wafv2_web_acl_logging_configuration").filter((l) => mentions(l, acl, "arn"));
    const redacts = logging.some((l) =>
      asArray(l.config.redacted_fields as Record<string, unknown>[] | undefined).some(
        (f) => String((attr(f, "single_header") as Record<string, unknown> | undefined)?.name ?? "").toLowerCase() === "authorization",
      ),
    );
    return verdict(logging.length > 0 && redacts && protectsField(acl, "BODY") && protectsField(acl, "SINGLE_HEADER", "authorization"));
  },
};

export const lambdaCodeSigning: PolicyRule = {
  id: "LLMOBS-LAMBDA-4",
  description:
    "Lambda functions must deploy signed code: a code signing config (code_signing_config_arn) whose policy is Enforce or Warn, " +
    "trusting named signing profiles",
  resourceTypes: [FUNCTION],
  references: ["checkov CKV_AWS_272", "NIST 800-53 CM-14, SI-7"],
  check(fn, stack) {
    const arn = fn.config.code_signing_config_arn;
    if (!nonEmptyString(arn)) return "non-compliant";
    const config = stack.byType("aws_lambda_code_signing_config").find((c) => arn === `\${${c.address}.arn}`);
    if (!config) return "compliant";
    const policy = attr(config.config, "policies", "untrusted_artifact_on_deployment") ?? "Warn";
    const publishers = asArray(
      (attr(config.config, "allowed_publishers") as Record<string, unknown> | undefined)?.signing_profile_version_arns as string[] | undefined,
    );
    return verdict(["Enforce", "Warn"].includes(String(policy)) && publishers.length > 0);
  },
};

export const INFERENCE_GATEWAY_RULES: readonly PolicyRule[] = [
  wafLoggingRedacted,
  lambdaCodeSigning,
  apiStageAccessLogs,
  apiStageWaf,
  apiMethodAuthorization,
  lambdaTracing,
  lambdaEnvironmentKms,
  asyncFunctionKeepsFailures,
];

/** The rules this module brings to the policy aspect of any stack that uses it. */
export const INFERENCE_GATEWAY_RULE_PACK: RulePack = { name: "inference-gateway", rules: INFERENCE_GATEWAY_RULES };
