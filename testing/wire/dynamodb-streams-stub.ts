/**
 * A DynamoDB Streams stub (AWS JSON 1.0, `DynamoDBStreams_20120810.*`): one shard of records,
 * GetShardIterator (AT_SEQUENCE_NUMBER, TRIM_HORIZON) and GetRecords, and a switch that answers
 * TrimmedDataAccessException as for records past the stream's 24-hour retention.
 */
import { awsJsonError, awsJsonTarget, HttpStub, type StubResponse } from "./http-stub";

export interface StubStreamRecord {
  readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
  readonly sequenceNumber: string;
  readonly newImage?: Record<string, unknown>;
}

const ok = (body: Record<string, unknown>): StubResponse => ({
  status: 200,
  body: JSON.stringify(body),
  headers: { "content-type": "application/x-amz-json-1.0" },
});

export class DynamoDbStreamsStub extends HttpStub {
  public records: StubStreamRecord[] = [];
  public trimmed = false;
  /** Records per GetRecords page. */
  public pageSize = 2;

  public constructor() {
    super((request) => {
      const input = JSON.parse(request.body || "{}") as Record<string, any>;
      const target = awsJsonTarget(request);
      if (this.trimmed) return awsJsonError(400, "TrimmedDataAccessException", "the requested records are beyond the stream's retention");
      if (target === "DynamoDBStreams_20120810.GetShardIterator") {
        const from = input.ShardIteratorType === "AT_SEQUENCE_NUMBER" ? this.records.findIndex((r) => r.sequenceNumber === input.SequenceNumber) : 0;
        if (from < 0) return awsJsonError(400, "TrimmedDataAccessException", `no record ${input.SequenceNumber}`);
        return ok({ ShardIterator: `it-${from}` });
      }
      if (target === "DynamoDBStreams_20120810.GetRecords") {
        const from = Number(String(input.ShardIterator).slice(3));
        const page = this.records.slice(from, from + this.pageSize);
        const next = from + page.length;
        return ok({
          Records: page.map((r) => ({
            eventID: `ev-${r.sequenceNumber}`,
            eventName: r.eventName,
            eventSource: "aws:dynamodb",
            awsRegion: "sa-east-1",
            dynamodb: { SequenceNumber: r.sequenceNumber, StreamViewType: "NEW_IMAGE", ...(r.newImage ? { NewImage: r.newImage } : {}) },
          })),
          // A closed shard ends: no next iterator once every record was read.
          ...(next < this.records.length ? { NextShardIterator: `it-${next}` } : {}),
        });
      }
      return awsJsonError(400, "UnsupportedOperation", target);
    });
  }
}
