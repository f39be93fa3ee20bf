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

export function startEventSources({ stack, settings, resources }: RunContext, services: LocalServices, functions: LocalFunctions): EventSources {
  const region = stack.environment.region;
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
      streamName: stack.firehose.name,
      bucket: stack.inferenceLogBucket.name,
      prefix: stack.firehose.prefix,
      bufferIntervalMs: settings.firehoseIntervalMs,
      bufferSizeBytes: stack.firehose.bufferingSizeMb * 1024 * 1024,
      compression: stack.firehose.compression,
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
      batchSize: stack.evaluatorSource.batchSize,
      maxConcurrency: stack.evaluatorSource.maxConcurrency,
      reportBatchItemFailures: stack.evaluatorSource.reportBatchItemFailures,
      invoke: (event) => functions.evaluator.invoke<SQSBatchResponse>(event),
    }),
    (s) => s.stop(),
  );
  const publisherSource = resources.add(
    "publisher event source",
    new DynamoDbStreamEventSource({
      tap: services.tap,
      batchSize: stack.publisherSource.batchSize,
      batchingWindowMs: Math.min(stack.publisherSource.batchingWindowSeconds * 1000, 1_000),
      ...(stack.publisherSource.eventNames ? { eventNames: stack.publisherSource.eventNames } : {}),
      maxRetryAttempts: stack.publisherSource.maxRetryAttempts,
      invoke: (event) => functions.publisher.invoke<DynamoDBBatchResponse>(event),
    }),
    (s) => s.stop(),
  );
  delivery.start();
  evaluatorSource.start();
  publisherSource.start();
  return { delivery, evaluatorSource, publisherSource };
}
