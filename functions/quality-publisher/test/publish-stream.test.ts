import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { scoreStreamImage } from "../../../testing/fixtures/score-image";
import { publishStream, type MetricSink } from "../publish-stream";

const logger = { warn: () => undefined, error: () => undefined, info: () => undefined } as unknown as Logger;

function record(eventId: string, sequenceNumber: string): DynamoDBRecord {
  return {
    eventName: "INSERT",
    dynamodb: {
      SequenceNumber: sequenceNumber,
      NewImage: scoreStreamImage(eventId),
    },
  };
}

describe("marking published scores when a batch fails", () => {
  it("marks the scores of the calls that succeeded before a failed one (their range may be dead-lettered), and nothing otherwise", async () => {
    const records = Array.from({ length: 60 }, (_, i) => record(`e${i}`, String(100 + i)));
    let calls = 0;
    const failSecond: MetricSink = {
      put: async () => {
        calls += 1;
        if (calls === 2) throw new Error("throttled");
      },
    };
    const marked: string[][] = [];
    const marker = { markPublished: async (ids: readonly string[]) => void marked.push([...ids]) };

    const { response } = await publishStream({ Records: records }, { thresholds: { default: 0.75 } }, failSecond, logger, () => new Date(), marker);

    // 52 records (988 datums) in the first call, published; the rest failed.
    expect(marked).toEqual([records.slice(0, 52).map((_, i) => `e${i}`)]);
    expect(response.batchItemFailures).toHaveLength(8);

    marked.length = 0;
    await publishStream({ Records: records }, { thresholds: { default: 0.75 } }, { put: async () => undefined }, logger, () => new Date(), marker);
    expect(marked).toEqual([]);
  });
});

describe("PII canary scores", () => {
  it("publishes nothing for a canary's score: no quality series, SLO or judge spend reads it", async () => {
    // Arrange: one ordinary score and one canary score.
    const canary = record("canary-1", "201");
    canary.dynamodb!.NewImage = { ...canary.dynamodb!.NewImage, stratum: { S: "canary" }, canary: { BOOL: true } };
    const sent: string[] = [];
    const sink: MetricSink = { put: async (_namespace, datums) => void sent.push(...datums.map((d) => `${d.MetricName}`)) };

    // Act
    const { summary } = await publishStream({ Records: [record("e1", "200"), canary] }, { thresholds: { default: 0.75 } }, sink, logger);

    // Assert
    expect(summary).toMatchObject({ records: 2, skipped: 1 });
    expect(sent).toContain("JudgeCostUSD");
    expect(sent.filter((name) => name === "JudgeCostUSD")).toHaveLength(1);
  });
});
