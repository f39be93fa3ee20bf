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
      policyStatements(policy).some((s) => s.Effect === "Allow" && asArray(s.Action as string | string[] | undefined).some((a) => a === "*" || a === "*:*")),
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

/** Resource policies whose service-principal statements LLMOBS-IAM-3 checks, and where the policy is. */
const RESOURCE_POLICY_ATTRIBUTES: Record<string, string> = {
  aws_kms_key: "policy",
  aws_sqs_queue_policy: "policy",
  aws_sns_topic_policy: "policy",
  aws_s3_bucket_policy: "policy",
  aws_cloudwatch_log_resource_policy: "policy_document",
};

/**
 * A service-principal statement whose documented form has no `aws:SourceAccount` / `aws:SourceArn`
 * (the service does not send them, so a condition on them would silently deny it). LLMOBS-IAM-3
 * accepts exactly this statement: same service, same actions, same condition keys.
 */
export interface DocumentedServiceStatement {
  /** What the statement lets the service do. */
  readonly purpose: string;
  /** Terraform type of the resource whose policy holds it. */
  readonly resourceType: string;
  /** The service principal, e.g. `cloudwatch.amazonaws.com`. */
  readonly service: string | RegExp;
  /** The documented actions, exactly. */
  readonly actions: readonly string[];
  /** The documented condition keys, exactly (none when the documented statement has no condition). */
  readonly conditionKeys: readonly string[];
  /** Where AWS documents the statement. */
  readonly source: string;
}

export const DOCUMENTED_SERVICE_STATEMENTS: readonly DocumentedServiceStatement[] = [
  {
    purpose: "CloudWatch Logs encrypts log groups with this key, bound to log group ARNs by the encryption context",
    resourceType: "aws_kms_key",
    service: /^logs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/,
    actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    conditionKeys: ["kms:EncryptionContext:aws:logs:arn"],
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  },
];

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));

function conditionKeysOf(statement: Record<string, unknown>): string[] {
  const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  return [...new Set(Object.values(condition).flatMap((block) => Object.keys(block ?? {})))];
}

function servicesOf(statement: Record<string, unknown>): string[] {
  const principal = statement.Principal as Record<string, unknown> | string | undefined;
  if (principal === undefined || typeof principal === "string") return [];
  return asArray(principal.Service as string | string[] | undefined);
}

/** Is the statement exactly one that AWS documents without source conditions? */
export function isDocumentedServiceStatement(resourceType: string, statement: Record<string, unknown>): boolean {
  const services = servicesOf(statement);
  const actions = asArray(statement.Action as string | string[] | undefined);
  const keys = conditionKeysOf(statement);
  return (
    services.length === 1 &&
    DOCUMENTED_SERVICE_STATEMENTS.some(
      (d) =>
        d.resourceType === resourceType &&
        (typeof d.service === "string" ? d.service === services[0] : d.service.test(services[0]!)) &&
        sameSet(actions, d.actions) &&
        sameSet(keys, d.conditionKeys),
    )
  );
}

/** Does the statement carry both confused-deputy conditions (any operator, any case of the key)? */
function hasSourceConditions(statement: Record<string, unknown>): boolean {
  const keys = conditionKeysOf(statement).map((k) => k.toLowerCase());
  return keys.includes("aws:sourceaccount") && keys.includes("aws:sourcearn");
}

export const servicePrincipalSourceConditions: PolicyRule = {
  id: "LLMOBS-IAM-3",
  description:
    "Service-principal statements in key, queue, topic, bucket and log resource policies must carry aws:SourceAccount and aws:SourceArn " +
    "(confused-deputy protection), or be exactly the statement AWS documents for a service that does not send them (DOCUMENTED_SERVICE_STATEMENTS)",
  resourceTypes: Object.keys(RESOURCE_POLICY_ATTRIBUTES),
  references: ["AWS IAM User Guide: the confused deputy problem", "NIST 800-53 AC-3, AC-6"],
  check(resource) {
    const statements = policyStatements(resource.config[RESOURCE_POLICY_ATTRIBUTES[resource.type]!]).filter(
      (s) => s.Effect === "Allow" && servicesOf(s).length > 0,
    );
    if (statements.length === 0) return "not-applicable";
    return statements.every((s) => hasSourceConditions(s) || isDocumentedServiceStatement(resource.type, s)) ? "compliant" : "non-compliant";
  },
};

/**
 * Trust policies AWS documents for a service role, exactly: the service assumes the role with no
 * condition the platform could add (CloudTrail assumes its CloudWatch Logs role to validate it at
 * trail creation, and a request without the condition keys would fail the check).
 */
export const DOCUMENTED_TRUST_POLICIES: readonly { readonly service: string; readonly source: string }[] = [
  {
    service: "cloudtrail.amazonaws.com",
    source: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html (assume_role_policy_document.json)",
  },
];

export const documentedTrustPolicy: PolicyRule = {
  id: "LLMOBS-IAM-4",
  description:
    "Roles assumed by a service whose trust policy AWS documents (DOCUMENTED_TRUST_POLICIES: CloudTrail's CloudWatch Logs role) trust exactly that: " +
    "one Allow of sts:AssumeRole to the service, with no condition",
  resourceTypes: ["aws_iam_role"],
  references: ["AWS CloudTrail User Guide: sending events to CloudWatch Logs"],
  check(resource) {
    const statements = policyStatements(resource.config.assume_role_policy);
    const documented = statements.filter((s) => servicesOf(s).some((service) => DOCUMENTED_TRUST_POLICIES.some((d) => d.service === service)));
    if (documented.length === 0) return "not-applicable";
    const exact = (s: Record<string, unknown>) =>
      s.Effect === "Allow" &&
      servicesOf(s).length === 1 &&
      sameSet(asArray(s.Action as string | string[]), ["sts:AssumeRole"]) &&
      conditionKeysOf(s).length === 0;
    return statements.length === 1 && exact(statements[0]!) ? "compliant" : "non-compliant";
  },
};

export const IAM_RULES: readonly PolicyRule[] = [noWildcardAction, noFullServiceOnAllResources, servicePrincipalSourceConditions, documentedTrustPolicy];
