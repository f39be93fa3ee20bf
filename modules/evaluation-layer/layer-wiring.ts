import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { ReadableBucket } from "../shared/readable-bucket";
import type { EvaluationLayerProps } from "./evaluation-layer-props";
import type { EvaluationQueues } from "./evaluation-queues";
import type { ScoresTable } from "./scores-table";

/** A bucket whose new objects (under `prefix`) are evaluated, and the construct id of its notification. */
export interface NotificationSource {
  readonly id: string;
  readonly bucket: ReadableBucket;
  readonly prefix: string;
}

/** DataCapture first, then the gateway's inference logs when given. */
export function notificationSources(props: EvaluationLayerProps): NotificationSource[] {
  return [
    { id: "capture-notifications", bucket: props.endpoint.captureBucket, prefix: props.endpoint.capturePrefix },
    ...(props.inferenceLogSource
      ? [{ id: "inference-log-notifications", bucket: props.inferenceLogSource.bucket, prefix: props.inferenceLogSource.prefix }]
      : []),
  ];
}

/** The event source mappings' settings, defaults applied. */
export interface WiringSettings {
  readonly evaluatorBatchSize: number;
  readonly publisherBatchSize: number;
  readonly publisherMaxRetryAttempts: number;
}

/** The event source mappings' settings with defaults applied, after validation. */
export function validateWiring(props: EvaluationLayerProps): WiringSettings {
  const wiring = {
    evaluatorBatchSize: props.evaluatorBatchSize ?? 2,
    publisherBatchSize: props.publisherBatchSize ?? 100,
    publisherMaxRetryAttempts: props.publisherMaxRetryAttempts ?? 10,
  };
  const isInt = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (!isInt(wiring.evaluatorBatchSize, 1, 10)) throw new Error(`evaluator batch size must be a whole number from 1 to 10, got ${wiring.evaluatorBatchSize}`);
  if (!isInt(wiring.publisherBatchSize, 1, 1000))
    throw new Error(`publisher batch size must be a whole number from 1 to 1000, got ${wiring.publisherBatchSize}`);
  if (!isInt(wiring.publisherMaxRetryAttempts, 0, 10_000)) {
    throw new Error(`publisher max retry attempts must be a whole number from 0 to 10000, got ${wiring.publisherMaxRetryAttempts}`);
  }
  return wiring;
}

/** What the wiring connects. */
export interface LayerWiringProps {
  readonly settings: WiringSettings;
  readonly sources: readonly NotificationSource[];
  readonly queues: EvaluationQueues;
  readonly scoresTable: ScoresTable;
  readonly evaluatorArn: string;
  /** Also the SQS mapping's maximum concurrency. */
  readonly evaluatorReservedConcurrency: number;
  readonly publisherArn: string;
  /** The VPC endpoints the functions reach SQS, DynamoDB and Bedrock through. */
  readonly endpoints: ITerraformDependable[];
}

/** The layer's event plumbing, created in `scope`. */
export interface LayerWiring {
  readonly evaluatorMapping: LambdaEventSourceMapping;
  readonly publisherMapping: LambdaEventSourceMapping;
  readonly bucketNotifications: readonly S3BucketNotification[];
}

/**
 * The queue to the evaluator, the table's stream (new scores only) to the publisher, and each
 * source bucket's new objects to the queue. Functions are invoked only once the endpoints exist.
 */
export function wireLayer(scope: Construct, props: LayerWiringProps): LayerWiring {
  const { settings, queues } = props;
  const evaluatorMapping = new LambdaEventSourceMapping(scope, "evaluator-source", {
    eventSourceArn: queues.notificationQueue.arn,
    functionName: props.evaluatorArn,
    batchSize: settings.evaluatorBatchSize,
    functionResponseTypes: ["ReportBatchItemFailures"],
    scalingConfig: { maximumConcurrency: props.evaluatorReservedConcurrency },
    dependsOn: props.endpoints,
  });
  const publisherMapping = new LambdaEventSourceMapping(scope, "publisher-source", {
    eventSourceArn: props.scoresTable.streamArn,
    functionName: props.publisherArn,
    startingPosition: "LATEST",
    batchSize: settings.publisherBatchSize,
    maximumBatchingWindowInSeconds: 5,
    functionResponseTypes: ["ReportBatchItemFailures"],
    bisectBatchOnFunctionError: true,
    maximumRetryAttempts: settings.publisherMaxRetryAttempts,
    destinationConfig: { onFailure: { destinationArn: queues.publisherDeadLetterQueue.arn } },
    filterCriteria: { filter: [{ pattern: JSON.stringify({ eventName: ["INSERT"] }) }] },
    dependsOn: props.endpoints,
  });
  const bucketNotifications = props.sources.map(
    (source) =>
      new S3BucketNotification(scope, source.id, {
        bucket: source.bucket.bucketName,
        queue: [{ id: "evaluate-new-objects", queueArn: queues.notificationQueue.arn, events: ["s3:ObjectCreated:*"], filterPrefix: source.prefix }],
        // S3 checks that it may send to the queue when the notification is created.
        dependsOn: [queues.notificationQueuePolicy],
      }),
  );
  return { evaluatorMapping, publisherMapping, bucketNotifications };
}
