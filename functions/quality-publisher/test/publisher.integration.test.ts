import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CloudWatchStub, type RecordedDatum } from "../../../testing/wire/cloudwatch-stub";
import { awsJsonError } from "../../../testing/wire/http-stub";
import { useDummyAwsEnv } from "../../../testing/local-aws";

const cloudwatch = new CloudWatchStub();
const HOUR = 3600 * 1000;
/** Whole seconds, an hour ago: the inference time the metrics must carry. */
const inferenceTime = new Date(Math.floor((Date.now() - HOUR) / 1000) * 1000).toISOString();

interface ItemOptions {
  eventId: string;
  requestType?: string;
  qualityScore?: number;
  inferenceTime?: string;
  undueRefusal?: boolean;
  judgeModelId?: string;
  rubricVersion?: string;
  stratum?: string;
}

function streamRecord(options: ItemOptions, sequenceNumber: string, eventName: "INSERT" | "MODIFY" | "REMOVE" = "INSERT"): DynamoDBRecord {
  return {
    eventID: `ev-${sequenceNumber}`,
    eventName,
    eventSource: "aws:dynamodb",
    awsRegion: "sa-east-1",
    dynamodb: {
      Keys: { eventId: { S: options.eventId } },
      SequenceNumber: sequenceNumber,
      StreamViewType: "NEW_IMAGE",
      NewImage: {
        eventId: { S: options.eventId },
        inferenceTime: { S: options.inferenceTime ?? inferenceTime },
        modelName: { S: "llama-3-8b-instruct" },
        requestType: { S: options.requestType ?? "balance" },
        judgeModelId: { S: options.judgeModelId ?? "anthropic.claude-3-haiku-20240307-v1:0" },
        rubricVersion: { S: options.rubricVersion ?? "bank-qa-rubric/2025-06-v1" },
        stratum: { S: options.stratum ?? "random" },
        qualityScore: { N: String(options.qualityScore ?? 0.9167) },
        factuality: { N: "5" },
        completeness: { N: "4" },
        toneCompliance: { N: "5" },
        undueRefusal: { BOOL: options.undueRefusal ?? false },
        judgeCostUsd: { N: "0.0004" },
        maskedEntities: { M: { CPF: { N: "1" } } },
      },
    },
  };
}

function event(records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}

function find(data: RecordedDatum[], name: string, dimensions: string[]): RecordedDatum[] {
  return data.filter((datum) => datum.MetricName === name && JSON.stringify((datum.Dimensions ?? []).map((d) => d.Name)) === JSON.stringify(dimensions));
}

async function loadHandler(): Promise<(event: DynamoDBStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>> {
  vi.resetModules();
  return (await import("../handler")).handler;
}

beforeAll(async () => {
  useDummyAwsEnv();
  await cloudwatch.start();
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.url;
  process.env.QUALITY_THRESHOLDS = JSON.stringify({ default: 0.75, balance: 0.95 });
});
afterAll(async () => cloudwatch.stop());
beforeEach(() => {
  cloudwatch.requests.length = 0;
  cloudwatch.failCall = () => undefined;
});

describe("quality publisher handler against a CloudWatch wire stub", () => {
  it("publishes every quality metric with the catalogue's dimension sets at the inference's own timestamp", async () => {
    // Arrange
    const handler = await loadHandler();

    // Act
    const response = await handler(
      event([streamRecord({ eventId: "a", requestType: "balance" }, "100"), streamRecord({ eventId: "b", requestType: "transfer" }, "101")]),
    );

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(cloudwatch.calls).toHaveLength(1);
    const [call] = cloudwatch.calls;
    expect(call!.Namespace).toBe("LLMInference/Quality");
    // QualityScore, UndueRefusal, QualityGood, QualityTotal x 3 dimension sets (also per stratum), 3 metrics x 2, JudgeCostUSD x 1, per random record
    expect(call!.MetricData).toHaveLength(38);
    for (const datum of call!.MetricData) expect(new Date(Number(datum.Timestamp) * 1000).toISOString()).toBe(inferenceTime);
    expect(find(call!.MetricData, "QualityScore", ["ModelName", "JudgePair"]).map((d) => d.Value)).toEqual([0.9167, 0.9167]);
    expect(find(call!.MetricData, "QualityScore", ["ModelName", "JudgePair", "request_type"]).map((d) => d.Dimensions![2]!.Value)).toEqual([
      "balance",
      "transfer",
    ]);
    expect(find(call!.MetricData, "Factuality", ["ModelName", "JudgePair"])[0]!.Value).toBe(5);
    expect(find(call!.MetricData, "UndueRefusal", ["ModelName", "JudgePair"])[0]).toMatchObject({ Value: 0, Unit: "Count" });
    // 0.9167 is under balance's 0.95 and over the default 0.75
    expect(find(call!.MetricData, "QualityGood", ["ModelName", "JudgePair", "request_type"]).map((d) => d.Value)).toEqual([0, 1]);
    expect(find(call!.MetricData, "QualityTotal", ["ModelName", "JudgePair"]).map((d) => d.Value)).toEqual([1, 1]);
    expect(find(call!.MetricData, "JudgeCostUSD", ["ModelName"]).map((d) => d.Value)).toEqual([0.0004, 0.0004]);
    expect(find(call!.MetricData, "JudgeCostUSD", ["ModelName", "request_type"])).toEqual([]);
    expect(find(call!.MetricData, "QualityTotal", ["ModelName", "JudgePair", "stratum"]).map((d) => d.Dimensions![2]!.Value)).toEqual(["random", "random"]);
  });

  it("publishes a guardrail-flagged score only in its stratum's own series, apart from the random sample the SLOs read", async () => {
    // Arrange
    const handler = await loadHandler();

    // Act
    await handler(event([streamRecord({ eventId: "g", stratum: "guardrail_flagged", qualityScore: 0.1 }, "200"), streamRecord({ eventId: "r" }, "201")]));

    // Assert: 4 metrics in the stratum set and the spend for the flagged score; 19 datums for the random one.
    const data = cloudwatch.calls[0]!.MetricData;
    expect(data).toHaveLength(5 + 19);
    expect(find(data, "QualityScore", ["ModelName", "JudgePair", "stratum"]).map((d) => d.Dimensions![2]!.Value)).toEqual(["guardrail_flagged", "random"]);
    expect(find(data, "QualityTotal", ["ModelName", "JudgePair"])).toHaveLength(1);
    expect(find(data, "QualityTotal", ["ModelName", "JudgePair", "request_type"])).toHaveLength(1);
    expect(find(data, "QualityGood", ["ModelName", "JudgePair", "stratum"])).toMatchObject([{ Value: 0 }, { Value: 0 }]);
    expect(find(data, "Factuality", ["ModelName", "JudgePair", "stratum"])).toEqual([]);
    expect(find(data, "JudgeCostUSD", ["ModelName"])).toHaveLength(2);
  });

  it("publishes nothing for a score item without a known stratum (skipped and logged, like any invalid item)", async () => {
    const handler = await loadHandler();
    const response = await handler(event([streamRecord({ eventId: "s", stratum: "everything" }, "300")]));
    expect(response.batchItemFailures).toEqual([]);
    expect(cloudwatch.calls).toHaveLength(0);
  });

  it("never mixes judge pairs in one quality series: a new model id or rubric version starts series of its own", async () => {
    // Arrange
    const handler = await loadHandler();
    const records = [
      streamRecord({ eventId: "v1", requestType: "balance" }, "200"),
      streamRecord({ eventId: "v2", requestType: "balance", rubricVersion: "bank-qa-rubric/2026-07-v2" }, "201"),
      streamRecord({ eventId: "m2", requestType: "balance", judgeModelId: "anthropic.claude-3-5-haiku-20241022-v1:0" }, "202"),
    ];

    // Act
    await handler(event(records));

    // Assert
    const totals = find(cloudwatch.calls[0]!.MetricData, "QualityTotal", ["ModelName", "JudgePair", "request_type"]);
    expect(totals.map((d) => d.Dimensions![1]!.Value)).toEqual([
      "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1",
      "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2026-07-v2",
      "anthropic.claude-3-5-haiku-20241022-v1:0|bank-qa-rubric/2025-06-v1",
    ]);
    // No quality metric is published without the pair.
    expect(cloudwatch.calls[0]!.MetricData.filter((d) => d.MetricName !== "JudgeCostUSD" && !(d.Dimensions ?? []).some((x) => x.Name === "JudgePair"))).toEqual(
      [],
    );
  });

  it("publishes only INSERT events and skips points CloudWatch would reject as too old", async () => {
    // Arrange
    const handler = await loadHandler();
    const old = new Date(Date.now() - 15 * 24 * HOUR).toISOString();

    // Act
    const response = await handler(
      event([
        streamRecord({ eventId: "m" }, "1", "MODIFY"),
        streamRecord({ eventId: "r" }, "2", "REMOVE"),
        streamRecord({ eventId: "old", inferenceTime: old }, "3"),
        streamRecord({ eventId: "new" }, "4"),
      ]),
    );

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(cloudwatch.calls).toHaveLength(1);
    expect(cloudwatch.calls[0]!.MetricData).toHaveLength(19);
  });

  it("splits more than 1,000 datums into several calls without splitting a record", async () => {
    // Arrange
    const handler = await loadHandler();
    const records = Array.from({ length: 100 }, (_, index) => streamRecord({ eventId: `e${index}` }, String(1000 + index)));

    // Act
    const response = await handler(event(records));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    const sizes = cloudwatch.calls.map((call) => call.MetricData.length);
    expect(sizes.every((size) => size <= 1000 && size % 19 === 0)).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(1900);
    expect(sizes).toHaveLength(2);
    // The SDK gzips large PutMetricData bodies; the stub saw them decompressed and whole.
    expect(cloudwatch.requests.some((request) => request.headers["content-encoding"] === "gzip")).toBe(true);
  });

  it("reports the records of a failed call and of every later one as batch item failures", async () => {
    // Arrange
    const handler = await loadHandler();
    cloudwatch.failCall = (index) => (index >= 1 ? awsJsonError(400, "InvalidParameterValue", "rejected") : undefined);
    const records = Array.from({ length: 150 }, (_, index) => streamRecord({ eventId: `f${index}` }, String(5000 + index)));

    // Act
    const response = await handler(event(records));

    // Assert: 52 records (988 datums) fit the first call; the rest failed or were held back.
    expect(cloudwatch.calls).toHaveLength(2);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(records.slice(52).map((record) => record.dynamodb!.SequenceNumber));
  });
});
