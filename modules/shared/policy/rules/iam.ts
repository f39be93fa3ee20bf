import { asArray, policyStatements } from "../synthesized-stack";
import type { PolicyRule, SynthesizedResource } from "../types";

/** Resource types that carry a JSON policy, and where. */
const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_policy: ["policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_user_policy: ["policy"],
  aws_iam_group_policy: ["policy"],
  aws_iam_role: ["assume_role_policy", "inline_policy.policy"],
  aws_kms_key: ["policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_sns_topic_policy: ["policy"],
};

function policiesOf(resource: SynthesizedResource): unknown[] {
  return (POLICY_ATTRIBUTES[resource.type] ?? []).flatMap((path) => {
    if (!path.includes(".")) return [resource.config[path]];
    const [block, key] = path.split(".") as [string, string];
    return asArray(resource.config[block] as Record<string, unknown>[] | undefined).map((b) => b[key]);
  });
}

export const noWildcardAction: PolicyRule = {
  id: "LLMOBS-IAM-1",
  description: 'Policies must not allow Action "*" (or "*:*"): grant the actions the workload needs',
  resourceTypes: Object.keys(POLICY_ATTRIBUTES),
  references: ["checkov CKV_AWS_62, CKV_AWS_63, CKV_AWS_289", "cdk-nag AwsSolutions-IAM5", "NIST 800-53 AC-6"],
  check(resource) {
    const wildcard = policiesOf(resource).some((policy) =>
      policyStatements(policy).some(
        (s) => s.Effect === "Allow" && asArray(s.Action as string | string[] | undefined).some((a) => a === "*" || a === "*:*"),
      ),
    );
    return wildcard ? "non-compliant" : "compliant";
  },
};

export const noFullServiceOnAllResources: PolicyRule = {
  id: "LLMOBS-IAM-2",
  description: 'Identity policies must not allow a whole service ("s3:*") on Resource "*"',
  resourceTypes: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"],
  references: ["checkov CKV_AWS_355", "cdk-nag AwsSolutions-IAM5", "NIST 800-53 AC-6"],
  check(resource) {
    const broad = policiesOf(resource).some((policy) =>
      policyStatements(policy).some(
        (s) =>
          s.Effect === "Allow" &&
          asArray(s.Resource as string | string[] | undefined).includes("*") &&
          asArray(s.Action as string | string[] | undefined).some((a) => /^[a-z0-9-]+:\*$/.test(a)),
      ),
    );
    return broad ? "non-compliant" : "compliant";
  },
};

export const IAM_RULES: readonly PolicyRule[] = [noWildcardAction, noFullServiceOnAllResources];
