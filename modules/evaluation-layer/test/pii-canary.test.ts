import { describe, expect, it } from "vitest";
import { resourcesOf, TEST_ACCOUNT, type SynthesizedJson } from "../../../testing/fixtures/synth";
import type { EvaluationLayerProps } from "../evaluation-layer";
import { buildEvaluationLayer, ref, resourceNamed, rolePolicy } from "../../../testing/fixtures/evaluation-layer";

/** The layer over a capture and an inference-log bucket, judging one request type against the default threshold. */
const build = (overrides: Partial<EvaluationLayerProps> = {}) => buildEvaluationLayer({ requestTypes: ["general"], qualityThresholds: {}, ...overrides });

const policyOf = (json: SynthesizedJson, fragment: string) => rolePolicy(json, fragment).Statement;

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
    const role = resourceNamed(json, "aws_iam_role", "pii-canary_scheduler-role")[1];
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: "scheduler.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
    });
    const invoke = policyOf(json, "pii-canary_scheduler-policy").find((s) => s.Sid === "InvokeCanary");
    expect([invoke?.Resource].flat()).toHaveLength(2);
  });

  it("tells the evaluator where canary payloads go, and is left out (with a warning) without a writable inference-log bucket", () => {
    const evaluator = resourceNamed(json, "aws_lambda_function", "evaluator")[1];
    expect(evaluator.environment.variables.PII_CANARY_BUCKET).toBe("llmobs-retail-banking-staging-pii-canary-123456789012-sa-east-1");
    expect(build({ piiCanary: { enabled: false } }).layer.piiCanary).toBeUndefined();
  });

  it("refuses an interval the alarms cannot evaluate over two periods, naming the value", () => {
    expect(() => build({ piiCanary: { intervalMinutes: 1440 } })).toThrow("pii canary interval must be a whole number of minutes from 10 to 720");
    expect(() => build({ piiCanary: { intervalMinutes: 30, graceMinutes: 30 } })).toThrow("below the interval (30), got 30");
  });
});
