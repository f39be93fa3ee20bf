import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { EncryptionKey } from "../shared/encryption-key";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import { PolicyDocument } from "../shared/policy-document";
import type { Severity } from "./slo/slo";

/** Minutes before an unacknowledged incident escalates again (PagerDuty routing). */
export const DEFAULT_ESCALATION_DELAY_MINUTES = 30;

/** The severities that have a topic, in order of urgency. */
export const ALERT_SEVERITIES: readonly Severity[] = ["page", "ticket"];

/** Name of the alert topic of one severity, e.g. `llmobs-retail-banking-prod-alerts-page`. */
export function alertTopicName(naming: ResourceNaming, severity: Severity): string {
  return naming.name(`alerts-${severity}`, NAME_LIMITS.snsTopic);
}

/**
 * The ARN the alert topic of one severity has once deployed, built from the naming scheme, the
 * account and the region alone. Other stacks (the operations stack's PagerDuty subscriptions)
 * reference the topics this way: no remote state, no data source, and the value is known at plan.
 */
export function alertTopicArn(naming: ResourceNaming, severity: Severity, accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:sns:${region}:${accountId}:${alertTopicName(naming, severity)}`;
}

/** Pattern of the ARNs of the alarms allowed to publish: every alarm whose name starts with `prefix`. */
export function alarmArnPattern(alarmNamePrefix: string, accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:cloudwatch:${region}:${accountId}:alarm:${alarmNamePrefix}*`;
}

export interface AlertRoutingProps {
  /** Naming scheme of the environment; topic and key names come from it. */
  readonly naming: ResourceNaming;
  /** Account that owns the topics and the alarms (12 digits). */
  readonly accountId: string;
  /** Region of the topics and the alarms. */
  readonly region: string;
  /**
   * Only alarms whose name starts with this may publish (`aws:SourceArn` condition of the topic
   * policy). The alarms built by `Alerting` all start with the naming prefix.
   * @default naming.prefix + "-"
   */
  readonly alarmNamePrefix?: string;
  /**
   * Days before a scheduled deletion of the topics' key takes effect.
   * @default 30
   */
  readonly keyDeletionWindowInDays?: number;
  /**
   * Tags on the topics (the provider's default tags apply as well).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Where alarms go: one SNS topic per severity (`page`, `ticket`), both encrypted with a
 * customer-managed key. The key policy lets CloudWatch (of this account only) use the key, and each
 * topic policy lets only this account's alarms whose names start with the environment's prefix
 * publish, over TLS. Subscribers (PagerDuty) are added by the operations stack.
 */
export class AlertRouting extends Construct {
  readonly key: EncryptionKey;
  readonly pageTopic: SnsTopic;
  readonly ticketTopic: SnsTopic;
  /** Topic policies, per severity; callers may add statements before synth. */
  readonly topicPolicies: Readonly<Record<Severity, PolicyDocument>>;

  constructor(scope: Construct, id: string, props: AlertRoutingProps) {
    super(scope, id);
    const { naming, accountId, region } = props;
    if (!/^\d{12}$/.test(accountId)) throw new Error(`accountId must be 12 digits, got "${accountId}"`);
    const prefix = props.alarmNamePrefix ?? `${naming.prefix}-`;
    if (prefix.length === 0 || prefix.includes("*")) {
      throw new Error(`alarmNamePrefix must be a non-empty alarm name prefix without wildcards, got "${prefix}"`);
    }

    this.key = new EncryptionKey(this, "key", {
      aliasName: naming.name("alerts-key", NAME_LIMITS.kmsAlias),
      description: `Encrypts the alert topics (page, ticket) of ${naming.prefix}`,
      accountId,
      region,
      deletionWindowInDays: props.keyDeletionWindowInDays,
    });
    // CloudWatch publishes to an encrypted topic with the key: AWS's documented statement
    // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
    // scoped to this account's alarms of this environment with aws:SourceAccount and aws:SourceArn,
    // the keys CloudWatch sends when it acts for an alarm (AWS's own construct library conditions
    // the same grant on them: https://aws.github.io/modern-data-architecture-accelerator/typedocs/functions/_aws-mdaa_cloudwatch-constructs.grantCloudWatchAlarmsTopicAccess.html).
    // The pattern is the topic policy's, so a key use and a publish are allowed for the same alarms.
    this.key.allowService({
      Sid: "AllowCloudWatchAlarmsToUseKey",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": alarmArnPattern(prefix, accountId, region) },
      },
    });

    const topics = {} as Record<Severity, SnsTopic>;
    const policies = {} as Record<Severity, PolicyDocument>;
    for (const severity of ALERT_SEVERITIES) {
      const topic = new SnsTopic(this, `${severity}-topic`, {
        name: alertTopicName(naming, severity),
        displayName: `${naming.prefix} ${severity} alerts`,
        kmsMasterKeyId: this.key.keyArn,
        tags: { ...(props.tags ?? {}), severity },
      });
      const policy = new PolicyDocument([
        {
          Sid: "AllowCloudWatchAlarmsToPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ArnLike: { "aws:SourceArn": alarmArnPattern(prefix, accountId, region) },
          },
        },
        {
          Sid: "DenyPublishWithoutTls",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]);
      new SnsTopicPolicy(this, `${severity}-topic-policy`, { arn: topic.arn, policy: Lazy.stringValue({ produce: () => policy.render() }) });
      topics[severity] = topic;
      policies[severity] = policy;
    }
    this.pageTopic = topics.page;
    this.ticketTopic = topics.ticket;
    this.topicPolicies = policies;
  }

  /** ARN of the page topic (routed to PagerDuty with high urgency). */
  get pageTopicArn(): string {
    return this.pageTopic.arn;
  }

  /** ARN of the ticket topic (routed to PagerDuty with low urgency). */
  get ticketTopicArn(): string {
    return this.ticketTopic.arn;
  }

  /** The topic ARN of a severity. */
  topicArn(severity: Severity): string {
    return severity === "page" ? this.pageTopicArn : this.ticketTopicArn;
  }
}
