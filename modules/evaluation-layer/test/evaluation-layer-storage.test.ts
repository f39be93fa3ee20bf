import { describe, expect, it } from "vitest";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { onlyResource, resourcesOf, TEST_ACCOUNT } from "../../../testing/fixtures/synth";
import { buildEvaluationLayer as build, ref, queueNamed, functionNamed, keyPolicy } from "../../../testing/fixtures/evaluation-layer";

describe("EvaluationLayer: storage, queues and wiring", () => {
  const { json, layer } = build();

  it("creates the scores table with PITR, a CMK, TTL on expiresAt, a NEW_IMAGE stream, on-demand billing and deletion protection", () => {
    const table = onlyResource(json, "aws_dynamodb_table");
    expect(table).toMatchObject({
      name: "llmobs-retail-banking-staging-evaluation-scores",
      hash_key: "eventId",
      attribute: [{ name: "eventId", type: "S" }],
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: ref(json, "aws_kms_key", "evaluation_key") },
      ttl: { attribute_name: "expiresAt", enabled: true },
      stream_enabled: true,
      stream_view_type: "NEW_IMAGE",
      deletion_protection_enabled: true,
    });
    expect(table.range_key).toBeUndefined();
  });

  it("encrypts every queue with the layer's CMK and redrives notifications to a DLQ after 5 receives", () => {
    const queues = resourcesOf(json, "aws_sqs_queue");
    // Notifications, its DLQ, failed records, the publisher's DLQ, the calibration's DLQ, the PII canary's DLQ.
    expect(queues).toHaveLength(6);
    for (const queue of queues) expect(queue.kms_master_key_id).toBe(ref(json, "aws_kms_key", "evaluation_key"));
    const notifications = queueNamed(json, "notifications_");
    expect(JSON.parse(notifications.redrive_policy)).toEqual({
      deadLetterTargetArn: ref(json, "aws_sqs_queue", "notifications-dlq"),
      maxReceiveCount: 5,
    });
    const evaluator = functionNamed(json, "evaluator");
    expect(notifications.visibility_timeout_seconds).toBeGreaterThanOrEqual(6 * evaluator.timeout);
    for (const dlq of ["notifications-dlq", "failed-records", "publisher-dlq"]) {
      expect(queueNamed(json, dlq).message_retention_seconds).toBe(1_209_600);
      expect(queueNamed(json, dlq).redrive_policy).toBeUndefined();
    }
  });

  it("lets only the two buckets of this account send to the notification queue, over TLS", () => {
    const policy = JSON.parse(onlyResource(json, "aws_sqs_queue_policy").policy);
    const send = policy.Statement.find((s: { Sid: string }) => s.Sid === "BucketsSendObjectCreatedNotifications");
    expect(send.Principal).toEqual({ Service: "s3.amazonaws.com" });
    expect(send.Action).toBe("sqs:SendMessage");
    expect(send.Condition.ArnLike["aws:SourceArn"]).toEqual([ref(json, "aws_s3_bucket", "capture-bucket"), ref(json, "aws_s3_bucket", "log-bucket")]);
    expect(send.Condition.StringEquals["aws:SourceAccount"]).toBe(TEST_ACCOUNT);
    expect(policy.Statement.find((s: { Sid: string }) => s.Sid === "DenyInsecureTransport").Effect).toBe("Deny");
  });

  it("lets S3 use the queue key for the notifications of the two source buckets of this account only", () => {
    const statement = keyPolicy(json, "evaluation_key").Statement.find((s) => s.Sid === "S3SendsEncryptedNotifications")!;
    expect(statement.Principal).toEqual({ Service: "s3.amazonaws.com" });
    expect(statement.Action).toEqual(["kms:GenerateDataKey", "kms:Decrypt"]);
    expect(statement.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": TEST_ACCOUNT },
      ArnLike: { "aws:SourceArn": [ref(json, "aws_s3_bucket", "capture-bucket"), ref(json, "aws_s3_bucket", "log-bucket")] },
    });
  });

  it("notifies object creation under the DataCapture and inference-log prefixes only, one notification per bucket", () => {
    const notifications = resourcesOf(json, "aws_s3_bucket_notification");
    expect(notifications.map((n) => [n.bucket, n.queue[0].filter_prefix, n.queue[0].events, n.queue[0].queue_arn])).toEqual([
      [ref(json, "aws_s3_bucket", "capture-bucket", "bucket"), "datacapture/", ["s3:ObjectCreated:*"], ref(json, "aws_sqs_queue", "notifications_")],
      [ref(json, "aws_s3_bucket", "log-bucket", "bucket"), "inference-logs/", ["s3:ObjectCreated:*"], ref(json, "aws_sqs_queue", "notifications_")],
    ]);
    for (const n of notifications) expect(n.depends_on).toContain(`aws_sqs_queue_policy.${Object.keys(json.resource.aws_sqs_queue_policy!)[0]}`);
  });

  it("feeds the evaluator from SQS with partial batch failures and bounded concurrency", () => {
    const mapping = Object.entries(json.resource.aws_lambda_event_source_mapping!).find(([k]) => k.includes("evaluator"))![1];
    expect(mapping).toMatchObject({
      event_source_arn: ref(json, "aws_sqs_queue", "notifications_"),
      function_name: ref(json, "aws_lambda_function", "evaluator"),
      function_response_types: ["ReportBatchItemFailures"],
      batch_size: 2,
      scaling_config: { maximum_concurrency: 5 },
    });
    expect(functionNamed(json, "evaluator").reserved_concurrent_executions).toBe(5);
  });

  it("feeds the publisher INSERTs of the table stream, bisecting and retrying, then sending failures to its DLQ", () => {
    const mapping = Object.entries(json.resource.aws_lambda_event_source_mapping!).find(([k]) => k.includes("publisher"))![1];
    expect(mapping).toMatchObject({
      event_source_arn: ref(json, "aws_dynamodb_table", "scores", "stream_arn"),
      function_name: ref(json, "aws_lambda_function", "publisher"),
      starting_position: "LATEST",
      function_response_types: ["ReportBatchItemFailures"],
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 10,
      destination_config: { on_failure: { destination_arn: ref(json, "aws_sqs_queue", "publisher-dlq") } },
    });
    expect(JSON.parse(mapping.filter_criteria.filter[0].pattern)).toEqual({ eventName: ["INSERT"] });
  });

  it("exposes names known at synth for alarms", () => {
    expect(layer.functionNames).toEqual([
      "llmobs-retail-banking-staging-evaluator",
      "llmobs-retail-banking-staging-quality-publisher",
      "llmobs-retail-banking-staging-judge-calibration",
      "llmobs-retail-banking-staging-pii-canary-plant",
      "llmobs-retail-banking-staging-pii-canary-check",
    ]);
    expect(layer.deadLetterQueueNames).toEqual([
      "llmobs-retail-banking-staging-evaluation-notifications-dlq",
      "llmobs-retail-banking-staging-evaluation-failed-records",
      "llmobs-retail-banking-staging-quality-publisher-dlq",
      "llmobs-retail-banking-staging-judge-calibration-dlq",
      "llmobs-retail-banking-staging-pii-canary-dlq",
    ]);
    expect(resourcesOf(json, "aws_sqs_queue").map((q) => q.name)).toEqual(expect.arrayContaining([...layer.deadLetterQueueNames]));
  });

  it("passes every policy rule", () => {
    expect(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS)).toEqual([]);
  });
});
