/** What every `dlq:replay` redrive shares: the queues, the clients, the summary, and the SQS reads and deletes. */
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { FirehoseClient } from "@aws-sdk/client-firehose";
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";

export const DEAD_LETTER_QUEUES = ["notifications-dlq", "failed-records", "publisher-dlq", "inference-log-fallback"] as const;
export type DeadLetterQueue = (typeof DEAD_LETTER_QUEUES)[number];

export interface ReplayClients {
  readonly sqs: SQSClient;
  readonly streams: DynamoDBStreamsClient;
  readonly dynamodb: DynamoDBClient;
  readonly cloudwatch: CloudWatchClient;
  /** For `inference-log-fallback` only. */
  readonly firehose?: FirehoseClient;
}

export interface ReplaySummary {
  readonly queue: DeadLetterQueue;
  readonly dryRun: boolean;
  /** Dead-letter messages read. */
  readonly messages: number;
  /** Messages redriven and deleted (in a dry run: that would be). */
  readonly redriven: number;
  /** Messages left in the queue, with why. */
  readonly kept: readonly { readonly messageId: string; readonly reason: string }[];
  /** What was sent or published: notifications moved or objects re-notified; scores published and skipped. */
  readonly details: Readonly<Record<string, number | Readonly<Record<string, number>>>>;
}

export interface ReplayOptions {
  /** Read and report only: nothing is sent, published or deleted. @default false */
  readonly dryRun?: boolean;
  /** Messages read at most (each is hidden for `visibilityTimeoutSeconds` while in hand). @default 10000 */
  readonly maxMessages?: number;
  /** @default 300 */
  readonly visibilityTimeoutSeconds?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export async function queueUrl(sqs: SQSClient, name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`queue ${name} has no URL`);
  return QueueUrl;
}

/** Every message of a queue, each hidden while in hand. */
export async function drain(sqs: SQSClient, url: string, options: ReplayOptions): Promise<Message[]> {
  const messages: Message[] = [];
  const max = options.maxMessages ?? 10_000;
  while (messages.length < max) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, max - messages.length),
        WaitTimeSeconds: 0,
        VisibilityTimeout: options.visibilityTimeoutSeconds ?? 300,
        MessageAttributeNames: ["All"],
      }),
    );
    if (!Messages || Messages.length === 0) break;
    messages.push(...Messages);
  }
  return messages;
}

export async function remove(sqs: SQSClient, url: string, message: Message, options: ReplayOptions): Promise<void> {
  if (!options.dryRun) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
}
