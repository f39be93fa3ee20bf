import type { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { testCalibration } from "../../../testing/fixtures/calibration";
import { resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming, type SynthesizedJson } from "../../../testing/fixtures/synth";
import { EncryptionKey } from "../../shared/encryption-key";
import { SecureBucket } from "../../shared/secure-bucket";
import { EvaluationLayer, type EvaluationLayerProps } from "../evaluation-layer";

const NETWORK = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] };

function build(overrides: Partial<EvaluationLayerProps> = {}): { json: SynthesizedJson; layer: EvaluationLayer } {
  let layer: EvaluationLayer | undefined;
  const json = synthStack((stack: TerraformStack) => {
    const key = new EncryptionKey(stack, "data-key", { aliasName: "data", description: "data", accountId: TEST_ACCOUNT, region: TEST_REGION });
    const captureBucket = new SecureBucket(stack, "capture-bucket", { bucketName: "capture-bucket", encryptionKey: key, contentName: "Capture" });
    const logBucket = new SecureBucket(stack, "log-bucket", { bucketName: "log-bucket", encryptionKey: key, contentName: "InferenceLogs" });
    layer = new EvaluationLayer(stack, "evaluation", {
      naming: testNaming(),
      accountId: TEST_ACCOUNT,
      region: TEST_REGION,
      endpoint: { endpointName: "llm-endpoint", modelName: "llama", captureBucket, capturePrefix: "datacapture/" },
      useCases: ["general"],
      requestTypes: ["general"],
      inferenceLogSource: { bucket: logBucket, prefix: "inference-logs/" },
      network: NETWORK,
      routeTableIds: ["rtb-0123456789abcdef0"],
      qualityThresholds: {},
      defaultQualityThreshold: 0.7,
      calibration: testCalibration(),
      ...overrides,
    });
  });
  return { json, layer: layer! };
}

type Statement = { Sid?: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> };
const named = (json: SynthesizedJson, type: string, fragment: string) => Object.entries(json.resource[type] ?? {}).filter(([k]) => k.includes(fragment));
const policyOf = (json: SynthesizedJson, fragment: string) => JSON.parse(named(json, "aws_iam_role_policy", fragment)[0]![1].policy).Statement as Statement[];
const ref = (json: SynthesizedJson, type: string, fragment: string) => `\${${type}.${named(json, type, fragment)[0]![0]}.arn}`;

describe("PII canary resources", () => {
  const { json, layer } = build();

  it("schedules plant and check hourly with EventBridge Scheduler schedules encrypted with the layer's key", () => {
    const schedules = resourcesOf(json, "aws_scheduler_schedule").filter((s) => String(s.name).includes("pii-canary"));
    expect(schedules.map((s) => [s.name, s.schedule_expression, s.kms_key_arn]).sort()).toEqual([
      ["llmobs-retail-banking-staging-pii-canary-check", "rate(60 minutes)", ref(json, "aws_kms_key", "evaluation_key")],
      ["llmobs-retail-banking-staging-pii-canary-plant", "rate(60 minutes)", ref(json, "aws_kms_key", "evaluation_key")],
    ]);
    for (const schedule of schedules) expect(schedule.target.dead_letter_config.arn).toBe(ref(json, "aws_sqs_queue", "pii-canary_dlq"));
    expect(layer.piiCanary?.intervalMinutes).toBe(60);
    const every30 = resourcesOf(build({ piiCanary: { intervalMinutes: 30 } }).json, "aws_scheduler_schedule").filter((s) =>
      String(s.name).includes("pii-canary"),
    );
    expect(every30.map((s) => s.schedule_expression)).toEqual(["rate(30 minutes)", "rate(30 minutes)"]);
  });

  it("lets the plant job write only planted values and canary records, the check job read planted values and payloads and publish privacy metrics", () => {
    const plant = policyOf(json, "pii-canary_plant");
    expect(plant.filter((s) => [s.Action].flat().some((a) => a.startsWith("s3:"))).map((s) => [s.Action, s.Resource])).toEqual([
      ["s3:PutObject", [`${ref(json, "aws_s3_bucket", "pii-canary_bucket")}/planted/*`]],
      ["s3:PutObject", [`${ref(json, "aws_s3_bucket", "log-bucket")}/inference-logs/pii-canary/*`]],
    ]);
    const check = policyOf(json, "pii-canary_check");
    const s3 = check.filter((s) => [s.Action].flat().some((a) => a.startsWith("s3:")));
    expect(s3.map((s) => [s.Sid, s.Action, s.Resource, s.Condition])).toEqual([
      [
        "ReadPiiCanary",
        ["s3:GetObject", "s3:GetObjectVersion"],
        [`${ref(json, "aws_s3_bucket", "pii-canary_bucket")}/planted/*`, `${ref(json, "aws_s3_bucket", "pii-canary_bucket")}/payloads/*`],
        undefined,
      ],
      ["WritePiiCanary", "s3:PutObject", [`${ref(json, "aws_s3_bucket", "pii-canary_bucket")}/results/*`], undefined],
      ["ListCanaryRuns", "s3:ListBucket", ref(json, "aws_s3_bucket", "pii-canary_bucket"), { StringEquals: { "s3:prefix": ["planted/", "results/"] } }],
    ]);
    expect(check.find((s) => s.Sid === "PublishCanaryMetrics")).toMatchObject({
      Action: "cloudwatch:PutMetricData",
      Condition: { StringEquals: { "cloudwatch:namespace": "LLMInference/Privacy" } },
    });
  });

  it("gives the scheduler a role that only invokes the two canary functions, trusted by this account's Scheduler", () => {
    const role = named(json, "aws_iam_role", "pii-canary_scheduler-role")[0]![1];
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: "scheduler.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
    });
    const invoke = policyOf(json, "pii-canary_scheduler-policy").find((s) => s.Sid === "InvokeCanary");
    expect([invoke?.Resource].flat()).toHaveLength(2);
  });

  it("tells the evaluator where canary payloads go, and is left out (with a warning) without a writable inference-log bucket", () => {
    const evaluator = named(json, "aws_lambda_function", "evaluator")[0]![1];
    expect(evaluator.environment.variables.PII_CANARY_BUCKET).toBe("llmobs-retail-banking-staging-pii-canary-123456789012-sa-east-1");
    expect(build({ piiCanary: { enabled: false } }).layer.piiCanary).toBeUndefined();
  });

  it("refuses an interval the alarms cannot evaluate over two periods, naming the value", () => {
    expect(() => build({ piiCanary: { intervalMinutes: 1440 } })).toThrow("pii canary interval must be a whole number of minutes from 10 to 720");
    expect(() => build({ piiCanary: { intervalMinutes: 30, graceMinutes: 30 } })).toThrow("below the interval (30), got 30");
  });
});
