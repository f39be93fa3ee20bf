/**
 * The PII canary along the real path, with the real SDK over HTTP against local servers: the plant
 * job writes a canary record to the inference-log bucket (s3rver), its notification runs the real
 * evaluator handler (masking, last check, Bedrock stub, DynamoDB scores), and the check job compares
 * the payload the evaluator kept with the planted values and publishes to a CloudWatch stub.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { canaryKey, type CanaryPayload } from "../../../contracts/pii-canary";
import { CloudWatchStub } from "../../../testing/wire/cloudwatch-stub";
import { TEST_REGION } from "../../../testing/local-aws";
import { s3Event } from "../../evaluator/test/fixtures";
import { BUCKET, Harness } from "../../evaluator/test/integration/harness";
import { CloudWatchCanaryMetrics } from "../adapters/cloudwatch-metrics";
import { S3CanaryStore } from "../adapters/s3-canary-store";
import { canaryRecord } from "../canary-record";
import { check } from "../check";
import { plant } from "../plant";
import type { PlantedRun } from "../ports";

const harness = new Harness();
const cloudwatch = new CloudWatchStub();
const CANARY_BUCKET = "pii-canary";
let s3: S3Client;
let store: S3CanaryStore;

beforeAll(async () => {
  await harness.start();
  await cloudwatch.start();
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.url;
  s3 = new S3Client({ region: TEST_REGION, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: CANARY_BUCKET }));
  store = new S3CanaryStore(s3, { canaryBucket: CANARY_BUCKET, logBucket: BUCKET });
});
afterAll(async () => {
  s3.destroy();
  await cloudwatch.stop();
  await harness.stop();
});
beforeEach(async () => {
  await harness.reset();
  cloudwatch.requests.length = 0;
});

const PLANT = { endpointName: "llm-prod", modelName: "llama-3-8b-instruct", logPrefix: "inference-logs/" };

async function readJson<T>(key: string): Promise<T> {
  const output = await s3.send(new GetObjectCommand({ Bucket: CANARY_BUCKET, Key: key }));
  return JSON.parse(await output.Body!.transformToString("utf8")) as T;
}

async function recordKey(runId: string): Promise<string> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "inference-logs/pii-canary/" }));
  const key = listed.Contents?.map((object) => object.Key!).find((k) => k.includes(runId));
  if (!key) throw new Error(`no canary record for ${runId}`);
  return key;
}

describe("PII canary end to end (sa-east-1)", () => {
  it("travels S3, notification, evaluator, masking, judge and score, and the checker finds no leak", async () => {
    // Arrange: a run planted 20 minutes ago (past the 15-minute grace).
    const now = new Date();
    const runId = await plant(store, PLANT, new Date(now.getTime() - 20 * 60_000));
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt", PII_CANARY_BUCKET: CANARY_BUCKET, AWS_LAMBDA_FUNCTION_NAME: "llmobs-evaluator" });

    // Act: the notification of the record's object reaches the evaluator; then the check job runs.
    const response = await handler(s3Event(BUCKET, [await recordKey(runId)]));
    const report = await check(store, { graceMinutes: 15 }, now);
    await new CloudWatchCanaryMetrics(new CloudWatchClient({ region: TEST_REGION }), "llmobs-evaluator").publish(report, now);

    // Assert: judged once, the payload kept is exactly the message the judge received, nothing planted in it.
    expect(response.batchItemFailures).toEqual([]);
    const payload = await readJson<CanaryPayload>(canaryKey("payloads", runId));
    expect(harness.bedrock.calls).toHaveLength(1);
    expect(harness.bedrock.calls[0]!.body.messages[0]!.content[0]).toEqual({ text: payload.judgeMessage });
    const planted = await readJson<PlantedRun>(canaryKey("planted", runId));
    for (const value of [planted.values.givenName, planted.values.surnames, planted.values.cpf, planted.values.cep, planted.values.account]) {
      expect(harness.bedrock.receivedText()).not.toContain(value);
    }
    expect(payload.judgeMessage).toContain("meu nome é [NAME] e meu CPF é [CPF]");
    expect(report).toMatchObject({ leaks: 0, missing: 0, evaluated: 1 });
    const scores = await harness.scores();
    expect(scores).toHaveLength(1);
    // The use case is not one the gateway accepts, so the evaluator scores it under "unknown"; the canary field excludes it anyway.
    expect(scores[0]).toMatchObject({ eventId: `pii-canary-${runId}`, stratum: "canary", canary: true });
    const datums = cloudwatch.calls.flatMap((call) => call.MetricData.map((d) => [call.Namespace, d.MetricName, d.Value, d.Dimensions?.[0]?.Value]));
    expect(datums).toEqual([
      ["LLMInference/Privacy", "PiiCanaryLeaks", 0, "llmobs-evaluator"],
      ["LLMInference/Privacy", "PiiCanaryMissing", 0, "llmobs-evaluator"],
      ["LLMInference/Privacy", "PiiCanaryEvaluated", 1, "llmobs-evaluator"],
    ]);
    // A run is checked once.
    expect(await check(store, { graceMinutes: 15 }, now)).toMatchObject({ leaks: 0, missing: 0, evaluated: 0 });
  });

  it("reports a run the path never evaluated as missing, and a payload holding planted values as leaks", async () => {
    // Arrange: two runs; the evaluator never sees the first; the second's payload is the unmasked record.
    const now = new Date();
    const lost = await plant(store, PLANT, new Date(now.getTime() - 40 * 60_000));
    const leaked = await plant(store, PLANT, new Date(now.getTime() - 30 * 60_000));
    const values = (await readJson<PlantedRun>(canaryKey("planted", leaked))).values;
    const unmasked = canaryRecord(values, { runId: leaked, now, endpointName: "e", modelName: "m" });
    const payload: CanaryPayload = {
      runId: leaked,
      eventId: unmasked.requestId,
      sentAt: now.toISOString(),
      judgeMessage: `${unmasked.prompt}\n${unmasked.response}`,
    };
    await s3.send(new PutObjectCommand({ Bucket: CANARY_BUCKET, Key: canaryKey("payloads", leaked), Body: JSON.stringify(payload) }));

    // Act
    const report = await check(store, { graceMinutes: 15 }, now);

    // Assert: kinds only, never values.
    expect(report.runs).toEqual([
      { runId: lost, outcome: "missing", leakedKinds: [] },
      { runId: leaked, outcome: "evaluated", leakedKinds: ["NAME", "STREET", "CEP", "CPF", "ACCOUNT"] },
    ]);
    expect(report).toMatchObject({ leaks: 5, missing: 1, evaluated: 1 });
  });
});
