import { describe, expect, it } from "vitest";
import type { CalibrationRecord } from "../../../contracts/calibration-record";
import { DEFAULT_RUBRIC_VERSION } from "../../../contracts/judge-pair";
import { committedRecords, DEFAULT_JUDGE_PAIR, RECORDS_DIR, recordFor, testCalibration } from "../../../testing/fixtures/calibration";
import { onlyResource, resourcesOf, TEST_ACCOUNT, TEST_REGION, type SynthesizedJson } from "../../../testing/fixtures/synth";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { findPassingRecord, requireCalibratedJudge } from "../calibration-gate";
import type { EvaluationLayerProps } from "../evaluation-layer";
import { buildEvaluationLayer, ref, resourceNamed, rolePolicy, TEST_NETWORK } from "../../../testing/fixtures/evaluation-layer";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const V2 = "bank-qa-rubric/2026-07-v2";
/** The layer over a capture bucket only, judging one request type against the default threshold. */
const build = (overrides: Partial<EvaluationLayerProps> = {}) =>
  buildEvaluationLayer({ requestTypes: ["general"], qualityThresholds: { balance_inquiry: 0.9 }, defaultQualityThreshold: 0.75, ...overrides }, false);
const named = resourceNamed;
const policyOf = (json: SynthesizedJson, fragment: string) => rolePolicy(json, fragment).Statement;
const committed = () => committedRecords()[0]!.record as CalibrationRecord;

describe("the calibration gate at synth", () => {
  it("accepts the default pair with the committed record, warning that the record was made against a stub", () => {
    const { layer } = build();
    expect(layer.judgePair).toBe(DEFAULT_JUDGE_PAIR);
    expect(layer.calibrationRecord.judgePair).toBe(DEFAULT_JUDGE_PAIR);
    const warnings = layer.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([
      expect.stringContaining("was computed against a local Bedrock stub, not Bedrock"),
      // This layer evaluates DataCapture only: the PII canary needs the gateway's inference logs.
      expect.stringContaining("no inferenceLogSource: the PII canary"),
    ]);
  });

  it("fails synth when the judge model id changes without a passing record of the new pair", () => {
    expect(() => build({ judgeModelId: "anthropic.claude-3-5-haiku-20241022-v1:0" })).toThrow(
      `judge pair "anthropic.claude-3-5-haiku-20241022-v1:0|bank-qa-rubric/2025-06-v1" has no passing calibration record, so it may not score production; no record of this pair was found in ${RECORDS_DIR}.`,
    );
  });

  it("fails synth when the rubric version changes without a passing record, and says how to make one", () => {
    expect(() => build({ judgeRubricVersion: V2 })).toThrow(
      `npx llmobs-calibrate --golden <golden set> --judge-model-id ${MODEL} --rubric-version ${V2} --records ${RECORDS_DIR} --write-record\``,
    );
    expect(() => build({ judgeRubricVersion: V2 })).toThrow(
      'or with the calibration function ({"task":"calibrate","pair":"candidate"}) while it shadows, and commit the record anthropic.claude-3-haiku-20240307-v1-0__bank-qa-rubric-2026-07-v2.json in that folder',
    );
    expect(() => build({ judgeRubricVersion: "bank-qa-rubric/1999-v0" })).toThrow("judge rubric version must be one the evaluator holds");
  });

  it("recomputes pass/fail from the figures against the configured floors, whatever the record says", () => {
    expect(committed().passed).toBe(true);
    expect(() => build({ calibration: testCalibration({ thresholds: { kappaFloor: 0.999 } }) })).toThrow(
      /refused: .*: factuality kappa 0\.9\d+ is under the floor 0\.999/,
    );
    const lying = recordFor(
      { judgeModelId: MODEL, rubricVersion: DEFAULT_RUBRIC_VERSION },
      { passed: true, bias: { ...committed().bias, paddingGapPoints: 2 } },
    );
    expect(() => build({ calibration: testCalibration({ records: [lying] }) })).toThrow(
      "padded copies score 2 rubric points above their originals, over the ceiling 0.5",
    );
  });

  it("refuses a record computed with another text of the rubric, and a malformed one", () => {
    const drifted = recordFor({ judgeModelId: MODEL, rubricVersion: DEFAULT_RUBRIC_VERSION }, { rubricFingerprint: "0123456789abcdef" });
    expect(() => build({ calibration: testCalibration({ records: [drifted] }) })).toThrow(
      "it was computed with rubric text 0123456789abcdef, not the text of bank-qa-rubric/2025-06-v1",
    );
    const malformed = recordFor({ judgeModelId: MODEL, rubricVersion: DEFAULT_RUBRIC_VERSION }, { dimensions: undefined as never });
    expect(() => build({ calibration: testCalibration({ records: [malformed] }) })).toThrow("malformed: dimensions is missing");
  });

  it("picks the newest passing record and warns when it was computed on another golden set", () => {
    const older = recordFor(
      { judgeModelId: MODEL, rubricVersion: DEFAULT_RUBRIC_VERSION },
      { calibratedAt: "2020-01-01T00:00:00.000Z", judgeService: "bedrock" },
    );
    const newer = recordFor(
      { judgeModelId: MODEL, rubricVersion: DEFAULT_RUBRIC_VERSION },
      { judgeService: "bedrock", goldenSet: { ...committed().goldenSet, sha256: "f".repeat(64) } },
    );
    const { verdict } = findPassingRecord({
      pair: { judgeModelId: MODEL, rubricVersion: DEFAULT_RUBRIC_VERSION },
      records: [older, newer],
      thresholds: committed().thresholds,
      goldenSetSha256: committed().goldenSet.sha256,
    });
    expect(verdict!.record.calibratedAt).toBe(committed().calibratedAt);
    expect(verdict!.warnings).toEqual([expect.stringContaining("not the configured one")]);
    expect(() => requireCalibratedJudge({ pair: { judgeModelId: MODEL, rubricVersion: V2 }, records: [older], thresholds: committed().thresholds })).toThrow(
      "no record of this pair was found",
    );
  });

  it("tells the evaluator which pair it may score with", () => {
    const { json } = build();
    const env = named(json, "aws_lambda_function", "evaluator_function")[1].environment.variables;
    expect(env.JUDGE_RUBRIC_VERSION).toBe(DEFAULT_RUBRIC_VERSION);
    expect(JSON.parse(env.CALIBRATED_JUDGE_PAIRS)).toEqual([DEFAULT_JUDGE_PAIR]);
    expect(env.CANDIDATE_JUDGE_PAIR).toBeUndefined();
  });
});

describe("JudgeCalibration: function, schedule, role and bucket", () => {
  const { json, layer } = build();
  const fn = named(json, "aws_lambda_function", "judge-calibration_function")[1];

  it("runs the calibration function in the VPC with the evaluator's judge pair, masking language and the floors", () => {
    expect(fn).toMatchObject({
      function_name: "llmobs-retail-banking-staging-judge-calibration",
      runtime: "nodejs22.x",
      timeout: 900,
      reserved_concurrent_executions: 1,
    });
    expect(fn.vpc_config.subnet_ids).toEqual(TEST_NETWORK.subnetIds);
    expect(fn.environment.variables).toMatchObject({
      CALIBRATION_BUCKET: layer.calibration.bucketName,
      GOLDEN_SET_KEY: `golden/${layer.calibration.goldenSetSha256.slice(0, 16)}.jsonl`,
      JUDGE_MODEL_ID: MODEL,
      JUDGE_RUBRIC_VERSION: DEFAULT_RUBRIC_VERSION,
      PII_LANGUAGES: "pt",
      CALIBRATION_THRESHOLDS: JSON.stringify(layer.calibrationThresholds),
    });
    // The golden set is masked as production is: the evaluator's languages.
    expect(fn.environment.variables.PII_LANGUAGES).toBe(named(json, "aws_lambda_function", "evaluator_function")[1].environment.variables.PII_LANGUAGES);
    expect(layer.functionNames).toContain(layer.calibration.functionName);
  });

  it("uploads the golden set under a key named by its hash, encrypted with the layer's key", () => {
    const [object] = resourcesOf(json, "aws_s3_object").filter((o) => String(o.key).startsWith("golden/"));
    expect(object).toMatchObject({
      key: layer.calibration.goldenSetKey,
      source_hash: layer.calibration.goldenSetSha256,
      server_side_encryption: "aws:kms",
      kms_key_id: ref(json, "aws_kms_key", "evaluation_key"),
    });
    expect(layer.calibration.goldenSetSha256).toBe(layer.calibrationRecord.goldenSet.sha256);
  });

  it("schedules a monthly run through a role that may only invoke the function, with a dead-letter queue", () => {
    const schedule = onlyResource(json, "aws_scheduler_schedule");
    expect(schedule).toMatchObject({
      schedule_expression: "cron(0 6 1 * ? *)",
      schedule_expression_timezone: "UTC",
      flexible_time_window: { mode: "OFF" },
      target: {
        arn: ref(json, "aws_lambda_function", "judge-calibration_function"),
        role_arn: ref(json, "aws_iam_role", "scheduler-role"),
        input: JSON.stringify({ task: "calibrate", pair: "current" }),
        dead_letter_config: { arn: ref(json, "aws_sqs_queue", "calibration-dlq") },
      },
    });
    const trust = JSON.parse(named(json, "aws_iam_role", "scheduler-role")[1].assume_role_policy).Statement[0];
    expect(trust).toMatchObject({ Principal: { Service: "scheduler.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } } });
    expect(policyOf(json, "scheduler-policy").map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ["InvokeCalibration", "lambda:InvokeFunction", ref(json, "aws_lambda_function", "judge-calibration_function")],
      ["SendUndeliveredRuns", "sqs:SendMessage", ref(json, "aws_sqs_queue", "calibration-dlq")],
      ["EncryptUndeliveredRuns", ["kms:GenerateDataKey", "kms:Decrypt"], ref(json, "aws_kms_key", "evaluation_key")],
    ]);
    expect(onlyResource(json, "aws_lambda_function_event_invoke_config")).toMatchObject({
      maximum_retry_attempts: 0,
      destination_config: { on_failure: { destination: ref(json, "aws_sqs_queue", "calibration-dlq") } },
    });
    expect(layer.deadLetterQueueNames).toContain("llmobs-retail-banking-staging-judge-calibration-dlq");
  });

  it("lets the function read golden sets, write reports and records, invoke only the judge from the VPC and publish only its namespace", () => {
    const statements = policyOf(json, "judge-calibration_function");
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.ReadCalibration!.Resource).toEqual([`${ref(json, "aws_s3_bucket", "judge-calibration_bucket")}/golden/*`]);
    expect(bySid.WriteCalibration!.Resource).toEqual([
      `${ref(json, "aws_s3_bucket", "judge-calibration_bucket")}/reports/*`,
      `${ref(json, "aws_s3_bucket", "judge-calibration_bucket")}/records/*`,
    ]);
    expect(bySid.InvokeJudgeModel).toMatchObject({
      Resource: `arn:aws:bedrock:${TEST_REGION}::foundation-model/${MODEL}`,
      Condition: { StringEquals: { "aws:SourceVpc": TEST_NETWORK.vpcId } },
    });
    expect(bySid.PublishCalibrationMetrics).toMatchObject({ Condition: { StringEquals: { "cloudwatch:namespace": "LLMInference/JudgeCalibration" } } });
    expect(statements.map((s) => s.Sid)).not.toContain("QueryShadowScores");
  });

  it("passes every policy rule of the platform", () => {
    expect(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS)).toEqual([]);
  });

  it("refuses a schedule that is not a Scheduler expression and a missing golden set", () => {
    expect(() => build({ calibration: testCalibration({ schedule: "monthly" }) })).toThrow(
      'calibration schedule must be an EventBridge Scheduler cron(...) or rate(...) expression, e.g. "cron(0 6 1 * ? *)", got "monthly"',
    );
    expect(() => build({ calibration: testCalibration({ goldenSetPath: "/nonexistent/golden.jsonl" }) })).toThrow(
      "calibration golden set /nonexistent/golden.jsonl does not exist",
    );
  });
});

describe("a shadow candidate", () => {
  const candidateJudge = { judgeModelId: "anthropic.claude-3-5-haiku-20241022-v1:0", rubricVersion: V2, shadowShare: 0.25 };
  const { json, layer } = build({ candidateJudge });
  const candidatePair = "anthropic.claude-3-5-haiku-20241022-v1:0|bank-qa-rubric/2026-07-v2";

  it("gets a shadow table of its own (candidate pair + event id), apart from the scores", () => {
    const tables = resourcesOf(json, "aws_dynamodb_table");
    expect(tables.map((t) => t.name).sort()).toEqual(["llmobs-retail-banking-staging-evaluation-scores", "llmobs-retail-banking-staging-shadow-scores"]);
    const shadow = tables.find((t) => t.name.endsWith("shadow-scores"))!;
    expect(shadow).toMatchObject({
      hash_key: "candidateJudgePair",
      range_key: "eventId",
      point_in_time_recovery: { enabled: true },
      ttl: { attribute_name: "expiresAt", enabled: true },
    });
    expect(shadow.stream_enabled).toBeUndefined();
  });

  it("tells the evaluator to judge a share with the candidate too, and lets it invoke the candidate's model and write shadow items", () => {
    const env = named(json, "aws_lambda_function", "evaluator_function")[1].environment.variables;
    expect(env).toMatchObject({ CANDIDATE_JUDGE_PAIR: candidatePair, SHADOW_SHARE: "0.25", SHADOW_SCORES_TABLE_NAME: layer.shadowScoresTable!.tableName });
    // The candidate shadows; it does not score: only the current pair is calibrated.
    expect(JSON.parse(env.CALIBRATED_JUDGE_PAIRS)).toEqual([DEFAULT_JUDGE_PAIR]);
    const sids = Object.fromEntries(policyOf(json, "evaluator_policy").map((s) => [s.Sid, s]));
    expect(sids.InvokeJudgeModelCandidate!.Resource).toBe(`arn:aws:bedrock:${TEST_REGION}::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0`);
    expect(sids.WriteShadowScores).toMatchObject({ Action: "dynamodb:PutItem", Resource: ref(json, "aws_dynamodb_table", "shadow-scores") });
  });

  it("has its agreement computed daily by the calibration function, which may query the shadow table and invoke the candidate", () => {
    const schedules = resourcesOf(json, "aws_scheduler_schedule");
    expect(schedules.map((s) => [s.schedule_expression, JSON.parse(s.target.input)])).toEqual([
      ["cron(0 6 1 * ? *)", { task: "calibrate", pair: "current" }],
      ["cron(0 7 * * ? *)", { task: "shadow-agreement" }],
    ]);
    const fn = named(json, "aws_lambda_function", "judge-calibration_function")[1];
    expect(fn.environment.variables).toMatchObject({
      CANDIDATE_JUDGE_PAIR: candidatePair,
      SHADOW_SCORES_TABLE_NAME: layer.shadowScoresTable!.tableName,
      SHADOW_WINDOW_DAYS: "30",
    });
    const sids = policyOf(json, "judge-calibration_function").map((s) => s.Sid);
    expect(sids).toEqual(expect.arrayContaining(["QueryShadowScores", "InvokeJudgeModelCandidate"]));
    // Every rule passes but the regional one: Claude 3.5 Haiku is in no Region of the model table
    // (its model card gives 2026-06-19 as its end of life), so the grants of this test's candidate would be refused at synth.
    const findings = evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS);
    expect(findings.filter((f) => f.ruleId !== "LLMOBS-REGION-2")).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.message.split(" is granted")[0]])).toEqual([
      ["LLMOBS-REGION-2", "anthropic.claude-3-5-haiku-20241022-v1:0"],
      ["LLMOBS-REGION-2", "anthropic.claude-3-5-haiku-20241022-v1:0"],
    ]);
  });

  it("must differ from the current judge, be versioned and use a rubric the evaluator holds", () => {
    expect(() => build({ candidateJudge: { judgeModelId: MODEL, rubricVersion: DEFAULT_RUBRIC_VERSION } })).toThrow(
      `candidate judge ${DEFAULT_JUDGE_PAIR} is the current judge`,
    );
    expect(() => build({ candidateJudge: { judgeModelId: "anthropic.claude-3-5-haiku", rubricVersion: V2 } })).toThrow("is not versioned");
    expect(() => build({ candidateJudge: { judgeModelId: MODEL, rubricVersion: "v3" } })).toThrow("candidate rubric version must be one the evaluator holds");
    expect(() => build({ candidateJudge: { judgeModelId: MODEL, rubricVersion: V2, shadowShare: 0 } })).toThrow(
      "candidate shadow share must be above 0 and at most 1, got 0",
    );
  });
});
