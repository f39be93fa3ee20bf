/**
 * A stateful SQS stub (AWS JSON 1.0): named queues holding messages, with GetQueueUrl, SendMessage,
 * ReceiveMessage (receipt handles, in-flight messages invisible until deleted or reset) and
 * DeleteMessage. What `npm run dlq:replay` is tested against.
 */
import { createHash, randomUUID } from "node:crypto";
import { awsJsonError, awsJsonTarget, HttpStub, type StubResponse } from "./http-stub";

interface StoredMessage {
  readonly id: string;
  readonly body: string;
  readonly attributes: Record<string, unknown>;
  receiptHandle?: string;
}

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
const ok = (body: Record<string, unknown>): StubResponse => ({
  status: 200,
  body: JSON.stringify(body),
  headers: { "content-type": "application/x-amz-json-1.0" },
});

export class SqsQueuesStub extends HttpStub {
  private readonly queues = new Map<string, StoredMessage[]>();

  public constructor() {
    super((request) => {
      const input = JSON.parse(request.body || "{}") as Record<string, any>;
      const target = awsJsonTarget(request);
      if (target === "AmazonSQS.GetQueueUrl") {
        if (!this.queues.has(input.QueueName)) return awsJsonError(400, "AWS.SimpleQueueService.NonExistentQueue", `no queue ${input.QueueName}`);
        return ok({ QueueUrl: this.queueUrl(input.QueueName) });
      }
      const name =
        String(input.QueueUrl ?? "")
          .split("/")
          .pop() ?? "";
      const queue = this.queues.get(name);
      if (!queue) return awsJsonError(400, "AWS.SimpleQueueService.NonExistentQueue", `no queue ${name}`);
      if (target === "AmazonSQS.SendMessage") {
        const id = randomUUID();
        queue.push({ id, body: input.MessageBody, attributes: input.MessageAttributes ?? {} });
        return ok({ MessageId: id, MD5OfMessageBody: md5(input.MessageBody) });
      }
      if (target === "AmazonSQS.ReceiveMessage") {
        const visible = queue.filter((m) => m.receiptHandle === undefined).slice(0, input.MaxNumberOfMessages ?? 1);
        for (const message of visible) message.receiptHandle = randomUUID();
        return ok({
          Messages: visible.map((m) => ({
            MessageId: m.id,
            ReceiptHandle: m.receiptHandle,
            Body: m.body,
            MD5OfBody: md5(m.body),
            MessageAttributes: m.attributes,
          })),
        });
      }
      if (target === "AmazonSQS.DeleteMessage") {
        const at = queue.findIndex((m) => m.receiptHandle === input.ReceiptHandle);
        if (at < 0) return awsJsonError(400, "AWS.SimpleQueueService.ReceiptHandleIsInvalid", "unknown receipt handle");
        queue.splice(at, 1);
        return ok({});
      }
      return awsJsonError(400, "UnsupportedOperation", target);
    });
  }

  public queueUrl(name: string): string {
    return `${this.url}/123456789012/${name}`;
  }

  /** Creates (or empties) queues. */
  public createQueues(...names: string[]): void {
    for (const name of names) this.queues.set(name, []);
  }

  /** Puts a message straight into a queue, as its producer would. */
  public put(name: string, body: string): void {
    this.queues.get(name)!.push({ id: randomUUID(), body, attributes: {} });
  }

  /** Bodies of the messages in a queue (in flight or not), oldest first. */
  public bodies(name: string): string[] {
    return (this.queues.get(name) ?? []).map((m) => m.body);
  }

  /** Makes in-flight messages visible again, as the visibility timeout would. */
  public expireVisibility(): void {
    for (const queue of this.queues.values()) for (const m of queue) m.receiptHandle = undefined;
  }
}
