/**
 * Phase 3 of a run: what AWS runs between the functions. Firehose's delivery into S3 (buffered,
 * some lines truncated on the way), the SQS event source mapping that invokes the evaluator, and
 * the DynamoDB stream's that invokes the quality publisher; each with the stack's settings.
 */
import { S3Client } from "@aws-sdk/client-s3";
import type { DynamoDBBatchResponse, SQSBatchResponse } from "aws-lambda";
import { DynamoDbStreamEventSource } from "../../testing/aws/dynamodb-stream";
import { FirehoseDelivery } from "../../testing/aws/firehose-delivery";
import { SqsEventSource } from "../../testing/aws/sqs-event-source";
import { LOCAL_CREDENTIALS, type RunContext } from "./context";
import type { LocalFunctions } from "./local-functions";
import type { LocalServices } from "./local-services";

export interface EventSources {
  readonly delivery: FirehoseDelivery;
  readonly evaluatorSource: SqsEventSource;
  readonly publisherSource: DynamoDbStreamEventSource;
}

export function startEventSources({ platform, settings, resources }: RunContext, services: LocalServices, functions: LocalFunctions): EventSources {
  const region = platform.environment.region;
  const s3Client = resources.add(
    "s3 client",
    new S3Client({ region, endpoint: services.s3.url, forcePathStyle: true, credentials: LOCAL_CREDENTIALS, requestChecksumCalculation: "WHEN_REQUIRED" }),
    async (c) => c.destroy(),
  );
  const delivery = resources.add(
    "firehose delivery",
    new FirehoseDelivery({
      stub: services.firehose,
      s3: s3Client,
      streamName: platform.firehose.name,
      bucket: platform.inferenceLogBucket.name,
      prefix: platform.firehose.prefix,
      bufferIntervalMs: settings.firehoseIntervalMs,
      bufferSizeBytes: platform.firehose.bufferingSizeMb * 1024 * 1024,
      compression: platform.firehose.compression,
      malformedRate: settings.malformedRate,
      seed: settings.seed,
    }),
    (d) => d.stop(),
  );
  const evaluatorSource = resources.add(
    "evaluator event source",
    new SqsEventSource({
      queue: services.notificationQueue,
      region,
      batchSize: platform.evaluatorSource.batchSize,
      maxConcurrency: platform.evaluatorSource.maxConcurrency,
      reportBatchItemFailures: platform.evaluatorSource.reportBatchItemFailures,
      invoke: (event) => functions.evaluator.invoke<SQSBatchResponse>(event),
    }),
    (s) => s.stop(),
  );
  const publisherSource = resources.add(
    "publisher event source",
    new DynamoDbStreamEventSource({
      tap: services.tap,
      batchSize: platform.publisherSource.batchSize,
      batchingWindowMs: Math.min(platform.publisherSource.batchingWindowSeconds * 1000, 1_000),
      ...(platform.publisherSource.eventNames ? { eventNames: platform.publisherSource.eventNames } : {}),
      maxRetryAttempts: platform.publisherSource.maxRetryAttempts,
      invoke: (event) => functions.publisher.invoke<DynamoDBBatchResponse>(event),
    }),
    (s) => s.stop(),
  );
  delivery.start();
  evaluatorSource.start();
  publisherSource.start();
  return { delivery, evaluatorSource, publisherSource };
}
