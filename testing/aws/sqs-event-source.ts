/**
 * An SQS queue with a redrive policy and the Lambda event source mapping that polls it, in
 * process: messages are received in batches, become invisible for the visibility timeout, are
 * deleted when the function reports them done, come back when it reports them failed (partial
 * batch response) or throws, and move to the dead-letter queue after `maxReceiveCount` receives.
 * The function gets the SQSEvent Lambda would build.
 */
import { createHash, randomUUID } from "node:crypto";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

interface Message {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
  receiptHandle: string;
}

export interface LocalQueueOptions {
  readonly name: string;
  readonly arn: string;
  /**
   * How long a failed message stays invisible before it is received again. The clock starts when the
   * function returns: while it runs, the message stays invisible (the stack's timeout is longer).
   */
  readonly visibilityTimeoutMs: number;
  /** Receives after which a message moves to `deadLetterQueue`. */
  readonly maxReceiveCount?: number;
  readonly deadLetterQueue?: LocalQueue;
}

export class LocalQueue {
  private readonly messages: Message[] = [];
  public sent = 0;

  public constructor(public readonly options: LocalQueueOptions) {}

  public send(body: string): void {
    this.sent += 1;
    const now = Date.now();
    this.messages.push({ messageId: randomUUID(), body, sentAt: now, receiveCount: 0, visibleAt: now, receiptHandle: "" });
  }

  /** Messages in the queue (visible or in flight), as ApproximateNumberOfMessages + NotVisible. */
  public get depth(): number {
    return this.messages.length;
  }

  public get visible(): number {
    const now = Date.now();
    return this.messages.filter((m) => m.visibleAt <= now).length;
  }

  /** Bodies of every message still in the queue. */
  public bodies(): string[] {
    return this.messages.map((m) => m.body);
  }

  /** Up to `max` visible messages; each becomes invisible for the visibility timeout. */
  public receive(max: number): Message[] {
    const now = Date.now();
    const out: Message[] = [];
    for (let i = 0; i < this.messages.length && out.length < max; ) {
      const message = this.messages[i]!;
      if (message.visibleAt > now) {
        i += 1;
        continue;
      }
      const limit = this.options.maxReceiveCount;
      if (limit !== undefined && this.options.deadLetterQueue && message.receiveCount >= limit) {
        // Redrive: the message moves as it is to the dead-letter queue.
        this.messages.splice(i, 1);
        this.options.deadLetterQueue.send(message.body);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      // Invisible while the function works on it (the stack's visibility timeout outlasts the function's timeout).
      message.visibleAt = Number.POSITIVE_INFINITY;
      message.receiptHandle = randomUUID();
      out.push(message);
      i += 1;
    }
    return out;
  }

  /** A failed message becomes visible again after the (demo's) visibility timeout. */
  public release(receiptHandle: string): void {
    const message = this.messages.find((m) => m.receiptHandle === receiptHandle);
    if (message) message.visibleAt = Date.now() + this.options.visibilityTimeoutMs;
  }

  public delete(receiptHandle: string): void {
    const index = this.messages.findIndex((m) => m.receiptHandle === receiptHandle);
    if (index >= 0) this.messages.splice(index, 1);
  }

  public toRecord(message: Message, region: string): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: "AIDAS3NOTIFICATIONS",
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash("md5").update(message.body, "utf8").digest("hex"),
      eventSource: "aws:sqs",
      eventSourceARN: this.options.arn,
      awsRegion: region,
    };
  }
}

export interface SqsEventSourceOptions {
  readonly queue: LocalQueue;
  readonly region: string;
  readonly batchSize: number;
  /** Concurrent invocations the mapping may run (`scaling_config.maximum_concurrency`). */
  readonly maxConcurrency: number;
  /** `ReportBatchItemFailures` in `function_response_types`. */
  readonly reportBatchItemFailures: boolean;
  readonly invoke: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  /** How often the poller looks for messages. @default 50 */
  readonly pollIntervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** The Lambda poller of one SQS event source mapping. */
export class SqsEventSource {
  public invocations = 0;
  public failedInvocations = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  public constructor(private readonly options: SqsEventSourceOptions) {}

  public start(): void {
    this.timer = setInterval(() => this.poll(), this.options.pollIntervalMs ?? 50);
  }

  /** True when no invocation is running. */
  public get idle(): boolean {
    return this.inFlight === 0;
  }

  private poll(): void {
    const { queue, batchSize, maxConcurrency } = this.options;
    while (this.inFlight < maxConcurrency) {
      const batch = queue.receive(batchSize);
      if (batch.length === 0) return;
      this.inFlight += 1;
      const task = this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.running.delete(task);
      });
      this.running.add(task);
    }
  }

  private async run(batch: ReturnType<LocalQueue["receive"]>): Promise<void> {
    const { queue, region } = this.options;
    const event: SQSEvent = { Records: batch.map((message) => queue.toRecord(message, region)) };
    this.invocations += 1;
    try {
      const response = await this.options.invoke(event);
      const failed = new Set(this.options.reportBatchItemFailures ? (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier) : []);
      if (failed.size > 0) this.failedInvocations += 1;
      // Failed messages come back when their visibility timeout ends.
      for (const message of batch) {
        if (failed.has(message.messageId)) queue.release(message.receiptHandle);
        else queue.delete(message.receiptHandle);
      }
    } catch (error) {
      this.failedInvocations += 1;
      this.options.onError?.(error);
      for (const message of batch) queue.release(message.receiptHandle);
    }
  }

  public async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.running]);
  }
}
