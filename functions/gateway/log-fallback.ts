/**
 * Where a record goes when Firehose refused it twice: an SQS queue (SSE-KMS, kept 14 days) that
 * `npm run dlq:replay -- <stack> inference-log-fallback` puts back into the delivery stream. Each
 * message is one line exactly as Firehose would have received it (a record, or a part of a split one).
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** Message attribute naming the stream the line was meant for (the redrive puts it there). */
export const DELIVERY_STREAM_ATTRIBUTE = "deliveryStream";

/** Sends each line as one message; throws on the first one SQS refuses. */
export async function sendToFallbackQueue(
  sqs: SQSClient,
  queueUrl: string,
  streamName: string,
  lines: readonly Uint8Array[],
  abortSignal: AbortSignal,
): Promise<void> {
  for (const line of lines) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: Buffer.from(line).toString("utf8"),
        MessageAttributes: { [DELIVERY_STREAM_ATTRIBUTE]: { DataType: "String", StringValue: streamName } },
      }),
      { abortSignal },
    );
  }
}
