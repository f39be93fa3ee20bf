/**
 * The evaluator's half of judge governance, against local DynamoDB, S3, SQS and a Bedrock stub:
 * it never scores with a judge pair that is not calibrated or whose rubric it does not hold, and a
 * shadow candidate's verdicts land in their own table, never in the scores.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { toolUseReply } from "../../../../testing/wire/bedrock-stub";
import { createShadowScoresTable, TEST_REGION } from "../../../../testing/local-aws";
import { inferenceLogLine, s3Event } from "../fixtures";
import { BUCKET, MODEL_ID, startedHarness } from "./harness";

const harness = startedHarness();
const CURRENT = `${MODEL_ID}|bank-qa-rubric/2025-06-v1`;
const CANDIDATE = `${MODEL_ID}|bank-qa-rubric/2026-07-v2`;
const KEY = "inference-logs/2025/06/01/12/logs-1.jsonl";

async function scan(table: string): Promise<Record<string, unknown>[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: TEST_REGION }));
  const output = await client.send(new ScanCommand({ TableName: table }));
  client.destroy();
  return (output.Items ?? []) as Record<string, unknown>[];
}

const twoRecords = () =>
  [inferenceLogLine({ requestId: "req-1", requestType: "balance_inquiry" }), inferenceLogLine({ requestId: "req-2", requestType: "investment_strategy" })].join(
    "\n",
  );

describe("judge pair at run time", () => {
  it("dead-letters every sampled record as judge_pair_uncalibrated when its pair has no calibration record, judging nothing", async () => {
    // Arrange: the function's environment was edited to a pair synth never verified.
    const handler = await harness.loadHandler({
      SAMPLE_RATE: "1",
      CALIBRATED_JUDGE_PAIRS: JSON.stringify([`anthropic.claude-3-5-haiku-20241022-v1:0|bank-qa-rubric/2025-06-v1`]),
    });
    await harness.putObject(KEY, twoRecords());

    // Act
    const response = await handler(s3Event(BUCKET, [KEY]));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(harness.objectLogs()[0]).toMatchObject({ records: 2, scored: 0, deadLettered: 2 });
    expect(harness.sqs.messages.map((m) => [m.eventId, m.reason])).toEqual([
      ["req-1", "judge_pair_uncalibrated"],
      ["req-2", "judge_pair_uncalibrated"],
    ]);
    expect(String(harness.sqs.messages[0]!.errorMessage)).toContain(`judge pair "${CURRENT}" has no passing calibration record`);
    expect(harness.bedrock.calls).toEqual([]);
    expect(await harness.scores()).toEqual([]);
  });

  it("dead-letters the records of a rubric version the evaluator does not hold, even when listed as calibrated", async () => {
    // Arrange
    const unknown = `${MODEL_ID}|bank-qa-rubric/2099-01-v9`;
    const handler = await harness.loadHandler({
      SAMPLE_RATE: "1",
      JUDGE_RUBRIC_VERSION: "bank-qa-rubric/2099-01-v9",
      CALIBRATED_JUDGE_PAIRS: JSON.stringify([unknown]),
    });
    await harness.putObject(KEY, twoRecords());

    // Act
    await handler(s3Event(BUCKET, [KEY]));

    // Assert
    expect(harness.sqs.messages.map((m) => m.reason)).toEqual(["judge_pair_uncalibrated", "judge_pair_uncalibrated"]);
    expect(String(harness.sqs.messages[0]!.errorMessage)).toContain('rubric version "bank-qa-rubric/2099-01-v9" is not held by this evaluator');
    expect(harness.bedrock.calls).toEqual([]);
  });

  it("scores with the calibrated pair and stores the model id and rubric version with every score", async () => {
    const handler = await harness.loadHandler({ SAMPLE_RATE: "1" });
    await harness.putObject(KEY, twoRecords());
    await handler(s3Event(BUCKET, [KEY]));
    const scores = await harness.scores();
    expect(scores.map((s) => `${s.judgeModelId}|${s.rubricVersion}`)).toEqual([CURRENT, CURRENT]);
  });
});

describe("shadow judging", () => {
  it("stores the candidate's verdicts beside the current judge's in the shadow table, never in the scores", async () => {
    // Arrange: the candidate (rubric v2) gives factuality 3 where the current judge (v1) gives 5.
    const shadowTable = `shadow-${harness.tableName}`;
    await createShadowScoresTable(harness.dynamo.url, shadowTable);
    harness.bedrock.reply = (call) => {
      const v2 = call.body.system?.[0]?.text.includes("Length is never a merit") ?? false;
      return toolUseReply({ rationale: "r", factuality: v2 ? 3 : 5, completeness: 4, toneCompliance: 5, undueRefusal: false });
    };
    const handler = await harness.loadHandler({ SAMPLE_RATE: "1", CANDIDATE_JUDGE_PAIR: CANDIDATE, SHADOW_SHARE: "1", SHADOW_SCORES_TABLE_NAME: shadowTable });
    await harness.putObject(KEY, twoRecords());

    // Act
    await handler(s3Event(BUCKET, [KEY]));

    // Assert
    expect(harness.objectLogs()[0]).toMatchObject({ records: 2, scored: 2, deadLettered: 0, shadowScored: 2, shadowFailed: 0 });
    const scores = await harness.scores();
    expect(scores.map((s) => [s.rubricVersion, s.factuality])).toEqual([
      ["bank-qa-rubric/2025-06-v1", 5],
      ["bank-qa-rubric/2025-06-v1", 5],
    ]);
    const shadow = (await scan(shadowTable)).sort((a, b) => String(a.eventId).localeCompare(String(b.eventId)));
    expect(shadow.map((s) => [s.candidateJudgePair, s.eventId, s.currentJudgePair, s.requestType])).toEqual([
      [CANDIDATE, "req-1", CURRENT, "balance_inquiry"],
      [CANDIDATE, "req-2", CURRENT, "investment_strategy"],
    ]);
    // ((5-1)+(4-1)+(5-1))/12 = 0.9167 for the current judge, ((3-1)+(4-1)+(5-1))/12 = 0.75 for the candidate
    expect(shadow[0]).toMatchObject({ current: { factuality: 5, qualityScore: 0.9167 }, candidate: { factuality: 3, qualityScore: 0.75 }, stratum: "random" });
    // Both judges saw the same masked input: two calls per record.
    expect(harness.bedrock.calls).toHaveLength(4);
  });

  it("keeps the record's own score when the candidate fails", async () => {
    const shadowTable = `shadow-fail-${harness.tableName}`;
    await createShadowScoresTable(harness.dynamo.url, shadowTable);
    harness.bedrock.reply = (call) =>
      call.body.system?.[0]?.text.includes("Length is never a merit")
        ? { status: 400, body: JSON.stringify({ message: "bad" }), headers: { "x-amzn-errortype": "ValidationException" } }
        : toolUseReply({ rationale: "r", factuality: 5, completeness: 4, toneCompliance: 5, undueRefusal: false });
    const handler = await harness.loadHandler({ SAMPLE_RATE: "1", CANDIDATE_JUDGE_PAIR: CANDIDATE, SHADOW_SCORES_TABLE_NAME: shadowTable });
    await harness.putObject(KEY, twoRecords());
    await handler(s3Event(BUCKET, [KEY]));
    expect(harness.objectLogs()[0]).toMatchObject({ scored: 2, deadLettered: 0, shadowScored: 0, shadowFailed: 2 });
    expect(await scan(shadowTable)).toEqual([]);
    expect(harness.sqs.messages).toEqual([]);
  });
});
