/**
 * DynamoDB Streams for dynalite, which has none: an HTTP proxy in front of dynalite that passes
 * every request through and, for each PutItem DynamoDB accepted, appends the stream record
 * DynamoDB would (NEW_IMAGE: the item as written, in DynamoDB JSON), with increasing sequence
 * numbers. A poller then plays the Lambda event source mapping: batches (size and batching window),
 * the INSERT filter, partial batch responses retried from the first failed record, a retry limit
 * and the on-failure destination.
 */
import { randomBytes } from "node:crypto";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";

export interface StreamTapOptions {
  /** URL of dynalite. */
  readonly target: string;
  readonly region: string;
  readonly accountId: string;
  /** Key attribute names per table (for `Keys` and INSERT/MODIFY). */
  readonly keyAttributes: Readonly<Record<string, readonly string[]>>;
}

export class DynamoDbStreamTap {
  public readonly records: DynamoDBRecord[] = [];
  private readonly seen = new Set<string>();
  private server: Server | undefined;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private sequence = 100_000_000_000_000_000_000n;

  public constructor(private readonly options: StreamTapOptions) {}

  public get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("stream tap not started");
    return `http://127.0.0.1:${address.port}`;
  }

  public async start(): Promise<void> {
    const target = new URL(this.options.target);
    this.server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (part: Buffer) => parts.push(part));
      req.on("end", () => {
        const body = Buffer.concat(parts);
        const forward = httpRequest(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
          (upstream) => {
            const answer: Buffer[] = [];
            upstream.on("data", (part: Buffer) => answer.push(part));
            upstream.on("end", () => {
              if (upstream.statusCode === 200 && req.headers["x-amz-target"] === "DynamoDB_20120810.PutItem") this.recordPut(body.toString("utf8"));
              res.writeHead(upstream.statusCode ?? 500, upstream.headers);
              res.end(Buffer.concat(answer));
            });
          },
        );
        forward.on("error", (error) => {
          res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
          res.end(JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: String(error) }));
        });
        forward.end(body);
      });
    });
    this.server.keepAliveTimeout = 60_000;
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  }

  private recordPut(body: string): void {
    const { TableName, Item } = JSON.parse(body) as { TableName: string; Item: Record<string, Record<string, unknown>> };
    const keyNames = this.options.keyAttributes[TableName] ?? [];
    const keys = Object.fromEntries(keyNames.map((name) => [name, Item[name]]));
    const identity = `${TableName}|${JSON.stringify(keys)}`;
    const eventName = this.seen.has(identity) ? "MODIFY" : "INSERT";
    this.seen.add(identity);
    this.sequence += 1n;
    this.records.push({
      eventID: randomBytes(16).toString("hex"),
      eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: this.options.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: keys as never,
        NewImage: Item as never,
        SequenceNumber: this.sequence.toString(),
        SizeBytes: Buffer.byteLength(body),
        StreamViewType: "NEW_IMAGE",
      },
      eventSourceARN: `arn:aws:dynamodb:${this.options.region}:${this.options.accountId}:table/${TableName}/stream/2026-06-01T00:00:00.000`,
    });
  }

  public async stop(): Promise<void> {
    this.agent.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface StreamEventSourceOptions {
  readonly tap: DynamoDbStreamTap;
  readonly batchSize: number;
  /** `maximum_batching_window_in_seconds`, in ms (the demo may shorten it). */
  readonly batchingWindowMs: number;
  /** `filter_criteria`: event names that reach the function. @default all */
  readonly eventNames?: readonly string[];
  readonly maxRetryAttempts: number;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  readonly onError?: (error: unknown) => void;
}

/** The Lambda poller of a DynamoDB stream (one shard: batches run one after another, in order). */
export class DynamoDbStreamEventSource {
  public invocations = 0;
  /** Records sent to the on-failure destination after the retries ran out. */
  public readonly failedRecords: DynamoDBRecord[] = [];
  public filteredOut = 0;
  public delivered = 0;
  private position = 0;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  public constructor(private readonly options: StreamEventSourceOptions) {}

  public start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.poll().finally(() => (this.running = undefined));
    }, 50);
  }

  /** True when every stream record so far has been handled. */
  public get caughtUp(): boolean {
    return !this.running && this.position >= this.options.tap.records.length;
  }

  private async poll(): Promise<void> {
    const { tap, batchSize, batchingWindowMs } = this.options;
    const pending = tap.records.length - this.position;
    if (pending === 0) return;
    const oldest = (tap.records[this.position]!.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000;
    // Wait for a full batch or for the batching window to pass (the window is cut short when stopping).
    if (pending < batchSize && Date.now() - oldest < batchingWindowMs && !this.stopping) return;
    const batch = tap.records.slice(this.position, this.position + batchSize);
    this.position += batch.length;
    const wanted = this.options.eventNames;
    let records = wanted ? batch.filter((r) => wanted.includes(r.eventName ?? "")) : batch;
    this.filteredOut += batch.length - records.length;
    for (let attempt = 0; records.length > 0; attempt += 1) {
      this.invocations += 1;
      let failedFrom = -1;
      try {
        const response = await this.options.invoke({ Records: records });
        const failed = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
        if (failed.length > 0) {
          // Lambda retries from the lowest failed sequence number.
          const lowest = failed.reduce((a, b) => (BigInt(a) < BigInt(b) ? a : b));
          failedFrom = records.findIndex((r) => r.dynamodb?.SequenceNumber === lowest);
        }
      } catch (error) {
        this.options.onError?.(error);
        failedFrom = 0;
      }
      if (failedFrom < 0) {
        this.delivered += records.length;
        return;
      }
      this.delivered += failedFrom;
      records = records.slice(failedFrom);
      if (attempt >= this.options.maxRetryAttempts) {
        this.failedRecords.push(...records);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Delivers what is left (the batching window no longer waits) and stops polling. */
  public async drain(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const until = Date.now() + timeoutMs;
    while (!this.caughtUp && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  public async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
