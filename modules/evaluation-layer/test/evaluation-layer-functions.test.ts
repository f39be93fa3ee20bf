import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC_VERSION } from "../../../contracts/judge-pair";
import { resourcesOf, TEST_ACCOUNT, TEST_REGION } from "../../../testing/fixtures/synth";
import { recordFor, testCalibration } from "../../../testing/fixtures/calibration";
import type { EvaluationLayerProps } from "../evaluation-layer-props";
import { buildEvaluationLayer as build, functionNamed, keyPolicy, ref, rolePolicy, TEST_NETWORK } from "../../../testing/fixtures/evaluation-layer";

const VPC = TEST_NETWORK.vpcId;
const SGS = TEST_NETWORK.securityGroupIds;

describe("EvaluationLayer: its functions", () => {
  const { json } = build();

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
      expect(fn.vpc_config).toEqual({ subnet_ids: TEST_NETWORK.subnetIds, security_group_ids: SGS });
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
});

describe("EvaluationLayer: its functions: options", () => {
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
