import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Construct } from "constructs";
import { EncryptedLogGroup, type EncryptedLogGroupProps } from "../shared/encrypted-log-group";
import { partitionOf } from "../shared/partition";
import { PolicyDocument } from "../shared/policy-document";

/** AWS managed rule groups every inference API gets, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAnonymousIpList",
] as const;

/** The managed group whose action the environment chooses (`anonymousIpListAction`). */
export const ANONYMOUS_IP_LIST = "AWSManagedRulesAnonymousIpList";

/** WAF sends logs only to CloudWatch log groups whose names start with this. */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";

/** Header redacted in every WAF log record (it carries SigV4 signatures or Cognito bearer tokens). */
export const REDACTED_HEADER = "authorization";

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
  /**
   * What the anonymous-IP managed group (VPNs, Tor exits, proxies, hosting providers) does:
   * `count` records matches in the WAF logs and metrics, `block` refuses them. Its
   * `HostingProviderIPList` rule matches cloud providers' egress addresses, where a bank's own
   * services often call from (NAT gateways on AWS): count first, review the logs, then block.
   * @default "count"
   */
  readonly anonymousIpListAction?: "count" | "block";
  /** Where the web ACL's logs go: a KMS-encrypted `aws-waf-logs-` log group in this account. */
  readonly logs: Pick<EncryptedLogGroupProps, "encryptionKey" | "accountId" | "region" | "retentionInDays">;
}

/**
 * A regional WAFv2 web ACL in front of an API Gateway stage: AWS IP reputation, common rule set
 * and known bad inputs (managed groups, their own actions), plus a per-IP rate limit. Every rule and
 * the ACL publish CloudWatch metrics and sampled requests.
 *
 * Every request is logged to a KMS-encrypted `aws-waf-logs-` log group, with the `authorization`
 * header redacted and, through the web ACL's data protection, the request body (prompts) and the
 * header replaced by `REDACTED` wherever WAF reports them (logs, sampled requests, rule match
 * details).
 *
 * The common rule set's `SizeRestrictions_BODY` rule blocks any body over 8 KB, which would refuse
 * ordinary long prompts (RAG context, documents to summarise) with a bare 403. It is set to count
 * instead: the gateway flags prompts beyond `guardrailMaxPromptChars` itself, and API Gateway caps
 * payloads at 10 MB. The rule group's other rules still inspect the first 8 KB of every body.
 */
export class InferenceWebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly association: Wafv2WebAclAssociation;
  readonly logGroup: EncryptedLogGroup;
  readonly logging: Wafv2WebAclLoggingConfiguration;

  constructor(scope: Construct, id: string, props: InferenceWebAclProps) {
    super(scope, id);
    const limit = props.rateLimitPer5Min ?? 2_000;
    if (!Number.isInteger(limit) || limit < MIN_RATE_LIMIT_PER_5_MIN || limit > 2_000_000_000) {
      throw new Error(`rateLimitPer5Min ${limit} is out of range; use a whole number from ${MIN_RATE_LIMIT_PER_5_MIN} to 2000000000`);
    }
    if (props.name.length > 128) throw new Error(`web acl name "${props.name}" is longer than 128 characters; shorten it`);
    const anonymousIpListAction = props.anonymousIpListAction ?? "count";
    if (anonymousIpListAction !== "count" && anonymousIpListAction !== "block") {
      throw new Error(`anonymousIpListAction must be "count" or "block", got ${JSON.stringify(anonymousIpListAction)}`);
    }
    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name: props.name,
      description: "Inference API: AWS managed rules and a per-IP rate limit",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name, "all"),
      // Prompts must not land in WAF's output: the body and the authorization header are replaced by
      // REDACTED in logs, sampled requests and rule match details (no exclusions).
      dataProtectionConfig: {
        dataProtection: [
          { action: "SUBSTITUTION", field: { fieldType: "BODY" }, excludeRuleMatchDetails: false, excludeRateBasedDetails: false },
          {
            action: "SUBSTITUTION",
            field: { fieldType: "SINGLE_HEADER", fieldKeys: [REDACTED_HEADER] },
            excludeRuleMatchDetails: false,
            excludeRateBasedDetails: false,
          },
        ],
      },
      rule: webAclRules(props.name, limit, anonymousIpListAction),
    });
    this.association = new Wafv2WebAclAssociation(this, "association", {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.arn,
    });

    this.logGroup = this.logGroupFor(props);
    this.logging = this.logToLogGroup(props);
  }

  /** An `aws-waf-logs-` log group, encrypted with the given key. */
  private logGroupFor(props: InferenceWebAclProps): EncryptedLogGroup {
    return new EncryptedLogGroup(this, "logs", {
      logGroupName: `${WAF_LOG_GROUP_PREFIX}${props.name}`.slice(0, 512),
      encryptionKey: props.logs.encryptionKey,
      accountId: props.logs.accountId,
      region: props.logs.region,
      retentionInDays: props.logs.retentionInDays,
    });
  }

  /**
   * AWS's documented resource policy for WAF log delivery to CloudWatch Logs, written here so that
   * WAF does not add a broader one itself: this log group only, from this account's log deliveries.
   * Then the logging configuration, with the authorization header redacted.
   */
  private logToLogGroup(props: InferenceWebAclProps): Wafv2WebAclLoggingConfiguration {
    const { accountId, region } = props.logs;
    const deliveryPolicy = new CloudwatchLogResourcePolicy(this, "logs-delivery-policy", {
      policyName: `${props.name}-waf-log-delivery`.slice(0, 255),
      policyDocument: new PolicyDocument([
        {
          Sid: "WafDeliversLogs",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${this.logGroup.logGroupArn}:log-stream:*`,
          Condition: {
            ArnLike: { "aws:SourceArn": `arn:${partitionOf(region)}:logs:${region}:${accountId}:*` },
            StringEquals: { "aws:SourceAccount": accountId },
          },
        },
      ]).render(),
    });
    return new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.logGroupArn],
      redactedFields: [{ singleHeader: { name: REDACTED_HEADER } }],
      dependsOn: [this.logGroup.logGroup, deliveryPolicy],
    });
  }

  get webAclArn(): string {
    return this.webAcl.arn;
  }
}

/** Metrics and sampled requests of the web ACL or one of its rules, named `<web ACL>-<metric>`. */
function visibility(webAclName: string, metric: string) {
  return { cloudwatchMetricsEnabled: true, metricName: `${webAclName}-${metric}`.slice(0, 128), sampledRequestsEnabled: true };
}

/** The managed rule groups in order (the anonymous-IP list counting or blocking), then the per-IP rate limit. */
function webAclRules(name: string, limit: number, anonymousIpListAction: "count" | "block") {
  return [
    ...MANAGED_RULE_GROUPS.map((group, priority) => ({
      name: group,
      priority,
      overrideAction: group === ANONYMOUS_IP_LIST && anonymousIpListAction === "count" ? { count: {} } : { none: {} },
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
      visibilityConfig: visibility(name, group),
    })),
    {
      name: RATE_RULE_NAME,
      priority: MANAGED_RULE_GROUPS.length,
      action: { block: {} },
      statement: { rate_based_statement: { limit, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
      visibilityConfig: visibility(name, RATE_RULE_NAME),
    },
  ];
}
