import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { EncryptionKey } from "../../shared/encryption-key";
import { SecureBucket } from "../../shared/secure-bucket";
import { onlyResource, resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../testing/fixtures/synth";
import { testCalibration } from "../../../testing/fixtures/calibration";
import { EvaluationLayer } from "../evaluation-layer";
import { EvaluationQueues } from "../evaluation-queues";
import { EvaluatorFunction, type EvaluatorFunctionProps } from "../evaluator-function";
import { QualityPublisher, type QualityPublisherProps } from "../quality-publisher";
import { ScoresTable } from "../scores-table";

const NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] };

const key = (stack: TerraformStack, id = "key") =>
  new EncryptionKey(stack, id, { aliasName: id, description: id, accountId: TEST_ACCOUNT, region: TEST_REGION });

const statementsOf = (json: ReturnType<typeof synthStack>, fragment: string) =>
  JSON.parse(Object.entries(json.resource.aws_iam_role_policy!).find(([k]) => k.includes(fragment))![1].policy).Statement as {
    Sid: string;
    Action: string | string[];
    Resource: string | string[];
  }[];

describe("EvaluationLayer construct tree", () => {
  it("keeps the Terraform address of every resource it had before it was split (no replacement on upgrade)", () => {
    const json = synthStack((stack) => {
      const captureKey = key(stack, "capture-key");
      const logKey = key(stack, "log-key");
      new EvaluationLayer(stack, "evaluation", {
        naming: testNaming(),
        accountId: TEST_ACCOUNT,
        region: TEST_REGION,
        endpoint: {
          endpointName: "llm-endpoint",
          modelName: "m",
          capturePrefix: "datacapture/",
          captureBucket: new SecureBucket(stack, "capture-bucket", { bucketName: "capture-bucket", encryptionKey: captureKey }),
        },
        useCases: ["general"],
        requestTypes: ["general"],
        inferenceLogSource: { bucket: new SecureBucket(stack, "log-bucket", { bucketName: "log-bucket", encryptionKey: logKey }), prefix: "inference-logs/" },
        network: NETWORK,
        routeTableIds: ["rtb-0123456789abcdef0"],
        qualityThresholds: {},
        defaultQualityThreshold: 0.7,
        calibration: testCalibration(),
      });
    });
    const addresses = Object.entries(json.resource)
      .flatMap(([type, byName]) =>
        Object.keys(byName)
          .filter((name) => name.startsWith("evaluation_"))
          .map((name) => `${type}.${name}`),
      )
      .sort();
    // Taken from a synth of the single-class EvaluationLayer: a changed construct id shows up here.
    // Resources added since (judge calibration, its queue) come on top; none of these may move.
    expect(addresses).toEqual(
      expect.arrayContaining([
        "aws_cloudwatch_log_group.evaluation_evaluator_logs_log-group_4F8BC70D",
        "aws_cloudwatch_log_group.evaluation_publisher_logs_log-group_DB9783CC",
        "aws_dynamodb_table.evaluation_scores_C5DF49AA",
        "aws_iam_role.evaluation_evaluator_role_929D4772",
        "aws_iam_role.evaluation_publisher_role_702C3FA1",
        "aws_iam_role_policy.evaluation_evaluator_policy_F24E7FEF",
        "aws_iam_role_policy.evaluation_publisher_policy_27673306",
        "aws_kms_alias.evaluation_key_alias_BC0CC29F",
        "aws_kms_key.evaluation_key_0D163AAA",
        "aws_lambda_event_source_mapping.evaluation_evaluator-source_D761CC75",
        "aws_lambda_event_source_mapping.evaluation_publisher-source_7FB7DCF8",
        "aws_lambda_function.evaluation_evaluator_function_DAFF7225",
        "aws_lambda_function.evaluation_publisher_function_8F78E522",
        "aws_s3_bucket_notification.evaluation_capture-notifications_B86B39F3",
        "aws_s3_bucket_notification.evaluation_inference-log-notifications_9A44CB6C",
        // Added by code signing (new resources, not renamed ones): the uploads of the zips and their signing jobs.
        "aws_s3_object.evaluation_evaluator_code-object_E82350D5",
        "aws_s3_object.evaluation_publisher_code-object_56B70AC3",
        "aws_security_group.evaluation_vpc-endpoints_security-group_D1252F89",
        "aws_signer_signing_job.evaluation_evaluator_signing-job_01EF8CB8",
        "aws_signer_signing_job.evaluation_publisher_signing-job_5B1981DD",
        "aws_sqs_queue.evaluation_failed-records_6038FFF8",
        "aws_sqs_queue.evaluation_notifications-dlq_C350A3BE",
        "aws_sqs_queue.evaluation_notifications_3CAEC151",
        "aws_sqs_queue.evaluation_publisher-dlq_4838DEED",
        "aws_sqs_queue_policy.evaluation_notifications-policy_810CF44C",
        "aws_vpc_endpoint.evaluation_vpc-endpoints_bedrock-runtime_1BD87337",
        "aws_vpc_endpoint.evaluation_vpc-endpoints_dynamodb_92A43326",
        "aws_vpc_endpoint.evaluation_vpc-endpoints_kms_26891E04",
        "aws_vpc_endpoint.evaluation_vpc-endpoints_logs_B4EFE9BE",
        "aws_vpc_endpoint.evaluation_vpc-endpoints_monitoring_864849BD",
        "aws_vpc_endpoint.evaluation_vpc-endpoints_s3_E1C5A0D7",
        "aws_vpc_endpoint.evaluation_vpc-endpoints_sqs_EC6388CE",
        "aws_vpc_security_group_ingress_rule.evaluation_vpc-endpoints_https-from-0_65CD589D",
      ]),
    );
    // 33, and the X-Ray endpoint that tracing (on by default) added.
    expect(addresses.filter((a) => !a.includes("judge-calibration") && !a.includes("calibration-dlq") && !a.includes("pii-canary"))).toHaveLength(34);
  });
});

describe("ScoresTable", () => {
  it("can be used alone: one encrypted, recoverable table keyed on the score item's eventId, with TTL and a stream", () => {
    let scores: ScoresTable | undefined;
    const json = synthStack((stack) => {
      scores = new ScoresTable(stack, "scores", { naming: testNaming(), encryptionKey: key(stack) });
    });
    expect(onlyResource(json, "aws_dynamodb_table")).toMatchObject({
      name: "llmobs-retail-banking-staging-evaluation-scores",
      hash_key: "eventId",
      ttl: { attribute_name: "expiresAt", enabled: true },
      stream_view_type: "NEW_IMAGE",
      point_in_time_recovery: { enabled: true },
    });
    expect(scores!.tableName).toBe("llmobs-retail-banking-staging-evaluation-scores");
  });
});

describe("EvaluationQueues", () => {
  const build = (overrides: Partial<ConstructorParameters<typeof EvaluationQueues>[2]> = {}) => {
    let queues: EvaluationQueues | undefined;
    const json = synthStack((stack) => {
      queues = new EvaluationQueues(stack, "queues", {
        naming: testNaming(),
        accountId: TEST_ACCOUNT,
        encryptionKey: key(stack),
        notificationSourceArns: ["arn:aws:s3:::capture-bucket"],
        consumerTimeoutSeconds: 300,
        ...overrides,
      });
    });
    return { json, queues: queues! };
  };

  it("sets the notification queue's visibility timeout to six times its consumer's timeout", () => {
    const { json, queues } = build();
    const notifications = resourcesOf(json, "aws_sqs_queue").find((q) => q.name === queues.notificationQueueName)!;
    expect(notifications.visibility_timeout_seconds).toBe(1800);
    expect(resourcesOf(json, "aws_sqs_queue")).toHaveLength(5);
  });

  it("admits only the given buckets to the notification queue", () => {
    const { json } = build({ notificationSourceArns: ["arn:aws:s3:::a", "arn:aws:s3:::b"] });
    const send = JSON.parse(onlyResource(json, "aws_sqs_queue_policy").policy).Statement[0];
    expect(send.Condition.ArnLike["aws:SourceArn"]).toEqual(["arn:aws:s3:::a", "arn:aws:s3:::b"]);
  });

  it.each([
    [{ notificationSourceArns: [] }, "notificationSourceArns is empty; list the arn of every bucket whose objects are evaluated"],
    [{ consumerTimeoutSeconds: 0 }, "consumer timeout must be a whole number of seconds from 1 to 900 (a lambda's limit), got 0"],
  ])("rejects %j", (overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });
});

describe("EvaluatorFunction and QualityPublisher", () => {
  /** Both functions over a table and queues of their own, without the layer. */
  const build = (evaluator: Partial<EvaluatorFunctionProps> = {}, publisher: Partial<QualityPublisherProps> = {}) =>
    synthStack((stack) => {
      const naming = testNaming();
      const encryptionKey = key(stack);
      const captureKey = key(stack, "capture-key");
      const scoresTable = new ScoresTable(stack, "scores", { naming, encryptionKey });
      const queue = (id: string) => new SqsQueue(stack, id, { name: id, kmsMasterKeyId: encryptionKey.keyArn });
      const common = { naming, accountId: TEST_ACCOUNT, region: TEST_REGION, encryptionKey, network: NETWORK, scoresTable };
      new EvaluatorFunction(stack, "evaluator", {
        ...common,
        endpoint: { endpointName: "llm-endpoint", modelName: "m" },
        useCases: ["general"],
        requestTypes: ["general"],
        judgeEndpoint: { id: "vpce-0123456789abcdef0", created: false },
        sources: [
          { bucket: new SecureBucket(stack, "capture", { bucketName: "capture", encryptionKey: captureKey, contentName: "Capture" }), prefix: "datacapture/" },
        ],
        notificationQueue: queue("notifications"),
        failedRecordsQueue: queue("failed"),
        calibratedJudgePairs: ["anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1"],
        ...evaluator,
      });
      new QualityPublisher(stack, "publisher", {
        ...common,
        deadLetterQueue: queue("publisher-dlq"),
        qualityThresholds: { balance_inquiry: 0.9 },
        defaultQualityThreshold: 0.7,
        ...publisher,
      });
    });

  it("give each function only what it is handed: the evaluator the one source prefix, the publisher its DLQ", () => {
    const json = build();
    const evaluator = statementsOf(json, "evaluator");
    expect(evaluator.find((s) => s.Sid === "ReadCapture")!.Resource).toEqual([expect.stringMatching(/\/datacapture\/\*$/)]);
    expect(evaluator.find((s) => s.Sid === "SendFailedRecords")!.Resource).toBe("${aws_sqs_queue.failed.arn}");
    expect(statementsOf(json, "publisher").find((s) => s.Sid === "SendFailedBatches")!.Resource).toBe("${aws_sqs_queue.publisher-dlq.arn}");
  });

  it.each([
    [{ sources: [] }, {}, "sources is empty; pass at least the capture bucket and its prefix"],
    [{ timeoutSeconds: 30 }, {}, "evaluator timeout must be a whole number of seconds from 60 to 900, got 30"],
    [{}, { reservedConcurrency: 0 }, "publisher reserved concurrency must be a whole number from 1 to 1000, got 0"],
    [{}, { qualityThresholds: { balance_inquiry: 1.5 } }, 'quality threshold for "balance_inquiry" must be from 0 to 1, got 1.5'],
  ])("reject %j %j", (evaluator, publisher, message) => {
    expect(() => build(evaluator, publisher)).toThrow(message);
  });
});
