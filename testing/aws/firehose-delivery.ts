/**
 * Firehose's delivery side, in process: the records the Firehose stub accepted are buffered per
 * delivery stream and written to S3 as one GZIP object per buffer (size or interval reached),
 * under the stream's prefix with its `!{timestamp:...}` expressions expanded and Firehose's
 * object name (`<stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>`). A fault can truncate lines on
 * the way (a malformed capture).
 */
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { FirehoseStub } from "../wire/firehose-stub";
import { Random } from "../random";

export interface FirehoseDeliveryOptions {
  readonly stub: FirehoseStub;
  readonly s3: S3Client;
  readonly streamName: string;
  readonly bucket: string;
  /** Prefix with Firehose's `!{timestamp:...}` expressions, from the stack. */
  readonly prefix: string;
  /** Buffering interval (the demo shortens the stack's). */
  readonly bufferIntervalMs: number;
  readonly bufferSizeBytes: number;
  readonly compression: "GZIP" | "UNCOMPRESSED";
  /** Share of lines truncated on the way to S3. @default 0 */
  readonly malformedRate?: number;
  readonly seed: string;
}

export interface DeliveredObject {
  readonly key: string;
  readonly lines: number;
  /** Request ids of the object's lines, in order (read before any line was cut). */
  readonly requestIds: readonly string[];
  readonly malformed: number;
  readonly bytes: number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Expands `!{timestamp:yyyy}`-style expressions (UTC), as Firehose does for prefixes. */
export function expandPrefix(prefix: string, at: Date): string {
  const parts: Record<string, string> = {
    yyyy: String(at.getUTCFullYear()),
    MM: pad(at.getUTCMonth() + 1),
    dd: pad(at.getUTCDate()),
    HH: pad(at.getUTCHours()),
    mm: pad(at.getUTCMinutes()),
  };
  return prefix.replace(/!\{timestamp:([^}]+)\}/g, (_, format: string) => format.replace(/yyyy|MM|dd|HH|mm/g, (token) => parts[token]!));
}

export class FirehoseDelivery {
  public readonly objects: DeliveredObject[] = [];
  private taken = 0;
  private buffer: string[] = [];
  private bufferBytes = 0;
  private bufferStartedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private recordIndex = 0;

  public constructor(private readonly options: FirehoseDeliveryOptions) {}

  public start(): void {
    this.timer = setInterval(() => this.tick(), 100);
  }

  /** Records accepted by the stub but not yet in S3. */
  public get pending(): number {
    return this.options.stub.records.length - this.taken + this.buffer.length;
  }

  public get linesDelivered(): number {
    return this.objects.reduce((n, o) => n + o.lines, 0);
  }

  private tick(): void {
    const { stub, streamName, bufferIntervalMs, bufferSizeBytes } = this.options;
    for (; this.taken < stub.records.length; this.taken += 1) {
      const record = stub.records[this.taken]!;
      if (record.streamName !== streamName) continue;
      if (this.buffer.length === 0) this.bufferStartedAt = Date.now();
      this.buffer.push(record.data);
      this.bufferBytes += Buffer.byteLength(record.data);
    }
    if (this.buffer.length > 0 && (this.bufferBytes >= bufferSizeBytes || Date.now() - this.bufferStartedAt >= bufferIntervalMs)) void this.flush();
  }

  /** Writes the buffer as one object now. */
  public flush(): Promise<void> {
    if (this.buffer.length === 0) return this.flushing;
    const lines = this.buffer;
    this.buffer = [];
    this.bufferBytes = 0;
    this.flushing = this.flushing.then(() => this.write(lines));
    return this.flushing;
  }

  private async write(records: string[]): Promise<void> {
    const { malformedRate = 0, seed } = this.options;
    let malformed = 0;
    const out = records.map((data) => {
      const random = Random.for(seed, "malformed", this.recordIndex++);
      if (!random.chance(malformedRate)) return data;
      malformed += 1;
      // The line is cut part-way, as by an interrupted write; its newline survives.
      return `${data.slice(0, Math.max(10, Math.floor(data.length * (0.2 + 0.6 * random.next()))))}\n`;
    });
    const body = Buffer.from(out.join(""), "utf8");
    const now = new Date();
    const stamp = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}-${pad(now.getUTCHours())}-${pad(now.getUTCMinutes())}-${pad(now.getUTCSeconds())}`;
    const key = `${expandPrefix(this.options.prefix, now)}${this.options.streamName}-1-${stamp}-${randomUUID()}${this.options.compression === "GZIP" ? ".gz" : ""}`;
    const payload = this.options.compression === "GZIP" ? gzipSync(body) : body;
    await this.options.s3.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: payload }));
    const requestIds = records.map((data) => /"requestId":"([^"]+)"/.exec(data)?.[1] ?? "");
    this.objects.push({ key, lines: records.length, requestIds, malformed, bytes: payload.length });
  }

  /** Takes what the stub holds and writes it out. */
  public async drain(): Promise<void> {
    const interval = this.options.bufferIntervalMs;
    (this.options as { bufferIntervalMs: number }).bufferIntervalMs = 0;
    this.tick();
    await this.flush();
    (this.options as { bufferIntervalMs: number }).bufferIntervalMs = interval;
  }

  public async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
  }
}
