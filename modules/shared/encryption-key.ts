import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { AccountRegion } from "./naming";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { PolicyDocument, type PolicyStatement } from "./policy-document";
import { partitionOf } from "./partition";

/**
 * Key administration without data access: the account can manage the key but not use it. No
 * `kms:CreateGrant` either: a grant would hand out decrypt outside this policy; services that need
 * grants get them through `allowAccountUseVia`, bound to that service.
 */
const ADMIN_ACTIONS = [
  "kms:CreateAlias",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];
const ENCRYPT_ACTIONS = ["kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"];
const DECRYPT_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"];

/** `accountId` owns the key: its root principal administers the key (but cannot use it). */
export interface EncryptionKeyProps extends AccountRegion {
  /** Alias without the `alias/` prefix, e.g. from `ResourceNaming.name("capture-key")`. */
  readonly aliasName: string;
  /** What the key protects, shown in the console and to auditors. */
  readonly description: string;
  /** Days before a scheduled deletion takes effect. @default 30 */
  readonly deletionWindowInDays?: number;
}

/**
 * A customer-managed KMS key with rotation and a key policy built from grants.
 *
 * The account root may administer the key, not use it: data access exists only where a
 * `grantEncrypt` / `grantDecrypt` / `allowService` statement puts it, which is what lets the
 * policy express separation of duties (writers encrypt, only readers decrypt).
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  /** The key policy; modules add statements through the grant methods. */
  readonly policy: PolicyDocument;
  private readonly encryptOnly = new Set<string>();
  private readonly sids = new Set<string>();
  private readonly accountId: string;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.accountId = props.accountId;
    this.region = props.region;
    const partition = partitionOf(props.region);
    this.policy = new PolicyDocument([
      {
        Sid: "KeyAdministrationByAccount",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
        Action: ADMIN_ACTIONS,
        Resource: "*",
      },
    ]);
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: Lazy.stringValue({ produce: () => this.renderPolicy() }),
    });
    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
  }

  /** The key's ARN token, made once: every attribute read creates a token, and cdktf records a stack trace for each. */
  get keyArn(): string {
    this.keyArnToken ??= this.key.arn;
    return this.keyArnToken;
  }

  private keyArnToken?: string;

  /**
   * Lets principals encrypt (write) but never decrypt: an explicit deny backs the separation.
   * With `denyDecrypt: false` the deny is left out, for a principal that also reads with a grant of
   * its own (`grantDecrypt`); it still gets no decrypt from this statement.
   */
  grantEncrypt(sid: string, principalArns: readonly string[], options: { readonly denyDecrypt?: boolean } = {}): void {
    if (principalArns.length === 0) return;
    if (options.denyDecrypt ?? true) principalArns.forEach((arn) => this.encryptOnly.add(arn));
    this.policy.addStatements({ Sid: sid, Effect: "Allow", Principal: { AWS: [...principalArns] }, Action: ENCRYPT_ACTIONS, Resource: "*" });
  }

  /** Lets principals decrypt (read) data protected by this key. */
  grantDecrypt(sid: string, principalArns: readonly string[]): void {
    if (principalArns.length === 0) return;
    this.policy.addStatements({ Sid: sid, Effect: "Allow", Principal: { AWS: [...principalArns] }, Action: DECRYPT_ACTIONS, Resource: "*" });
  }

  /** Adds a statement for an AWS service principal (CloudWatch Logs, CloudTrail, SNS, ...). */
  allowService(statement: Omit<PolicyStatement, "Effect" | "Resource"> & { Principal: { Service: string | readonly string[] } }): void {
    this.policy.addStatements({ ...statement, Effect: "Allow", Resource: "*" });
  }

  /**
   * Lets principals of this account use the key only through the given AWS services (for example
   * Lambda encrypting environment variables or SageMaker encrypting volumes), never directly.
   */
  allowAccountUseVia(
    sid: string,
    services: readonly string[],
    actions: readonly string[] = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
  ): void {
    if (this.sids.has(sid)) return;
    this.sids.add(sid);
    this.policy.addStatements({
      Sid: sid,
      Effect: "Allow",
      Principal: { AWS: `arn:${partitionOf(this.region)}:iam::${this.accountId}:root` },
      Action: [...actions],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": this.accountId },
        "ForAnyValue:StringEquals": { "kms:ViaService": services.map((s) => `${s}.${this.region}.amazonaws.com`) },
      },
    });
  }

  /**
   * Lets CloudWatch Logs encrypt the given log groups of this account and region with the key, and
   * no other: AWS's documented key policy statement, with the encryption context condition naming
   * the log groups (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
   *
   * @param logGroupNames names or name patterns (`/aws/lambda/llmobs-retail-banking-prod-*`) of the platform's own log groups
   */
  allowCloudWatchLogs(logGroupNames: readonly string[]): void {
    const sid = "CloudWatchLogsEncryptLogGroups";
    if (logGroupNames.length === 0)
      throw new Error("name the log groups CloudWatch Logs may encrypt with the key; a key for every log group of the account is refused");
    if (logGroupNames.some((name) => name === "*" || name.length === 0)) {
      throw new Error(`log group name patterns must name the platform's log groups, got ${JSON.stringify(logGroupNames)}`);
    }
    if (this.sids.has(sid)) return;
    this.sids.add(sid);
    const arn = (name: string) => `arn:${partitionOf(this.region)}:logs:${this.region}:${this.accountId}:log-group:${name}`;
    this.policy.addStatements({
      Sid: sid,
      Effect: "Allow",
      Principal: { Service: `logs.${this.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: { "kms:EncryptionContext:aws:logs:arn": logGroupNames.length === 1 ? arn(logGroupNames[0]!) : logGroupNames.map(arn) },
      },
    });
  }

  private renderPolicy(): string {
    const writers = [...this.encryptOnly];
    const deny: PolicyStatement[] = writers.length
      ? [{ Sid: "DenyDecryptToWriters", Effect: "Deny", Principal: { AWS: writers }, Action: ["kms:Decrypt", "kms:ReEncryptFrom"], Resource: "*" }]
      : [];
    return new PolicyDocument([...this.policy.toJson().Statement, ...deny]).render();
  }
}
