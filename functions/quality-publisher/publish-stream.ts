/**
 * DynamoDB stream records of new scores -> PutMetricData calls, in stream order. Only INSERT
 * events publish: the evaluator writes each score once (conditional put), so an INSERT is one
 * evaluation. On the first failed call, that call's records and every later one are reported as
 * batch item failures (later ones are not sent: Lambda retries from the lowest failed sequence
 * number, so sending them now would publish them twice). When a call failed, the scores this
 * invocation published are marked (`publishedAt`): their range may end in the dead-letter queue, and
 * `npm run dlq:replay` skips marked scores.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { NAMESPACES } from "../../contracts/metric-catalogue";
import { CANARY_STRATUM } from "../../contracts/pii-canary";
import { batchDatums, type RecordDatums } from "./batching";
import type { PublisherConfig } from "./config";
import { scoreToDatums, timestampProblem, toScoreImage } from "./metric-data";
import type { Datum } from "./types";
import { unmarshallImage } from "./unmarshall";

/** Port to CloudWatch PutMetricData. */
export interface MetricSink {
  put(namespace: string, datums: Datum[]): Promise<void>;
}

/** Records that scores' metrics are published (`publishedAt`), so that a dead-letter replay skips them. */
export interface PublishedMarker {
  /** Never throws: a failure is logged by the caller and only risks a double publish on replay. */
  markPublished(eventIds: readonly string[]): Promise<void>;
}

export interface PublishSummary {
  readonly records: number;
  readonly published: number;
  readonly skipped: number;
  readonly failed: number;
  readonly calls: number;
}

export async function publishStream(
  event: DynamoDBStreamEvent,
  config: PublisherConfig,
  sink: MetricSink,
  logger: Logger,
  now: () => Date = () => new Date(),
  marker?: PublishedMarker,
): Promise<{ response: DynamoDBBatchResponse; summary: PublishSummary }> {
  const pending: RecordDatums[] = [];
  let skipped = 0;
  for (const record of event.Records) {
    const sequenceNumber = record.dynamodb?.SequenceNumber ?? "";
    if (record.eventName !== "INSERT" || !record.dynamodb?.NewImage) {
      skipped += 1;
      continue;
    }
    try {
      const image = unmarshallImage(record.dynamodb.NewImage as never);
      // A PII canary's score proves the path; it is no answer of the model: no quality series, SLO or judge spend.
      if (image.canary === true || image.stratum === CANARY_STRATUM) {
        skipped += 1;
        continue;
      }
      const score = toScoreImage(image);
      const problem = timestampProblem(new Date(score.inferenceTime), now());
      if (problem) {
        // CloudWatch would reject the whole call for one such datum: skip it, loudly.
        logger.warn("score not published", { eventId: score.eventId, inferenceTime: score.inferenceTime, reason: problem });
        skipped += 1;
        continue;
      }
      pending.push({ sequenceNumber, eventId: score.eventId, datums: scoreToDatums(score, config.thresholds, config.judgeError) });
    } catch (error) {
      // A malformed image would block the shard forever if it were reported as failed.
      logger.error("stream record is not a valid score item; skipped", { sequenceNumber, error: error as Error });
      skipped += 1;
    }
  }

  const batches = batchDatums(pending);
  const failures: string[] = [];
  const publishedIds: string[] = [];
  let published = 0;
  let calls = 0;
  for (const batch of batches) {
    if (failures.length > 0) {
      failures.push(...batch.sequenceNumbers);
      continue;
    }
    try {
      calls += 1;
      await sink.put(NAMESPACES.quality, batch.datums);
      published += batch.sequenceNumbers.length;
      publishedIds.push(...batch.eventIds);
    } catch (error) {
      logger.error("PutMetricData failed; these records will be retried", { firstSequenceNumber: batch.sequenceNumbers[0], error: error as Error });
      failures.push(...batch.sequenceNumbers);
    }
  }
  // Lambda may send this batch's range to the dead-letter queue once its retries run out: mark what
  // this invocation did publish, so that `dlq:replay` does not publish it twice.
  if (failures.length > 0 && publishedIds.length > 0 && marker) {
    try {
      await marker.markPublished(publishedIds);
    } catch (error) {
      logger.warn("could not mark published scores; a dead-letter replay may publish them again", { eventIds: publishedIds.length, error: error as Error });
    }
  }
  return {
    response: { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) },
    summary: { records: event.Records.length, published, skipped, failed: failures.length, calls },
  };
}
