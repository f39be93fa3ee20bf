/**
 * `npm run dlq:replay` against local servers: the real AWS SDK over HTTP to a stateful SQS stub,
 * dynalite (the scores table), a DynamoDB Streams stub and the CloudWatch stub.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { objectsFromNotification } from "../functions/evaluator/s3-event";
import { resolveEnvironment } from "../config/resolved";
import retailProd from "../environments/retail-banking/prod";
import { replayDeadLetters, replayTarget, type ReplayClients, type ReplayTarget } from "../scripts/dlq-replay";
import { CloudWatchStub } from "../testing/wire/cloudwatch-stub";
import { DynamoDbStreamsStub } from "../testing/wire/dynamodb-streams-stub";
import { createScoresTable, startDynalite, TEST_REGION, useDummyAwsEnv, type LocalServer } from "../testing/local-aws";
import { scoreStreamImage } from "../testing/fixtures/score-image";
import { SqsQueuesStub } from "../testing/wire/sqs-queues-stub";
import { startFirehoseStub, type FirehoseStub } from "../testing/wire/firehose-stub";

const ROOT = join(__dirname, "..");
const sqs = new SqsQueuesStub();
const streams = new DynamoDbStreamsStub();
const cloudwatch = new CloudWatchStub();
let dynamo: LocalServer;
let firehose: FirehoseStub;
let target: ReplayTarget;
let clients: ReplayClients;
let tableCounter = 0;

const image = (eventId: string): Record<string, unknown> => scoreStreamImage(eventId);

function failureRecord(start: string, end: string): string {
  // What Lambda sends an on-failure destination for a DynamoDB stream batch.
  return JSON.stringify({
    requestContext: {
      requestId: "r",
      functionArn: "arn:aws:lambda:sa-east-1:123456789012:function:publisher",
      condition: "RetryAttemptsExhausted",
      approximateInvokeCount: 11,
    },
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "" },
    version: "1.0",
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId: "shardId-00000001",
      startSequenceNumber: start,
      endSequenceNumber: end,
      approximateArrivalOfFirstRecord: new Date().toISOString(),
      approximateArrivalOfLastRecord: new Date().toISOString(),
      batchSize: 3,
      streamArn: "arn:aws:dynamodb:sa-east-1:123456789012:table/scores/stream/2026-01-01T00:00:00.000",
    },
  });
}

beforeAll(async () => {
  useDummyAwsEnv();
  await Promise.all([sqs.start(), streams.start(), cloudwatch.start()]);
  dynamo = await startDynalite();
  firehose = await startFirehoseStub();
  process.env.AWS_ENDPOINT_URL_FIREHOSE = firehose.url;
  process.env.AWS_ENDPOINT_URL_SQS = sqs.url;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
  process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS = streams.url;
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.url;
  clients = {
    sqs: new SQSClient({ region: TEST_REGION }),
    streams: new DynamoDBStreamsClient({ region: TEST_REGION }),
    dynamodb: new DynamoDBClient({ region: TEST_REGION }),
    cloudwatch: new CloudWatchClient({ region: TEST_REGION }),
    firehose: new FirehoseClient({ region: TEST_REGION }),
  };
});

afterAll(async () => {
  await Promise.all([sqs.stop(), streams.stop(), cloudwatch.stop(), dynamo.stop(), firehose.close()]);
});

beforeEach(async () => {
  // The CLI finds the environment by its stack name (last test); here it is imported directly.
  const base = replayTarget(resolveEnvironment(retailProd, "environments/retail-banking/prod.ts"));
  tableCounter += 1;
  target = { ...base, scoresTableName: `${base.scoresTableName}-${tableCounter}` };
  await createScoresTable(dynamo.url, target.scoresTableName);
  sqs.createQueues(...Object.values(target.queues), target.inferenceLogs.fallbackQueue);
  streams.records = [];
  streams.trimmed = false;
  cloudwatch.requests.length = 0;
});

describe("npm run dlq:replay against local servers", () => {
  it("notifications-dlq: moves every notification back to the notification queue", async () => {
    const notification = '{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"datacapture/a.jsonl"}}}]}';
    sqs.put(target.queues.notificationsDlq, notification);
    sqs.put(target.queues.notificationsDlq, notification.replace("a.jsonl", "b.jsonl"));

    const summary = await replayDeadLetters("notifications-dlq", target, clients);

    expect(summary).toMatchObject({ messages: 2, redriven: 2, kept: [] });
    expect(sqs.bodies(target.queues.notificationsDlq)).toEqual([]);
    expect(sqs.bodies(target.queues.notifications)).toEqual([notification, notification.replace("a.jsonl", "b.jsonl")]);
  });

  it("failed-records: sends one notification per object the evaluator reads again, and deletes the pointers", async () => {
    const pointer = (key: string, lineNumber: number, reason: string, versionId?: string) =>
      JSON.stringify({ bucket: "inference-logs", key, ...(versionId ? { versionId } : {}), lineNumber, reason, errorMessage: "x" });
    sqs.put(target.queues.failedRecords, pointer("inference-logs/2026/01/01/00/logs 1", 3, "judge_failed", "v1"));
    sqs.put(target.queues.failedRecords, pointer("inference-logs/2026/01/01/00/logs 1", 9, "store_failed", "v1"));
    sqs.put(target.queues.failedRecords, pointer("datacapture/ep/AllTraffic/2026/01/01/00/c.jsonl", 1, "masking_failed"));

    const summary = await replayDeadLetters("failed-records", target, clients);

    expect(summary).toMatchObject({
      messages: 3,
      redriven: 3,
      kept: [],
      details: { objects: 2, reasons: { judge_failed: 1, store_failed: 1, masking_failed: 1 } },
    });
    expect(sqs.bodies(target.queues.failedRecords)).toEqual([]);
    // The evaluator's own decoder reads the notifications back to the objects, space and version included.
    expect(sqs.bodies(target.queues.notifications).flatMap(objectsFromNotification)).toEqual([
      { bucket: "inference-logs", key: "inference-logs/2026/01/01/00/logs 1", versionId: "v1" },
      { bucket: "inference-logs", key: "datacapture/ep/AllTraffic/2026/01/01/00/c.jsonl" },
    ]);
  });

  it("publisher-dlq: re-reads the batch from the stream, publishes what was not published yet, marks it, and never publishes twice", async () => {
    const table = new DynamoDBClient({ region: TEST_REGION });
    for (const id of ["e1", "e2", "e3"]) await table.send(new PutItemCommand({ TableName: target.scoresTableName, Item: image(id) as never }));
    // e2 was published before the batch failed: the publisher marked it.
    await table.send(
      new PutItemCommand({ TableName: target.scoresTableName, Item: { ...image("e2"), publishedAt: { S: new Date().toISOString() } } as never }),
    );
    streams.records = [
      { eventName: "INSERT", sequenceNumber: "100", newImage: image("e0") },
      { eventName: "INSERT", sequenceNumber: "101", newImage: image("e1") },
      { eventName: "INSERT", sequenceNumber: "102", newImage: image("e2") },
      { eventName: "MODIFY", sequenceNumber: "103", newImage: image("e2") },
      { eventName: "INSERT", sequenceNumber: "104", newImage: image("e3") },
      { eventName: "INSERT", sequenceNumber: "105", newImage: image("e4") },
    ];
    sqs.put(target.queues.publisherDlq, failureRecord("101", "104"));

    const first = await replayDeadLetters("publisher-dlq", target, clients);

    expect(first).toMatchObject({ messages: 1, redriven: 1, kept: [], details: { published: 2, alreadyPublished: 1, notInserts: 1 } });
    const data = cloudwatch.calls.flatMap((c) => c.MetricData);
    // e1 and e3 only: 19 datums each (random stratum), in the quality namespace.
    expect(cloudwatch.calls.every((c) => c.Namespace === "LLMInference/Quality")).toBe(true);
    expect(data).toHaveLength(38);
    for (const id of ["e1", "e3"]) {
      const { Item } = await table.send(new GetItemCommand({ TableName: target.scoresTableName, Key: { eventId: { S: id } } }));
      expect(Item?.publishedAt?.S, id).toBeDefined();
    }
    expect(sqs.bodies(target.queues.publisherDlq)).toEqual([]);

    // The same range dead-lettered again (a second failure report): nothing is published twice.
    sqs.put(target.queues.publisherDlq, failureRecord("101", "104"));
    const second = await replayDeadLetters("publisher-dlq", target, clients);
    expect(second.details).toMatchObject({ published: 0, alreadyPublished: 3 });
    expect(cloudwatch.calls.flatMap((c) => c.MetricData)).toHaveLength(38);
    table.destroy();
  });

  it("publisher-dlq: keeps a message whose stream records are gone, and says why", async () => {
    streams.trimmed = true;
    sqs.put(target.queues.publisherDlq, failureRecord("1", "2"));

    const summary = await replayDeadLetters("publisher-dlq", target, clients);

    expect(summary.redriven).toBe(0);
    expect(summary.kept).toEqual([{ messageId: expect.any(String), reason: expect.stringContaining("the stream no longer holds 1-2 (kept 24 h)") }]);
    sqs.expireVisibility();
    expect(sqs.bodies(target.queues.publisherDlq)).toHaveLength(1);
    expect(cloudwatch.calls).toEqual([]);
  });

  it("inference-log-fallback: puts each line the gateway could not deliver back into the delivery stream, keeping one Firehose refuses", async () => {
    // Arrange: two lines as the gateway's fallback wrote them (log-fallback.ts).
    const lines = [
      '{"recordType":"llm-inference-log","requestId":"r-1","status":"rejected"}\n',
      '{"recordType":"llm-inference-log","requestId":"r-2","status":"ok"}\n',
    ];
    for (const line of lines) sqs.put(target.inferenceLogs.fallbackQueue, line);
    const before = firehose.records.length;

    // Act
    const first = await replayDeadLetters("inference-log-fallback", target, clients);
    const put = firehose.records.slice(before).map((record) => [record.streamName, record.data]);
    // Every attempt the SDK makes (3 by default) fails.
    firehose.failNext(3);
    sqs.put(target.inferenceLogs.fallbackQueue, lines[0]!);
    const second = await replayDeadLetters("inference-log-fallback", target, clients);

    // Assert
    expect(target.inferenceLogs).toEqual({
      fallbackQueue: "llmobs-retail-banking-prod-inference-log-fallback",
      deliveryStream: "llmobs-retail-banking-prod-inference-logs",
    });
    expect(first).toMatchObject({ messages: 2, redriven: 2, kept: [] });
    expect(put).toEqual(lines.map((line) => [target.inferenceLogs.deliveryStream, line]));
    expect(second).toMatchObject({ messages: 1, redriven: 0, kept: [{ reason: "Firehose refused it again: ServiceUnavailableException" }] });
    sqs.expireVisibility();
    expect(sqs.bodies(target.inferenceLogs.fallbackQueue)).toEqual([lines[0]]);
  });

  it("a dry run reads and reports, and changes nothing", async () => {
    sqs.put(target.queues.notificationsDlq, "{}");
    const summary = await replayDeadLetters("notifications-dlq", target, clients, { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, messages: 1, redriven: 1 });
    sqs.expireVisibility();
    expect(sqs.bodies(target.queues.notificationsDlq)).toEqual(["{}"]);
    expect(sqs.bodies(target.queues.notifications)).toEqual([]);
  });

  it("runs as npm run dlq:replay -- <stack> <queue>, finding the queues by the stack's names", { timeout: 60_000 }, async () => {
    sqs.put(target.queues.notificationsDlq, '{"Records":[]}');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts", "dlq-replay.ts"), "retail-banking-prod", "notifications-dlq"],
      {
        cwd: ROOT,
        env: { ...process.env },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ stack: "retail-banking-prod", queue: "notifications-dlq", messages: 1, redriven: 1 });
    expect(sqs.bodies(target.queues.notifications)).toEqual(['{"Records":[]}']);
    await expect(
      promisify(execFile)(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "dlq-replay.ts"), "nowhere-prod", "failed-records"], { cwd: ROOT }),
    ).rejects.toThrow(/no stack "nowhere-prod"; the AWS stacks are .*retail-banking-prod/);
  });
});
