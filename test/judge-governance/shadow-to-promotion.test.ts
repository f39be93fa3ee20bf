/**
 * The whole path of a judge change: a candidate configured at synth, shadow verdicts stored by the
 * real evaluator handler, agreement computed and published by the real calibration handler,
 * promotion refused by synth without a calibration record of the candidate, then accepted with the
 * record the calibration function wrote for it. Local S3, DynamoDB, SQS, Bedrock and CloudWatch.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BUCKET, Harness, MODEL_ID } from "../../functions/evaluator/test/integration/harness";
import { inferenceLogLine, s3Event } from "../../functions/evaluator/test/fixtures";
import type { CalibrationEvent, TaskResult } from "../../functions/judge-calibration/tasks";
import { parseGoldenSetOrThrow } from "../../functions/judge-calibration/golden-set";
import { readCalibrationRecords, type CalibrationRecordSource } from "../../modules/evaluation-layer/calibration-gate";
import type { EvaluationLayerProps } from "../../modules/evaluation-layer";
import { toolUseReply } from "../../testing/wire/bedrock-stub";
import { EXAMPLE_GOLDEN_SET, testCalibration } from "../../testing/fixtures/calibration";
import { CloudWatchStub } from "../../testing/wire/cloudwatch-stub";
import { simulatedJudge } from "../../testing/fixtures/golden-judge";
import { createShadowScoresTable, TEST_REGION } from "../../testing/local-aws";
import { buildEvaluationLayer, resourceNamed } from "../../testing/fixtures/evaluation-layer";
import type { SynthesizedJson } from "../../testing/fixtures/synth";

const V1 = "bank-qa-rubric/2025-06-v1";
const V2 = "bank-qa-rubric/2026-07-v2";
const CURRENT = `${MODEL_ID}|${V1}`;
const CANDIDATE = `${MODEL_ID}|${V2}`;
const harness = new Harness();
const cloudwatch = new CloudWatchStub();

/** Current and candidate verdicts per record: (factuality, completeness, tone) of v1, then of v2. */
const VERDICTS: Record<string, { requestType: string; current: [number, number, number]; candidate: [number, number, number] }> = {
  "answer one": { requestType: "balance_inquiry", current: [5, 5, 5], candidate: [5, 5, 5] },
  "answer two": { requestType: "balance_inquiry", current: [4, 4, 5], candidate: [3, 4, 5] },
  "answer three": { requestType: "investment_strategy", current: [3, 3, 4], candidate: [3, 3, 4] },
  "answer four": { requestType: "investment_strategy", current: [2, 2, 3], candidate: [2, 3, 3] },
};

/** The layer over a capture bucket only, judging the two request types the verdicts name. */
const synthLayer = (overrides: Partial<EvaluationLayerProps>) =>
  buildEvaluationLayer({ requestTypes: ["general"], defaultQualityThreshold: 0.75, ...overrides }, false);

const envOf = (json: SynthesizedJson, fragment: string): Record<string, string> =>
  resourceNamed(json, "aws_lambda_function", fragment)[1].environment.variables;

async function calibrationHandler(env: Record<string, string>): Promise<(event: CalibrationEvent) => Promise<TaskResult>> {
  Object.assign(process.env, {
    ...env,
    CALIBRATION_BUCKET: BUCKET,
    GOLDEN_SET_KEY: "golden/example-set.jsonl",
    BOOTSTRAP_RESAMPLES: "300",
    POWERTOOLS_LOG_LEVEL: "ERROR",
  });
  vi.resetModules();
  return (await import("../../functions/judge-calibration/handler")).handler;
}

beforeAll(async () => {
  await harness.start();
  await cloudwatch.start();
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.url;
  await harness.reset();
});
afterAll(async () => {
  await cloudwatch.stop();
  await harness.stop();
});

describe("a judge change, from shadow to promotion", () => {
  const candidateJudge = { judgeModelId: MODEL_ID, rubricVersion: V2, shadowShare: 1 };
  const shadowTable = "shadow-scores";
  let configured: SynthesizedJson;
  let candidateRecord: CalibrationRecordSource;

  it("1. a candidate is configured: synth sends the evaluator and the calibration function its pair and a shadow table", () => {
    const { json, layer } = synthLayer({ candidateJudge });
    configured = json;
    expect(envOf(json, "evaluator_function")).toMatchObject({
      JUDGE_RUBRIC_VERSION: V1,
      CANDIDATE_JUDGE_PAIR: CANDIDATE,
      SHADOW_SHARE: "1",
      CALIBRATED_JUDGE_PAIRS: JSON.stringify([CURRENT]),
    });
    expect(envOf(json, "judge-calibration_function")).toMatchObject({ CANDIDATE_JUDGE_PAIR: CANDIDATE });
    expect(layer.shadowScoresTable).toBeDefined();
    expect(layer.judgePair).toBe(CURRENT);
  });

  it("2. the evaluator stores the candidate's verdicts apart, beside the current judge's, for the same records", async () => {
    // Arrange: the environment synth wrote, with the local table names.
    await createShadowScoresTable(harness.dynamo.url, shadowTable);
    const env = envOf(configured, "evaluator_function");
    const handler = await harness.loadHandler({
      SAMPLE_RATE: "1",
      PII_LANGUAGES: "pt",
      JUDGE_RUBRIC_VERSION: env.JUDGE_RUBRIC_VERSION!,
      CALIBRATED_JUDGE_PAIRS: env.CALIBRATED_JUDGE_PAIRS!,
      CANDIDATE_JUDGE_PAIR: env.CANDIDATE_JUDGE_PAIR!,
      SHADOW_SHARE: env.SHADOW_SHARE!,
      SHADOW_SCORES_TABLE_NAME: shadowTable,
    });
    harness.bedrock.reply = (call) => {
      const text = JSON.stringify(call.body.messages[0]);
      const [answer, entry] = Object.entries(VERDICTS).find(([a]) => text.includes(a))!;
      const [factuality, completeness, toneCompliance] = call.body.system![0]!.text.includes("Length is never a merit") ? entry.candidate : entry.current;
      return toolUseReply({ rationale: answer, factuality, completeness, toneCompliance, undueRefusal: false });
    };
    const key = "inference-logs/2025/06/01/12/shadow.jsonl";
    await harness.putObject(
      key,
      Object.entries(VERDICTS)
        .map(([response, v], i) => inferenceLogLine({ requestId: `req-${i + 1}`, requestType: v.requestType, response }))
        .join("\n"),
    );

    // Act
    await handler(s3Event(BUCKET, [key]));

    // Assert
    expect(harness.objectLogs()[0]).toMatchObject({ records: 4, scored: 4, shadowScored: 4 });
    expect((await harness.scores()).map((s) => s.rubricVersion)).toEqual([V1, V1, V1, V1]);
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: TEST_REGION }));
    const shadow = (await client.send(new ScanCommand({ TableName: shadowTable }))).Items ?? [];
    client.destroy();
    expect(shadow.map((s) => s.candidateJudgePair)).toEqual([CANDIDATE, CANDIDATE, CANDIDATE, CANDIDATE]);
  });

  it("3. the calibration function computes the agreement and publishes kappa per dimension and the mean difference per request type", async () => {
    // Arrange
    cloudwatch.requests.length = 0;
    const handler = await calibrationHandler({
      ...envOf(configured, "judge-calibration_function"),
      SHADOW_SCORES_TABLE_NAME: shadowTable,
      PII_LANGUAGES: "pt",
    });

    // Act
    const result = await handler({ task: "shadow-agreement" });

    // Assert
    if (result.task !== "shadow-agreement") throw new Error("unexpected task");
    expect(result.agreements.map((a) => [a.currentJudgePair, a.candidateJudgePair, a.comparisons])).toEqual([[CURRENT, CANDIDATE, 4]]);
    const data = cloudwatch.calls.flatMap((c) => c.MetricData);
    const kappa = (dimension: string) => data.find((d) => d.MetricName === "ShadowKappa" && d.Dimensions!.some((x) => x.Value === dimension))?.Value;
    // Factuality, candidate [5,3,3,2] vs current [5,4,3,2]: observed 1/64, expected 40/256 -> 1 - 0.1 = 0.9.
    expect(kappa("factuality")).toBeCloseTo(0.9, 10);
    // Completeness, [5,4,3,3] vs [5,4,3,2]: observed 1/64, expected 32/256 -> 0.875.
    expect(kappa("completeness")).toBeCloseTo(0.875, 10);
    expect(kappa("toneCompliance")).toBe(1);
    // Nobody refused: the label's kappa is undefined and not published.
    expect(kappa("undueRefusal")).toBeUndefined();
    const difference = (requestType: string) =>
      data.find((d) => d.MetricName === "ShadowMeanDifference" && d.Dimensions!.some((x) => x.Value === requestType))!.Value!;
    // balance_inquiry: (0 + (0.75 - 0.8333)) / 2; investment_strategy: (0 + (0.4167 - 0.3333)) / 2
    expect(difference("balance_inquiry")).toBeCloseTo(-0.04165, 6);
    expect(difference("investment_strategy")).toBeCloseTo(0.0417, 6);
    expect(data.find((d) => d.MetricName === "ShadowComparisons")).toMatchObject({
      Value: 4,
      Dimensions: [
        { Name: "JudgePair", Value: CURRENT },
        { Name: "CandidateJudgePair", Value: CANDIDATE },
      ],
    });
  });

  it("4. promoting the candidate without a calibration record of its pair fails synth", () => {
    expect(() => synthLayer({ judgeRubricVersion: V2 })).toThrow(`judge pair "${CANDIDATE}" has no passing calibration record, so it may not score production`);
  });

  it("5. the calibration function calibrates the candidate; with its record, promotion synthesizes and the evaluator is told to score with the new pair", async () => {
    // Arrange: the candidate calibrated on the example golden set (a stub judge that agrees with the raters).
    await harness.putObject("golden/example-set.jsonl", fs.readFileSync(EXAMPLE_GOLDEN_SET));
    const reply = await simulatedJudge(parseGoldenSetOrThrow(fs.readFileSync(EXAMPLE_GOLDEN_SET, "utf8"), "example"), "honest", ["pt"]);
    harness.bedrock.reply = (call) => reply(call);
    const handler = await calibrationHandler({ ...envOf(configured, "judge-calibration_function"), PII_LANGUAGES: "pt" });
    const result = await handler({ task: "calibrate", pair: "candidate" });
    if (result.task !== "calibrate") throw new Error("unexpected task");
    expect(result).toMatchObject({ judgePair: CANDIDATE, passed: true });
    // The record, as an operator would commit it from the bucket to calibration/records/.
    const s3 = new S3Client({ region: TEST_REGION, forcePathStyle: true });
    const body = await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.recordKey }))).Body!.transformToString();
    s3.destroy();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "records-"));
    fs.writeFileSync(path.join(dir, "candidate.json"), body);
    [candidateRecord] = readCalibrationRecords(dir);

    // Act: the promotion is a config change (the candidate's rubric becomes the judge's).
    const { json, layer } = synthLayer({ judgeRubricVersion: V2, calibration: testCalibration({ records: [...testCalibration().records, candidateRecord!] }) });

    // Assert
    expect(layer.judgePair).toBe(CANDIDATE);
    expect(layer.calibrationRecord.judgePair).toBe(CANDIDATE);
    expect(envOf(json, "evaluator_function")).toMatchObject({ JUDGE_RUBRIC_VERSION: V2, CALIBRATED_JUDGE_PAIRS: JSON.stringify([CANDIDATE]) });
    expect(envOf(json, "evaluator_function").CANDIDATE_JUDGE_PAIR).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
