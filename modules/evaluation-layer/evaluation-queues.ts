import { SqsQueue, type SqsQueueConfig } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import type { EncryptionKey } from "../shared/encryption-key";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { PolicyDocument } from "../shared/policy-document";
import { DEAD_LETTER_TAG } from "./policy-rules";

/** SQS keeps messages at most 14 days; dead letters are kept that long for investigation. */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;
/** Notifications wait this long (4 days) for the evaluator before SQS drops them. */
export const NOTIFICATION_RETENTION_SECONDS = 345_600;
/** Deliveries of a notification before it moves to the notifications DLQ. */
export const MAX_RECEIVE_COUNT = 5;
/** The notification queue's visibility timeout is this many times the evaluator's timeout (AWS guidance). */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** The names of the layer's queues, known at synth (also what `npm run dlq:replay` looks up). */
export function evaluationQueueNames(naming: ResourceNaming): {
  readonly notifications: string;
  readonly notificationsDlq: string;
  readonly failedRecords: string;
  readonly publisherDlq: string;
  readonly calibrationDlq: string;
} {
  return {
    notifications: naming.name("evaluation-notifications", NAME_LIMITS.sqsQueue),
    notificationsDlq: naming.name("evaluation-notifications-dlq", NAME_LIMITS.sqsQueue),
    failedRecords: naming.name("evaluation-failed-records", NAME_LIMITS.sqsQueue),
    publisherDlq: naming.name("quality-publisher-dlq", NAME_LIMITS.sqsQueue),
    calibrationDlq: naming.name("judge-calibration-dlq", NAME_LIMITS.sqsQueue),
  };
}

export interface EvaluationQueuesProps {
  /** Naming of the environment; every queue name starts with its prefix. */
  readonly naming: ResourceNaming;
  /** Account of the buckets that send notifications (`aws:SourceAccount` of the queue policy). */
  readonly accountId: string;
  /** Customer-managed key every queue is encrypted with (SSE-KMS). */
  readonly encryptionKey: EncryptionKey;
  /** ARNs of the buckets whose S3 notifications may be sent to the notification queue (at least one). */
  readonly notificationSourceArns: readonly string[];
  /**
   * Timeout in seconds of the function that consumes the notification queue (the evaluator); the
   * queue's visibility timeout is `VISIBILITY_TIMEOUT_FACTOR` times this.
   */
  readonly consumerTimeoutSeconds: number;
}

/**
 * The evaluation layer's SQS queues, all SSE-KMS with the layer's key: the notification queue
 * (S3 ObjectCreated events, redriven to its DLQ after `MAX_RECEIVE_COUNT` receives; a queue policy
 * that admits only the source buckets of this account, over TLS), the notifications DLQ, the
 * evaluator's failed-records queue, the quality publisher's DLQ and the judge calibration's DLQ (14 days, tagged dead-letter).
 */
export class EvaluationQueues extends Construct {
  readonly notificationQueue: SqsQueue;
  readonly notificationDeadLetterQueue: SqsQueue;
  /** Where the evaluator sends pointers to records it could not score, with the reason. */
  readonly failedRecordsQueue: SqsQueue;
  /** On-failure destination of the publisher's stream mapping. */
  readonly publisherDeadLetterQueue: SqsQueue;
  /** Judge calibration runs that failed or could not be delivered (the function's async destination, the schedules' DLQ). */
  readonly calibrationDeadLetterQueue: SqsQueue;
  /** Who may send to the notification queue; S3 checks it when a bucket notification is created. */
  readonly notificationQueuePolicy: SqsQueuePolicy;
  /** Name of the S3-notification queue (known at synth). */
  readonly notificationQueueName: string;
  /** Names (known at synth) of the queues that must stay empty: notifications DLQ, failed records, publisher DLQ, calibration DLQ. */
  readonly deadLetterQueueNames: readonly string[];
  private readonly encryptionKey: EncryptionKey;

  constructor(scope: Construct, id: string, props: EvaluationQueuesProps) {
    super(scope, id);
    if (props.notificationSourceArns.length === 0) {
      throw new Error("notificationSourceArns is empty; list the arn of every bucket whose objects are evaluated");
    }
    if (!(Number.isInteger(props.consumerTimeoutSeconds) && props.consumerTimeoutSeconds >= 1 && props.consumerTimeoutSeconds <= 900)) {
      throw new Error(`consumer timeout must be a whole number of seconds from 1 to 900 (a lambda's limit), got ${props.consumerTimeoutSeconds}`);
    }
    this.encryptionKey = props.encryptionKey;
    const { naming } = props;
    const names = evaluationQueueNames(naming);
    this.notificationQueueName = names.notifications;
    this.deadLetterQueueNames = [names.notificationsDlq, names.failedRecords, names.publisherDlq, names.calibrationDlq];

    this.notificationDeadLetterQueue = this.deadLetterQueue("notifications-dlq", names.notificationsDlq);
    this.notificationQueue = this.queue("notifications", names.notifications, {
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_FACTOR * props.consumerTimeoutSeconds,
      messageRetentionSeconds: NOTIFICATION_RETENTION_SECONDS,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.notificationDeadLetterQueue.arn, maxReceiveCount: MAX_RECEIVE_COUNT }),
    });
    this.failedRecordsQueue = this.deadLetterQueue("failed-records", names.failedRecords);
    this.publisherDeadLetterQueue = this.deadLetterQueue("publisher-dlq", names.publisherDlq);
    this.calibrationDeadLetterQueue = this.deadLetterQueue("calibration-dlq", names.calibrationDlq);

    this.notificationQueuePolicy = new SqsQueuePolicy(this, "notifications-policy", {
      queueUrl: this.notificationQueue.url,
      policy: new PolicyDocument([
        {
          Sid: "BucketsSendObjectCreatedNotifications",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: this.notificationQueue.arn,
          Condition: {
            ArnLike: { "aws:SourceArn": [...props.notificationSourceArns] },
            StringEquals: { "aws:SourceAccount": props.accountId },
          },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: this.notificationQueue.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]).render(),
    });
  }

  private deadLetterQueue(id: string, name: string): SqsQueue {
    return this.queue(id, name, { messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS, tags: { ...DEAD_LETTER_TAG } });
  }

  private queue(id: string, name: string, config: Omit<SqsQueueConfig, "name" | "kmsMasterKeyId" | "kmsDataKeyReusePeriodSeconds">): SqsQueue {
    return new SqsQueue(this, id, {
      name,
      kmsMasterKeyId: this.encryptionKey.keyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      ...config,
    });
  }
}
