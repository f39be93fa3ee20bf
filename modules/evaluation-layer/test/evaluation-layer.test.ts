import type { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { EncryptionKey } from "../../shared/encryption-key";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { SecureBucket } from "../../shared/secure-bucket";
import { onlyResource, resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming, type SynthesizedJson } from "../../../testing/fixtures/synth";
import { DEFAULT_RUBRIC_VERSION } from "../../../contracts/judge-pair";
import { recordFor, testCalibration } from "../../../testing/fixtures/calibration";
import { EvaluationLayer, type EvaluationLayerProps } from "../evaluation-layer";

const VPC = "vpc-0123456789abcdef0";
const SGS = ["sg-0123456789abcdef0", "sg-0123456789abcdef1"];
const NETWORK = { vpcId: VPC, subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], securityGroupIds: SGS };

interface Built {
  json: SynthesizedJson;
  layer: EvaluationLayer;
}

/** A stack with a capture bucket, an inference-log bucket and the evaluation layer over them. */
function build(overrides: Partial<EvaluationLayerProps> = {}, withLogs = true): Built {
  let layer: EvaluationLayer | undefined;
  const json = synthStack((stack: TerraformStack) => {
    const naming = testNaming();
    const captureKey = new EncryptionKey(stack, "capture-key", { aliasName: "capture", description: "capture", accountId: TEST_ACCOUNT, region: TEST_REGION });
    const captureBucket = new SecureBucket(stack, "capture-bucket", { bucketName: "capture-bucket", encryptionKey: captureKey, contentName: "Capture" });
    const logKey = new EncryptionKey(stack, "log-key", { aliasName: "logs", description: "logs", accountId: TEST_ACCOUNT, region: TEST_REGION });
    const logBucket = new SecureBucket(stack, "log-bucket", { bucketName: "log-bucket", encryptionKey: logKey, contentName: "InferenceLogs" });
    layer = new EvaluationLayer(stack, "evaluation", {
      naming,
      accountId: TEST_ACCOUNT,
      region: TEST_REGION,
      endpoint: { endpointName: "llm-endpoint", modelName: "llama-3-1-8b-instruct", captureBucket, capturePrefix: "datacapture/" },
      useCases: ["general"],
      requestTypes: ["balance_inquiry", "investment_strategy"],
      ...(withLogs ? { inferenceLogSource: { bucket: logBucket, prefix: "inference-logs/" } } : {}),
      network: NETWORK,
      routeTableIds: ["rtb-0123456789abcdef0"],
      qualityThresholds: { balance_inquiry: 0.9, investment_strategy: 0.75 },
      defaultQualityThreshold: 0.7,
      calibration: testCalibration(),
      ...overrides,
    });
  });
  return { json, layer: layer! };
}

/** The layer's own warnings, without the one every layer gives on the committed (stub-made) record. */
const layerWarnings = (layer: EvaluationLayer) =>
  layer.node.metadata
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => String(m.data))
    .filter((w) => !w.includes("computed against a local Bedrock stub"));

const ref = (json: SynthesizedJson, type: string, name: string, attribute = "arn") => {
  const key = Object.keys(json.resource[type] ?? {}).find((k) => k.includes(name));
  if (!key) throw new Error(`no ${type} named like ${name}`);
  return `\${${type}.${key}.${attribute}}`;
};
const queueNamed = (json: SynthesizedJson, fragment: string) => Object.entries(json.resource.aws_sqs_queue!).find(([k]) => k.includes(fragment))![1];
const functionNamed = (json: SynthesizedJson, fragment: string) => Object.entries(json.resource.aws_lambda_function!).find(([k]) => k.includes(fragment))![1];
const rolePolicy = (json: SynthesizedJson, fragment: string) =>
  JSON.parse(Object.entries(json.resource.aws_iam_role_policy!).find(([k]) => k.includes(fragment))![1].policy) as {
    Statement: { Sid?: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> }[];
  };
const keyPolicy = (json: SynthesizedJson, fragment: string) =>
  JSON.parse(Object.entries(json.resource.aws_kms_key!).find(([k]) => k.includes(fragment))![1].policy) as {
    Statement: {
      Sid?: string;
      Effect: string;
      Principal?: Record<string, unknown>;
      Action: string | string[];
      Condition?: Record<string, Record<string, unknown>>;
    }[];
  };

describe("EvaluationLayer", () => {
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

  it("gives the evaluator the environment its README requires", () => {
    const env = functionNamed(json, "evaluator").environment.variables;
    expect(env).toMatchObject({
      SCORES_TABLE_NAME: ref(json, "aws_dynamodb_table", "scores", "name"),
      FAILED_RECORDS_QUEUE_URL: ref(json, "aws_sqs_queue", "failed-records", "url"),
      JUDGE_MODEL_ID: "anthropic.claude-3-haiku-20240307-v1:0",
      JUDGE_INPUT_PRICE_PER_1K: "0.00025",
      JUDGE_OUTPUT_PRICE_PER_1K: "0.00125",
      SAMPLE_RATE: "0.1",
      ENTROPY_THRESHOLD: "1.5",
      JUDGE_CONCURRENCY: "4",
      JUDGE_MAX_TOKENS: "512",
      JUDGE_MAX_TEXT_CHARS: "40000",
      // sa-east-1 has no Comprehend: local detectors only, client text never leaves the region.
      PII_LANGUAGES: "pt",
      SCORE_TTL_DAYS: "180",
      MAX_LINE_BYTES: "16777216",
    });
    expect(JSON.parse(env.ENDPOINT_MODEL_NAMES)).toEqual({ "llm-endpoint": "llama-3-1-8b-instruct" });
  });

  it("passes the quality thresholds with the required default key to the publisher", () => {
    const env = functionNamed(json, "publisher").environment.variables;
    expect(JSON.parse(env.QUALITY_THRESHOLDS)).toEqual({ balance_inquiry: 0.9, investment_strategy: 0.75, default: 0.7 });
  });

  it("runs both functions in the VPC, bundled, signed, traced and with encrypted environments", () => {
    for (const fn of [functionNamed(json, "evaluator"), functionNamed(json, "publisher")]) {
      expect(fn.vpc_config).toEqual({ subnet_ids: NETWORK.subnetIds, security_group_ids: SGS });
      expect(fn.tracing_config).toEqual({ mode: "Active" });
      expect(fn.kms_key_arn).toBe(ref(json, "aws_kms_key", "evaluation_key"));
      // By default the stack's code signing (enforce): the function deploys the signed object.
      expect(fn.code_signing_config_arn).toBe(ref(json, "aws_lambda_code_signing_config", "function-code-signing"));
      expect(fn.s3_key).toMatch(/^\$\{aws_signer_signing_job\..*\.signed_object\[0\]\.s3\[0\]\.key\}$/);
    }
    // The evaluator's, the publisher's, the judge calibration's and the PII canary's two functions' zips (one bundle);
    // the golden set is an object of the calibration bucket.
    const uploads = resourcesOf(json, "aws_s3_object").filter((o) => String(o.key).startsWith("unsigned/"));
    expect(uploads.map((o) => o.source_hash)).toEqual([1, 2, 3, 4, 5].map(() => expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/)));
    expect(new Set(uploads.map((o) => o.source_hash)).size).toBe(4);
    expect(resourcesOf(json, "aws_lambda_code_signing_config")).toHaveLength(1);
    expect(resourcesOf(build({ codeSigning: "off" }).json, "aws_signer_signing_job")).toEqual([]);
  });

  it("lets the evaluator invoke only the judge model, through the layer's bedrock-runtime endpoint in the VPC, in the region", () => {
    const invoke = rolePolicy(json, "evaluator").Statement.filter((s) => s.Action === "bedrock:InvokeModel");
    expect(invoke).toEqual([
      {
        Sid: "InvokeJudgeModel",
        Effect: "Allow",
        Action: "bedrock:InvokeModel",
        Resource: "arn:aws:bedrock:sa-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        Condition: {
          StringEquals: { "aws:SourceVpce": ref(json, "aws_vpc_endpoint", "bedrock-runtime", "id"), "aws:SourceVpc": VPC, "aws:RequestedRegion": TEST_REGION },
        },
      },
    ]);
  });

  it("reads objects only under the two prefixes, writes only canary payloads, and decrypts with the two source keys", () => {
    const statements = rolePolicy(json, "evaluator").Statement;
    const reads = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith("s3:")));
    expect(reads.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ["ReadCapture", ["s3:GetObject", "s3:GetObjectVersion"], [`${ref(json, "aws_s3_bucket", "capture-bucket")}/datacapture/*`]],
      ["ReadInferenceLogs", ["s3:GetObject", "s3:GetObjectVersion"], [`${ref(json, "aws_s3_bucket", "log-bucket")}/inference-logs/*`]],
      ["WritePiiCanary", "s3:PutObject", [`${ref(json, "aws_s3_bucket", "pii-canary_bucket")}/payloads/*`]],
    ]);
    const keyArns = statements.filter((s) => [s.Action].flat().includes("kms:Decrypt")).flatMap((s) => [s.Resource].flat());
    // The source keys, and the layer's own key (environment, queues, table): no other.
    expect(keyArns.sort()).toEqual(
      [ref(json, "aws_kms_key", "capture-key"), ref(json, "aws_kms_key", "log-key"), ...Array(2).fill(ref(json, "aws_kms_key", "evaluation_key"))].sort(),
    );
    expect(statements.find((s) => s.Sid === "DetectPii")).toBeUndefined();
    const withComprehend = rolePolicy(build({ region: "us-east-1" }).json, "evaluator").Statement;
    expect(withComprehend.find((s) => s.Sid === "DetectPii")).toMatchObject({ Action: "comprehend:DetectPiiEntities" });
    expect(statements.find((s) => s.Sid === "ReadAndWriteScores")).toMatchObject({ Action: ["dynamodb:GetItem", "dynamodb:PutItem"] });
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain("s3:ListBucket");
    expect(actions.filter((a) => a.endsWith("*"))).toEqual([]);
  });

  it("grants the evaluator role decrypt in the capture key's and the inference-log key's policies itself, named for auditors", () => {
    const roleArn = ref(json, "aws_iam_role", "evaluator");
    for (const [key, sid] of [
      ["capture-key", "EvaluatorDecryptsCapture"],
      ["log-key", "EvaluatorDecryptsInferenceLogs"],
    ] as const) {
      const grants = keyPolicy(json, key).Statement.filter((s) => JSON.stringify(s.Principal ?? {}).includes(roleArn));
      expect(grants.map((s) => [s.Sid, s.Action])).toEqual([[sid, ["kms:Decrypt", "kms:DescribeKey"]]]);
    }
  });

  it("limits the publisher to its namespace, the table's stream and its DLQ", () => {
    const statements = rolePolicy(json, "publisher").Statement;
    expect(statements.find((s) => s.Sid === "PublishQualityMetrics")!.Condition).toEqual({ StringEquals: { "cloudwatch:namespace": "LLMInference/Quality" } });
    expect(statements.find((s) => s.Sid === "ReadScoresStream")!.Resource).toBe(`${ref(json, "aws_dynamodb_table", "scores")}/stream/*`);
    // Marks the scores of a batch that failed after publishing them, so a dead-letter replay skips them.
    expect(statements.find((s) => s.Sid === "MarkPublishedScores")).toMatchObject({
      Action: "dynamodb:UpdateItem",
      Resource: ref(json, "aws_dynamodb_table", "scores"),
    });
    expect(statements.find((s) => s.Sid === "SendFailedBatches")!.Resource).toBe(ref(json, "aws_sqs_queue", "publisher-dlq"));
  });

  it("creates private-DNS interface endpoints behind a security group open on 443 to the environment's groups, and gateway endpoints", () => {
    const endpoints = resourcesOf(json, "aws_vpc_endpoint");
    const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === "Interface");
    // No comprehend: Comprehend is not offered in sa-east-1 (see the warning test).
    expect(interfaces.map((e) => e.service_name).sort()).toEqual(
      // xray: tracing is on by default (the verdict spans go to X-Ray's OTLP endpoint).
      ["bedrock-runtime", "kms", "logs", "monitoring", "sqs", "xray"].map((s) => `com.amazonaws.sa-east-1.${s}`),
    );
    for (const e of interfaces) {
      expect(e).toMatchObject({
        vpc_id: VPC,
        private_dns_enabled: true,
        subnet_ids: NETWORK.subnetIds,
        security_group_ids: [ref(json, "aws_security_group", "vpc-endpoints", "id")],
      });
    }
    const gateways = endpoints.filter((e) => e.vpc_endpoint_type === "Gateway");
    expect(gateways.map((e) => [e.service_name, e.route_table_ids]).sort()).toEqual([
      ["com.amazonaws.sa-east-1.dynamodb", ["rtb-0123456789abcdef0"]],
      ["com.amazonaws.sa-east-1.s3", ["rtb-0123456789abcdef0"]],
    ]);
    const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule");
    expect(rules.map((r) => [r.referenced_security_group_id, r.ip_protocol, r.from_port, r.to_port])).toEqual(SGS.map((sg) => [sg, "tcp", 443, 443]));
    expect(onlyResource(json, "aws_security_group").egress).toBeUndefined();
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

describe("EvaluationLayer options", () => {
  it("rejects an unversioned judge model id at synth with a clear message", () => {
    expect(() => build({ judgeModelId: "anthropic.claude-3-haiku" })).toThrow(
      /judge model id "anthropic\.claude-3-haiku" is not versioned: use a Bedrock model or inference-profile id ending in -vN:M/,
    );
  });

  it("grants an inference profile and its model only through the profile", () => {
    const judgeModelId = "sa.anthropic.claude-3-haiku-20240307-v1:0";
    const { json } = build({ judgeModelId, calibration: testCalibration({ records: [recordFor({ judgeModelId, rubricVersion: DEFAULT_RUBRIC_VERSION })] }) });
    const invoke = rolePolicy(json, "evaluator").Statement.filter((s) => s.Action === "bedrock:InvokeModel");
    const profileArn = `arn:aws:bedrock:sa-east-1:${TEST_ACCOUNT}:inference-profile/sa.anthropic.claude-3-haiku-20240307-v1:0`;
    const vpce = ref(json, "aws_vpc_endpoint", "bedrock-runtime", "id");
    expect(invoke.map((s) => [s.Resource, s.Condition])).toEqual([
      [profileArn, { StringEquals: { "aws:SourceVpce": vpce, "aws:SourceVpc": VPC, "aws:RequestedRegion": TEST_REGION } }],
      [
        "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        { StringEquals: { "aws:SourceVpce": vpce, "aws:SourceVpc": VPC, "bedrock:InferenceProfileArn": profileArn } },
      ],
    ]);
  });

  it("with pt only masks locally: no Comprehend permission or endpoint", () => {
    const { json } = build({ piiLanguages: ["pt"] });
    expect(functionNamed(json, "evaluator").environment.variables.PII_LANGUAGES).toBe("pt");
    expect(JSON.stringify(rolePolicy(json, "evaluator"))).not.toContain("comprehend");
    expect(resourcesOf(json, "aws_vpc_endpoint").map((e) => e.service_name)).not.toContain("com.amazonaws.sa-east-1.comprehend");
  });

  it("warns and creates no Comprehend endpoint where Comprehend masking is asked for but not offered (sa-east-1)", () => {
    const { json, layer } = build({ piiLanguages: ["pt", "en"] });
    expect(resourcesOf(json, "aws_vpc_endpoint").map((e) => e.service_name)).not.toContain("com.amazonaws.sa-east-1.comprehend");
    const warnings = layerWarnings(layer);
    expect(warnings).toEqual([
      expect.stringContaining('not offered in sa-east-1: every record would be dead-lettered as masking_failed; set piiLanguages to ["pt"]'),
    ]);
    expect(layerWarnings(build({ piiLanguages: ["pt"] }).layer)).toEqual([]);
  });

  it("refuses an empty, repeated or malformed language list, showing it", () => {
    expect(() => build({ piiLanguages: [] })).toThrow('pii languages must be distinct lower-case codes such as ["pt", "en"], got []');
    expect(() => build({ piiLanguages: ["pt", "pt"] })).toThrow('got ["pt","pt"]');
    expect(() => build({ piiLanguages: ["PT"] })).toThrow('got ["PT"]');
  });

  it("creates the Comprehend endpoint where Comprehend is offered, masking Portuguese and English by default", () => {
    const { json } = build({ region: "us-east-1" });
    expect(resourcesOf(json, "aws_vpc_endpoint").map((e) => e.service_name)).toContain("com.amazonaws.us-east-1.comprehend");
    expect(functionNamed(json, "evaluator").environment.variables.PII_LANGUAGES).toBe("pt,en");
  });

  it("without route tables creates no gateway endpoints and warns at synth", () => {
    const { json, layer } = build({ routeTableIds: undefined });
    expect(resourcesOf(json, "aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Gateway")).toEqual([]);
    const warnings = layer.vpcEndpoints.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("the s3 and dynamodb gateway endpoints were not created")]);
  });

  const EXISTING = {
    "bedrock-runtime": "vpce-0aaaaaaaaaaaaaaa1",
    sqs: "vpce-0aaaaaaaaaaaaaaa2",
    monitoring: "vpce-0aaaaaaaaaaaaaaa3",
    logs: "vpce-0aaaaaaaaaaaaaaa4",
    kms: "vpce-0aaaaaaaaaaaaaaa5",
    s3: "vpce-0aaaaaaaaaaaaaaa6",
    dynamodb: "vpce-0aaaaaaaaaaaaaaa7",
    xray: "vpce-0aaaaaaaaaaaaaaa8",
  } as const;

  it("creates only the endpoints the VPC does not have yet, and no conflicting second private-DNS endpoint", () => {
    const { json } = build({ vpcEndpoints: { sqs: EXISTING.sqs, logs: EXISTING.logs, kms: EXISTING.kms, monitoring: EXISTING.monitoring } });
    expect(
      resourcesOf(json, "aws_vpc_endpoint")
        .map((e) => e.service_name)
        .sort(),
    ).toEqual(["com.amazonaws.sa-east-1.bedrock-runtime", "com.amazonaws.sa-east-1.dynamodb", "com.amazonaws.sa-east-1.s3", "com.amazonaws.sa-east-1.xray"]);
    // The judge's permission names the endpoint this layer created, in this VPC.
    const invoke = rolePolicy(json, "evaluator").Statement.find((s) => s.Action === "bedrock:InvokeModel")!;
    expect(invoke.Condition!.StringEquals).toMatchObject({ "aws:SourceVpce": ref(json, "aws_vpc_endpoint", "bedrock-runtime", "id"), "aws:SourceVpc": VPC });
  });

  it("with every endpoint existing: no endpoint or security group, and the judge bound to the existing endpoint by aws:SourceVpce alone", () => {
    const { json, layer } = build({ vpcEndpoints: EXISTING });
    expect(resourcesOf(json, "aws_vpc_endpoint")).toEqual([]);
    expect(resourcesOf(json, "aws_security_group")).toEqual([]);
    expect(layer.vpcEndpoints.endpointOf["bedrock-runtime"]).toEqual({ id: EXISTING["bedrock-runtime"], created: false });
    const invoke = rolePolicy(json, "evaluator").Statement.find((s) => s.Action === "bedrock:InvokeModel")!;
    // An existing endpoint may sit in a shared VPC: aws:SourceVpc is not assumed.
    expect(invoke.Condition).toEqual({ StringEquals: { "aws:SourceVpce": EXISTING["bedrock-runtime"], "aws:RequestedRegion": TEST_REGION } });
    expect(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS)).toEqual([]);
  });

  it("refuses the old all-or-nothing switch and a malformed endpoint id", () => {
    expect(() => build({ createVpcEndpoints: false } as never)).toThrow(/createVpcEndpoints was replaced by vpcEndpoints/);
    expect(() => build({ vpcEndpoints: { "bedrock-runtime": "none" as never } })).toThrow(
      /vpc endpoint for bedrock-runtime must be "create" or an endpoint id/,
    );
  });

  it("evaluates DataCapture alone when there is no inference-log source", () => {
    const { json } = build({}, false);
    expect(resourcesOf(json, "aws_s3_bucket_notification")).toHaveLength(1);
    const reads = rolePolicy(json, "evaluator").Statement.filter((s) => [s.Action].flat().includes("s3:GetObject"));
    expect(reads.map((s) => s.Resource)).toEqual([[`${ref(json, "aws_s3_bucket", "capture-bucket")}/datacapture/*`]]);
    expect(JSON.stringify(keyPolicy(json, "log-key"))).not.toContain("Evaluator");
  });

  it.each([
    [{ sampleRate: 1.2 }, /sample rate must be a share from 0 to 1, got 1.2/],
    [{ evaluatorReservedConcurrency: 1 }, /evaluator reserved concurrency must be a whole number from 2 to 1000/],
    [{ evaluatorTimeoutSeconds: 901 }, /evaluator timeout must be a whole number of seconds from 60 to 900/],
    [{ qualityThresholds: { default: 0.5 } }, /set defaultQualityThreshold instead/],
    [{ defaultQualityThreshold: 2 }, /default quality threshold must be from 0 to 1/],
  ])("rejects %j", (overrides, message) => {
    expect(() => build(overrides as Partial<EvaluationLayerProps>)).toThrow(message);
  });
});
