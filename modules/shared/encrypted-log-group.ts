import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import type { EncryptionKey } from "./encryption-key";
import type { AccountRegion } from "./naming";
import { dnsSuffixOf, partitionOf } from "./partition";
import { statementIdPart } from "./policy-document";

/** Retention values CloudWatch Logs accepts (`PutRetentionPolicy`), in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The platform's floor for log retention: a year of logs for audit and incident review. */
export const MIN_LOG_RETENTION_DAYS = 365;

/** The retention values the platform accepts: CloudWatch's own, from a year up. */
export const ALLOWED_LOG_RETENTION_DAYS: readonly number[] = LOG_RETENTION_DAYS.filter((days) => days >= MIN_LOG_RETENTION_DAYS);

/** Whether `days` is a CloudWatch retention value the platform accepts. */
export function isAllowedLogRetention(days: number): boolean {
  return ALLOWED_LOG_RETENTION_DAYS.includes(days);
}

export interface EncryptedLogGroupProps extends AccountRegion {
  /** Log group name, e.g. `/llmobs/retail-banking-prod/firehose-delivery`. */
  readonly logGroupName: string;
  /**
   * Customer-managed key the log group is encrypted with. The construct adds the key-policy
   * statement that lets CloudWatch Logs use the key for this log group only.
   */
  readonly encryptionKey: EncryptionKey;
  /**
   * Days CloudWatch keeps the events: a value CloudWatch accepts, at least 365.
   * @default 365
   */
  readonly retentionInDays?: number;
}

/**
 * A CloudWatch log group encrypted with a customer-managed key and kept at least a year.
 *
 * The key policy statement is scoped with `kms:EncryptionContext:aws:logs:arn` to this log
 * group's ARN, so the logs service cannot use the key for any other log group.
 */
export class EncryptedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly logGroupName: string;
  /** ARN of the log group, built from its name (no `:*` suffix). */
  readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const retention = props.retentionInDays ?? MIN_LOG_RETENTION_DAYS;
    if (!isAllowedLogRetention(retention)) {
      throw new Error(`log retention must be one of ${ALLOWED_LOG_RETENTION_DAYS.join(", ")} days, got ${retention}`);
    }
    if (!/^[\w\-/.#]{1,512}$/.test(props.logGroupName)) {
      throw new Error(`log group name may hold only letters, digits, _ - / . # (1-512 characters), got "${props.logGroupName}"`);
    }
    const partition = partitionOf(props.region);
    this.logGroupName = props.logGroupName;
    this.logGroupArn = `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:${props.logGroupName}`;
    props.encryptionKey.allowService({
      Sid: `CloudWatchLogs${statementIdPart(props.logGroupName)}`,
      Principal: { Service: `logs.${props.region}.${dnsSuffixOf(props.region)}` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": this.logGroupArn } },
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: props.logGroupName,
      kmsKeyId: props.encryptionKey.keyArn,
      retentionInDays: retention,
    });
  }
}
