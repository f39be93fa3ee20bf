/**
 * Policy-aspect rules for the evaluation layer's kinds of resources: SQS queues are encrypted with a
 * CMK and keep what they cannot deliver, DynamoDB tables are recoverable and CMK-encrypted, and
 * Bedrock model invocation is granted on named models from the VPC only, and the VPC endpoints
 * let through only the platform's principals and resources.
 */
import { attr, policyStatements } from "../shared/policy/synthesized-stack";
import type { PolicyRule, RuleResult, SynthesizedResource, SynthesizedStack, RulePack } from "../shared/policy/types";

import { DEAD_LETTER_TAG } from "../shared/dead-letter-tag";

export { DEAD_LETTER_TAG };
const QUEUE = "aws_sqs_queue";

function verdict(ok: boolean): RuleResult {
  return ok ? "compliant" : "non-compliant";
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

/**
 * A dead-letter queue: the target of another queue's redrive policy, of an on-failure destination
 * (event source mapping or async invoke config), of a function's dead_letter_config, or tagged
 * `QueueRole = dead-letter` (a queue a function sends failed records to itself).
 */
export function isDeadLetterQueue(queue: SynthesizedResource, stack: SynthesizedStack): boolean {
  const tags = queue.config.tags as Record<string, unknown> | undefined;
  if (tags?.QueueRole === DEAD_LETTER_TAG.QueueRole) return true;
  const redriveTarget = [
    ...stack
      .byType(QUEUE)
      .filter((q) => q !== queue)
      .map((q) => q.config.redrive_policy),
    ...stack.byType("aws_sqs_queue_redrive_policy").map((p) => p.config.redrive_policy),
  ].some((policy) => typeof policy === "string" && policy.includes(`\${${queue.address}.arn}`));
  if (redriveTarget) return true;
  const onFailure = [
    ...stack.byType("aws_lambda_event_source_mapping").map((m) => attr(m.config, "destination_config", "on_failure", "destination_arn")),
    ...stack.byType("aws_lambda_function_event_invoke_config").map((c) => attr(c.config, "destination_config", "on_failure", "destination")),
    ...stack.byType("aws_lambda_function").map((f) => attr(f.config, "dead_letter_config", "target_arn")),
  ];
  return onFailure.some((arn) => arn === `\${${queue.address}.arn}`);
}

export const sqsQueueCmk: PolicyRule = {
  id: "LLMOBS-SQS-1",
  description: "SQS queues must be encrypted with a customer-managed KMS key (kms_master_key_id), not SQS-managed SSE or none",
  resourceTypes: [QUEUE],
  references: ["checkov CKV_AWS_27", "cdk-nag AwsSolutions-SQS2", "NIST 800-53 SC-28"],
  check(queue) {
    return verdict(nonEmptyString(queue.config.kms_master_key_id));
  },
};

export const sqsQueueRedrive: PolicyRule = {
  id: "LLMOBS-SQS-2",
  description:
    "SQS queues must move messages they cannot deliver to a dead-letter queue (redrive_policy or aws_sqs_queue_redrive_policy); " +
    "dead-letter queues themselves are exempt (redrive or on-failure targets, or tagged QueueRole = dead-letter)",
  resourceTypes: [QUEUE],
  references: ["cdk-nag AwsSolutions-SQS3", "NIST 800-53 SI-13"],
  check(queue, stack) {
    if (isDeadLetterQueue(queue, stack)) return "not-applicable";
    const ownPolicy = nonEmptyString(queue.config.redrive_policy);
    const separatePolicy = stack.referencing(queue, "aws_sqs_queue_redrive_policy").length > 0;
    return verdict(ownPolicy || separatePolicy);
  },
};

export const dynamodbPitr: PolicyRule = {
  id: "LLMOBS-DDB-1",
  description: "DynamoDB tables must have point-in-time recovery enabled (point_in_time_recovery.enabled)",
  resourceTypes: ["aws_dynamodb_table"],
  references: ["checkov CKV_AWS_28", "cdk-nag AwsSolutions-DDB3", "NIST 800-53 CP-9"],
  check(table) {
    return verdict(attr(table.config, "point_in_time_recovery", "enabled") === true);
  },
};

export const dynamodbCmk: PolicyRule = {
  id: "LLMOBS-DDB-2",
  description: "DynamoDB tables must be encrypted with a customer-managed KMS key (server_side_encryption.enabled and kms_key_arn)",
  resourceTypes: ["aws_dynamodb_table"],
  references: ["checkov CKV_AWS_119", "NIST 800-53 SC-28"],
  check(table) {
    return verdict(
      attr(table.config, "server_side_encryption", "enabled") === true && nonEmptyString(attr(table.config, "server_side_encryption", "kms_key_arn")),
    );
  },
};

/** Does an IAM action pattern (`bedrock:Invoke*`, `bedrock:*`) cover `bedrock:InvokeModel`? */
function coversInvokeModel(action: unknown): boolean {
  if (typeof action !== "string") return false;
  const pattern = new RegExp(
    `^${action
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return action.toLowerCase().startsWith("bedrock:") && pattern.test("bedrock:invokemodel");
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

export const bedrockInvokeScoped: PolicyRule = {
  id: "LLMOBS-BEDROCK-1",
  description:
    'IAM statements that allow bedrock:InvokeModel must name the models (not Resource "*") and require the aws:SourceVpce or aws:SourceVpc condition, ' +
    "so that the judge can be called only on approved models and only through the environment's private endpoint",
  resourceTypes: ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"],
  references: ["NIST 800-53 AC-3, AC-6, SC-7"],
  check(policy) {
    const invoking = policyStatements(policy.config.policy).filter((st) => st.Effect === "Allow" && asList(st.Action).some(coversInvokeModel));
    if (invoking.length === 0) return "not-applicable";
    return verdict(
      invoking.every((st) => {
        const resources = asList(st.Resource);
        const condition = (st.Condition ?? {}) as Record<string, Record<string, unknown>>;
        const hasSourceVpc = Object.values(condition).some((block) =>
          Object.keys(block ?? {}).some((key) => ["aws:sourcevpc", "aws:sourcevpce"].includes(key.toLowerCase())),
        );
        return resources.length > 0 && !resources.includes("*") && hasSourceVpc;
      }),
    );
  },
};

/**
 * A statement that lets anyone do anything through the endpoint: every principal (no condition on
 * who) on every resource, or every action. The policy AWS attaches when none is given is exactly that.
 */
function opensEndpoint(statement: Record<string, unknown>): boolean {
  if (statement.Effect !== "Allow") return false;
  const everyone = statement.Principal === "*" || (statement.Principal as { AWS?: unknown } | undefined)?.AWS === "*";
  const conditions = statement.Condition as Record<string, Record<string, unknown>> | undefined;
  const onWho = Object.values(conditions ?? {}).some((byKey) => Object.keys(byKey).some((key) => /^aws:Principal(Arn|Account|OrgID)$/i.test(key)));
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  const anyAction = actions.some((a) => a === "*" || (typeof a === "string" && a.endsWith(":*")));
  return (everyone && !onWho) || anyAction || (resources.includes("*") && !conditions);
}

/** Every VPC endpoint has a policy, and none of its statements opens it to anyone for anything. */
export const vpcEndpointPolicyScoped: PolicyRule = {
  id: "LLMOBS-VPCE-1",
  description:
    "VPC endpoints have a policy naming the principals (aws:PrincipalArn / aws:PrincipalAccount), actions and resources that use them; none allows everyone or every action (no policy allows everything, so the S3 endpoint reaches any bucket in any account)",
  resourceTypes: ["aws_vpc_endpoint"],
  references: ["NIST 800-53 AC-4", "NIST 800-53 SC-7(11)", "CIS AWS Foundations (VPC endpoint policies)"],
  check: (resource, stack) => {
    const separate = stack.byType("aws_vpc_endpoint_policy").filter((p) => String(p.config.vpc_endpoint_id).includes(`\${${resource.address}.id}`));
    const documents = [resource.config.policy, ...separate.map((p) => p.config.policy)].filter((d) => typeof d === "string");
    if (documents.length === 0) return "non-compliant";
    const statements = documents.flatMap((d) => policyStatements(d));
    return verdict(statements.length > 0 && !statements.some(opensEndpoint));
  },
};

export const EVALUATION_LAYER_RULES: readonly PolicyRule[] = [
  sqsQueueCmk,
  sqsQueueRedrive,
  dynamodbPitr,
  dynamodbCmk,
  bedrockInvokeScoped,
  vpcEndpointPolicyScoped,
];

/** The rules this module brings to the policy aspect of any stack that uses it. */
export const EVALUATION_LAYER_RULE_PACK: RulePack = { name: "evaluation-layer", rules: EVALUATION_LAYER_RULES };
