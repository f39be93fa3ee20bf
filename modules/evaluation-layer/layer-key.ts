import type { Construct } from "constructs";
import { EncryptionKey } from "../shared/encryption-key";
import { type EnvironmentScope, NAME_LIMITS } from "../shared/naming";

/**
 * The layer's customer-managed key (construct `key` in `scope`): scores table, queues, function
 * environments and logs. S3 may use it to encrypt notifications from `sourceBucketArns` only.
 */
export function evaluationLayerKey(scope: Construct, environment: EnvironmentScope, sourceBucketArns: readonly string[]): EncryptionKey {
  const { naming, accountId, region } = environment;
  const key = new EncryptionKey(scope, "key", {
    aliasName: naming.name("evaluation-key", NAME_LIMITS.kmsAlias),
    description: "Evaluation layer: scores table, queues, function environments and logs",
    accountId,
    region,
  });
  // The layer's functions' log groups only (Lambda's default names: /aws/lambda/<function name>).
  key.allowCloudWatchLogs([`/aws/lambda/${naming.prefix}-*`]);
  // Functions read and write the queues and table; SQS and DynamoDB use the key on their behalf.
  key.allowAccountUseVia("AccountUsesKeyThroughQueuesAndTable", ["sqs", "dynamodb"]);
  // S3 encrypts notification messages into the queue (AWS's documented statement for SSE-KMS
  // queues), only for the source buckets of this account (confused-deputy conditions).
  key.allowService({
    Sid: "S3SendsEncryptedNotifications",
    Principal: { Service: "s3.amazonaws.com" },
    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
    Condition: {
      StringEquals: { "aws:SourceAccount": accountId },
      ArnLike: { "aws:SourceArn": [...sourceBucketArns] },
    },
  });
  return key;
}
