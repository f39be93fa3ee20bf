/**
 * `npm run dlq:replay -- <stack> <queue> [--dry-run]`: redrives one of the evaluation layer's three
 * dead-letter queues of an environment's stack, the way that works for that queue:
 *
 * - `notifications-dlq`: S3 notifications the evaluator failed 5 times. Moved back to the
 *   notification queue (the same as SQS's own redrive, `aws sqs start-message-move-task`).
 * - `failed-records`: pointers (bucket, key, line, reason) the evaluator sent; SQS cannot redrive them
 *   (they never came from a queue). One S3 notification per object goes to the notification queue:
 *   the evaluator reads the object again, stored scores count as duplicates, the failed lines are
 *   tried again (never double counted).
 * - `publisher-dlq`: Lambda's records of stream batches the quality publisher gave up on (shard and
 *   sequence range, not the scores). The batch is read again from the table's stream (kept 24 h) and
 *   published with the publisher's own code; scores already published (`publishedAt`, which the
 *   publisher writes when a batch fails part-way, and this tool after publishing) are skipped.
 *
 * A message is deleted only once its records are redriven; one that cannot be (stream records past
 * 24 h) stays, and the summary says why. Clients use the SDK's standard configuration, so
 * `AWS_ENDPOINT_URL_<SERVICE>` points them at local servers in tests.
 */
import * as path from "node:path";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from "@aws-sdk/client-dynamodb-streams";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { SendMessageCommand, SQSClient, type Message } from "@aws-sdk/client-sqs";
import { NAMESPACES } from "../contracts/metric-catalogue";
import { PUBLISHED_AT_ATTRIBUTE } from "../contracts/score-item";
import { loadEnvironments } from "../config/discover";
import type { ResolvedEnvironment } from "../config/resolved";
import { batchDatums, type RecordDatums } from "../functions/quality-publisher/batching";
import { DynamoDbPublishedMarker } from "../functions/quality-publisher/dynamodb-marker";
import { scoreToDatums, timestampProblem, toScoreImage } from "../functions/quality-publisher/metric-data";
import type { QualityThresholds } from "../functions/quality-publisher/types";
import { unmarshallImage } from "../functions/quality-publisher/unmarshall";
import { evaluationQueueNames, scoresTableName } from "../modules/evaluation-layer";
import { inferenceLogFallbackQueueName } from "../modules/inference-gateway";
import { packageRoot, ResourceNaming } from "../modules/shared";
import { inferenceLogStreamName } from "../modules/telemetry-pipeline";
import { redriveInferenceLogs } from "./dlq-replay-inference-logs";
import {
  DEAD_LETTER_QUEUES,
  type DeadLetterQueue,
  drain,
  queueUrl,
  type ReplayClients,
  type ReplayOptions,
  type ReplaySummary,
  remove,
} from "./dlq-replay-sqs";

export { DEAD_LETTER_QUEUES, type DeadLetterQueue, type ReplayClients, type ReplayOptions, type ReplaySummary };
import { type CommandSpec, runAsMain, UsageError } from "./cli/command-line";

/** Where one environment's evaluation layer lives, by the same names its modules give. */
export interface ReplayTarget {
  readonly region: string;
  readonly queues: { readonly notifications: string; readonly notificationsDlq: string; readonly failedRecords: string; readonly publisherDlq: string };
  readonly scoresTableName: string;
  /** The publisher's thresholds, as the stack sets them. */
  readonly thresholds: QualityThresholds;
  /** The gateway's fallback queue and the delivery stream its records belong in. */
  readonly inferenceLogs: { readonly fallbackQueue: string; readonly deliveryStream: string };
}

export function replayTarget(env: ResolvedEnvironment): ReplayTarget {
  const naming = new ResourceNaming({ businessLine: env.businessLine.name, stage: env.stage, accountId: env.accountId, region: env.region });
  return {
    region: env.region,
    queues: evaluationQueueNames(naming),
    scoresTableName: scoresTableName(naming),
    thresholds: { ...env.alerting.qualityThresholds, default: env.alerting.defaultQualityThreshold },
    inferenceLogs: { fallbackQueue: inferenceLogFallbackQueueName(naming), deliveryStream: inferenceLogStreamName(naming) },
  };
}

export function defaultClients(region: string): ReplayClients {
  return {
    sqs: new SQSClient({ region }),
    streams: new DynamoDBStreamsClient({ region }),
    dynamodb: new DynamoDBClient({ region }),
    cloudwatch: new CloudWatchClient({ region }),
    firehose: new FirehoseClient({ region }),
  };
}

/** The S3 notification of one object, as the evaluator reads it (keys URL-encoded, `+` for spaces). */
export function objectNotification(object: { bucket: string; key: string; versionId?: string; eTag?: string }): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        eventName: "ObjectCreated:Put",
        s3: {
          bucket: { name: object.bucket },
          object: {
            key: encodeURIComponent(object.key).replace(/%20/g, "+").replace(/%2F/g, "/"),
            ...(object.versionId ? { versionId: object.versionId } : {}),
            ...(object.eTag ? { eTag: object.eTag } : {}),
          },
        },
      },
    ],
  });
}

async function redriveNotifications(target: ReplayTarget, clients: ReplayClients, options: ReplayOptions): Promise<ReplaySummary> {
  const dlq = await queueUrl(clients.sqs, target.queues.notificationsDlq);
  const source = await queueUrl(clients.sqs, target.queues.notifications);
  const messages = await drain(clients.sqs, dlq, options);
  for (const message of messages) {
    if (!options.dryRun) await clients.sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: message.Body! }));
    await remove(clients.sqs, dlq, message, options);
  }
  return {
    queue: "notifications-dlq",
    dryRun: options.dryRun ?? false,
    messages: messages.length,
    redriven: messages.length,
    kept: [],
    details: { moved: messages.length },
  };
}

async function redriveFailedRecords(target: ReplayTarget, clients: ReplayClients, options: ReplayOptions): Promise<ReplaySummary> {
  const dlq = await queueUrl(clients.sqs, target.queues.failedRecords);
  const source = await queueUrl(clients.sqs, target.queues.notifications);
  const messages = await drain(clients.sqs, dlq, options);
  const kept: { messageId: string; reason: string }[] = [];
  const objects = new Map<string, { object: { bucket: string; key: string; versionId?: string; eTag?: string }; messages: Message[] }>();
  const reasons: Record<string, number> = {};
  for (const message of messages) {
    let pointer: { bucket?: unknown; key?: unknown; versionId?: unknown; eTag?: unknown; reason?: unknown };
    try {
      pointer = JSON.parse(message.Body ?? "");
    } catch {
      kept.push({ messageId: message.MessageId ?? "", reason: "not a failed-record pointer (not JSON)" });
      continue;
    }
    if (typeof pointer.bucket !== "string" || typeof pointer.key !== "string") {
      kept.push({ messageId: message.MessageId ?? "", reason: "not a failed-record pointer (no bucket and key)" });
      continue;
    }
    const object = {
      bucket: pointer.bucket,
      key: pointer.key,
      ...(typeof pointer.versionId === "string" ? { versionId: pointer.versionId } : {}),
      ...(typeof pointer.eTag === "string" ? { eTag: pointer.eTag } : {}),
    };
    const id = JSON.stringify([object.bucket, object.key, object.versionId ?? ""]);
    const entry = objects.get(id) ?? { object, messages: [] };
    entry.messages.push(message);
    objects.set(id, entry);
    const reason = typeof pointer.reason === "string" ? pointer.reason : "unknown";
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  let redriven = 0;
  for (const { object, messages: pointers } of objects.values()) {
    // One notification per object: the evaluator re-reads it whole, and dedupes what it stored.
    if (!options.dryRun) await clients.sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: objectNotification(object) }));
    for (const pointer of pointers) await remove(clients.sqs, dlq, pointer, options);
    redriven += pointers.length;
  }
  return { queue: "failed-records", dryRun: options.dryRun ?? false, messages: messages.length, redriven, kept, details: { objects: objects.size, reasons } };
}

interface StreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly streamArn: string;
}

function batchInfo(body: string | undefined): StreamBatchInfo | undefined {
  try {
    const info = (JSON.parse(body ?? "") as { DDBStreamBatchInfo?: Partial<StreamBatchInfo> }).DDBStreamBatchInfo;
    if (info && [info.shardId, info.startSequenceNumber, info.endSequenceNumber, info.streamArn].every((v) => typeof v === "string"))
      return info as StreamBatchInfo;
  } catch {
    // Reported as kept below.
  }
  return undefined;
}

/** The stream records of `[start, end]` (sequence numbers compare as integers). */
async function streamRecords(streams: DynamoDBStreamsClient, info: StreamBatchInfo): Promise<_Record[]> {
  const end = BigInt(info.endSequenceNumber);
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: info.streamArn,
      ShardId: info.shardId,
      ShardIteratorType: "AT_SEQUENCE_NUMBER",
      SequenceNumber: info.startSequenceNumber,
    }),
  );
  const records: _Record[] = [];
  let iterator = ShardIterator;
  let emptyPolls = 0;
  while (iterator && emptyPolls < 3) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    const within = (page.Records ?? []).filter((r) => BigInt(r.dynamodb?.SequenceNumber ?? "0") <= end);
    records.push(...within);
    if ((page.Records ?? []).some((r) => BigInt(r.dynamodb?.SequenceNumber ?? "0") >= end)) break;
    emptyPolls = (page.Records ?? []).length === 0 ? emptyPolls + 1 : 0;
    iterator = page.NextShardIterator;
  }
  return records;
}

async function isPublished(dynamodb: DynamoDBClient, table: string, eventId: string): Promise<"published" | "missing" | "pending"> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: table,
      Key: { eventId: { S: eventId } },
      ProjectionExpression: "eventId, #p",
      ExpressionAttributeNames: { "#p": PUBLISHED_AT_ATTRIBUTE },
    }),
  );
  if (!Item) return "missing";
  return Item[PUBLISHED_AT_ATTRIBUTE]?.S ? "published" : "pending";
}

async function redrivePublisher(target: ReplayTarget, clients: ReplayClients, options: ReplayOptions): Promise<ReplaySummary> {
  const dlq = await queueUrl(clients.sqs, target.queues.publisherDlq);
  const messages = await drain(clients.sqs, dlq, options);
  const now = options.now ?? (() => new Date());
  const kept: { messageId: string; reason: string }[] = [];
  const counts = { published: 0, alreadyPublished: 0, expiredFromTable: 0, tooOldForCloudWatch: 0, notInserts: 0, invalid: 0 };
  let redriven = 0;
  for (const message of messages) {
    const info = batchInfo(message.Body);
    if (!info) {
      kept.push({ messageId: message.MessageId ?? "", reason: "not a Lambda stream failure record (no DDBStreamBatchInfo)" });
      continue;
    }
    let records: _Record[];
    try {
      records = await streamRecords(clients.streams, info);
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      kept.push({
        messageId: message.MessageId ?? "",
        reason:
          name === "TrimmedDataAccessException" || name === "ExpiredIteratorException" || name === "ResourceNotFoundException"
            ? `the stream no longer holds ${info.startSequenceNumber}-${info.endSequenceNumber} (kept 24 h): see runbooks/dead-letter-queue.md, "publisher-dlq older than a day"`
            : `${name}: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const pending: RecordDatums[] = [];
    for (const record of records) {
      if (record.eventName !== "INSERT" || !record.dynamodb?.NewImage) {
        counts.notInserts += 1;
        continue;
      }
      let score: ReturnType<typeof toScoreImage>;
      try {
        score = toScoreImage(unmarshallImage(record.dynamodb.NewImage as never));
      } catch {
        counts.invalid += 1;
        continue;
      }
      const state = await isPublished(clients.dynamodb, target.scoresTableName, score.eventId);
      if (state === "published") counts.alreadyPublished += 1;
      else if (state === "missing") counts.expiredFromTable += 1;
      else if (timestampProblem(new Date(score.inferenceTime), now())) counts.tooOldForCloudWatch += 1;
      else pending.push({ sequenceNumber: record.dynamodb.SequenceNumber ?? "", eventId: score.eventId, datums: scoreToDatums(score, target.thresholds) });
    }
    if (!options.dryRun) {
      for (const batch of batchDatums(pending)) {
        await clients.cloudwatch.send(new PutMetricDataCommand({ Namespace: NAMESPACES.quality, MetricData: batch.datums }));
        // Marked right after each call: a replay stopped half-way, run again, skips these.
        await new DynamoDbPublishedMarker(clients.dynamodb, target.scoresTableName, now).markPublished(batch.eventIds);
      }
    }
    counts.published += pending.length;
    await remove(clients.sqs, dlq, message, options);
    redriven += 1;
  }
  return { queue: "publisher-dlq", dryRun: options.dryRun ?? false, messages: messages.length, redriven, kept, details: counts };
}

/** Redrives one dead-letter queue of `target` (see the module comment for what each one does). */
export async function replayDeadLetters(
  queue: DeadLetterQueue,
  target: ReplayTarget,
  clients: ReplayClients,
  options: ReplayOptions = {},
): Promise<ReplaySummary> {
  if (queue === "notifications-dlq") return redriveNotifications(target, clients, options);
  if (queue === "failed-records") return redriveFailedRecords(target, clients, options);
  if (queue === "inference-log-fallback") return redriveInferenceLogs(target.inferenceLogs, clients, options);
  return redrivePublisher(target, clients, options);
}

/** The environment whose AWS stack is `stack` (`<business-line>-<stage>`). */
export function environmentOfStack(stack: string, root: string = packageRoot()): ResolvedEnvironment {
  const environments = loadEnvironments(path.join(root, "environments"), root);
  const env = environments.find((e) => e.id === stack);
  if (!env) throw new Error(`no stack "${stack}"; the AWS stacks are ${environments.map((e) => e.id).join(", ")}`);
  return env;
}

export const DLQ_REPLAY_COMMAND = {
  name: "npm run dlq:replay --",
  summary: "redrives one of the three dead-letter queues of a stack the way that works for it, and prints a JSON summary",
  positionals: { usage: `<stack> <${DEAD_LETTER_QUEUES.join("|")}>`, min: 2, max: 2 },
  options: { "dry-run": { type: "boolean", help: "count what would be redriven, change nothing" } },
  notes: ["uses the AWS SDK's usual credentials; exit codes: 0 every message redriven, 1 some kept (listed), 2 usage error"],
} as const satisfies CommandSpec;

async function main(positionals: readonly string[], dryRun: boolean): Promise<number> {
  const [stack, queue] = positionals as [string, string];
  if (!(DEAD_LETTER_QUEUES as readonly string[]).includes(queue))
    throw new UsageError(`the queue must be one of ${DEAD_LETTER_QUEUES.join(", ")}, got "${queue}"`);
  const env = environmentOfStack(stack);
  const target = replayTarget(env);
  const summary = await replayDeadLetters(queue as DeadLetterQueue, target, defaultClients(target.region), { dryRun });
  process.stdout.write(`${JSON.stringify({ stack, ...summary })}\n`);
  return summary.kept.length === 0 ? 0 : 1;
}

if (require.main === module) runAsMain(DLQ_REPLAY_COMMAND, ({ values, positionals }) => main(positionals, values["dry-run"] === true));
