/**
 * `npm run dlq:replay -- <stack> inference-log-fallback`: the inference logs the gateway could not
 * hand to Firehose (refused twice) go back into the delivery stream, one line per message as the
 * gateway wrote it. A message is deleted once Firehose accepted its line; one it refuses again stays.
 */
import { PutRecordCommand } from "@aws-sdk/client-firehose";
import { drain, queueUrl, type ReplayClients, type ReplayOptions, type ReplaySummary, remove } from "./dlq-replay-sqs";

export async function redriveInferenceLogs(
  target: { readonly fallbackQueue: string; readonly deliveryStream: string },
  clients: ReplayClients,
  options: ReplayOptions,
): Promise<ReplaySummary> {
  const firehose = clients.firehose;
  if (!firehose) throw new Error("inference-log-fallback needs a Firehose client");
  const url = await queueUrl(clients.sqs, target.fallbackQueue);
  const messages = await drain(clients.sqs, url, options);
  const kept: { messageId: string; reason: string }[] = [];
  let redriven = 0;
  for (const message of messages) {
    const line = message.Body ?? "";
    if (!options.dryRun) {
      try {
        // The line already ends with its newline: Firehose concatenates records as they are.
        await firehose.send(new PutRecordCommand({ DeliveryStreamName: target.deliveryStream, Record: { Data: Buffer.from(line, "utf8") } }));
      } catch (error) {
        kept.push({ messageId: message.MessageId ?? "", reason: `Firehose refused it again: ${error instanceof Error ? error.name : "error"}` });
        continue;
      }
    }
    await remove(clients.sqs, url, message, options);
    redriven += 1;
  }
  return {
    queue: "inference-log-fallback",
    dryRun: options.dryRun ?? false,
    messages: messages.length,
    redriven,
    kept,
    details: { putToFirehose: redriven },
  };
}
