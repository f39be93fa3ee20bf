import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Construct } from "constructs";

/** AWS managed rule groups every inference API gets, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

/** WAF's own floor for a rate-based rule is 10; below 100 ordinary clients behind one NAT get blocked. */
export const MIN_RATE_LIMIT_PER_5_MIN = 100;
/** Name of the rate-based rule (also its CloudWatch metric suffix). */
export const RATE_RULE_NAME = "RatePerIp";
/** Managed rules set to count instead of block (see the class comment). */
export const COUNTED_MANAGED_RULES: Readonly<Record<string, readonly string[]>> = {
  AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"],
};

export interface InferenceWebAclProps {
  /** Web ACL name (1-128 characters); also the prefix of every CloudWatch metric name. */
  readonly name: string;
  /** ARN of the API Gateway stage to protect. */
  readonly stageArn: string;
  /** Requests one IP may make in any 5-minute window before it is blocked. @default 2000 */
  readonly rateLimitPer5Min?: number;
}

/**
 * A regional WAFv2 web ACL in front of an API Gateway stage: AWS IP reputation, common rule set
 * and known bad inputs (managed groups, their own actions), plus a per-IP rate limit. Every rule and
 * the ACL publish CloudWatch metrics and sampled requests.
 *
 * The common rule set's `SizeRestrictions_BODY` rule blocks any body over 8 KB, which would refuse
 * ordinary long prompts (RAG context, documents to summarise) with a bare 403. It is set to count
 * instead: the gateway flags prompts beyond `guardrailMaxPromptChars` itself, and API Gateway caps
 * payloads at 10 MB. The rule group's other rules still inspect the first 8 KB of every body.
 */
export class InferenceWebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly association: Wafv2WebAclAssociation;

  constructor(scope: Construct, id: string, props: InferenceWebAclProps) {
    super(scope, id);
    const limit = props.rateLimitPer5Min ?? 2_000;
    if (!Number.isInteger(limit) || limit < MIN_RATE_LIMIT_PER_5_MIN || limit > 2_000_000_000) {
      throw new Error(`rateLimitPer5Min ${limit} is out of range; use a whole number from ${MIN_RATE_LIMIT_PER_5_MIN} to 2000000000`);
    }
    if (props.name.length > 128) throw new Error(`web acl name "${props.name}" is longer than 128 characters; shorten it`);
    const visibility = (metric: string) => ({
      cloudwatchMetricsEnabled: true,
      metricName: `${props.name}-${metric}`.slice(0, 128),
      sampledRequestsEnabled: true,
    });

    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      description: "Inference API: AWS managed rules and a per-IP rate limit",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility("all"),
      rule: [
        ...MANAGED_RULE_GROUPS.map((group, priority) => ({
          name: group,
          priority,
          overrideAction: { none: {} },
          // `statement` is typed `any` by the provider: snake_case, as in Terraform.
          statement: {
            managed_rule_group_statement: {
              name: group,
              vendor_name: "AWS",
              ...(COUNTED_MANAGED_RULES[group]
                ? { rule_action_override: COUNTED_MANAGED_RULES[group]!.map((rule) => ({ name: rule, action_to_use: { count: {} } })) }
                : {}),
            },
          },
          visibilityConfig: visibility(group),
        })),
        {
          name: RATE_RULE_NAME,
          priority: MANAGED_RULE_GROUPS.length,
          action: { block: {} },
          statement: { rate_based_statement: { limit, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
          visibilityConfig: visibility(RATE_RULE_NAME),
        },
      ],
    });
    this.association = new Wafv2WebAclAssociation(this, "association", {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.arn,
    });
  }

  get webAclArn(): string {
    return this.webAcl.arn;
  }
}
