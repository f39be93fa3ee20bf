import { PutRecordBatchCommand, PutRecordCommand } from "@aws-sdk/client-firehose";
import type { FirehoseClient } from "@aws-sdk/client-firehose";
import { LOG_DELIVERY_ATTEMPTS, LOG_DELIVERY_ATTEMPT_TIMEOUT_MS, LOG_FALLBACK_TIMEOUT_MS } from "../../contracts/gateway-budget";
import type { InferenceLogRecord } from "../../contracts/inference-log-record";
import type { GatewayLogger } from "./gateway-logger";
import { MAX_LOG_PARTS, splitLogRecord, type SplitOptions } from "./log-split";

export { LOG_DELIVERY_ATTEMPTS };

/** PutRecordBatch limits: 500 records and 4 MiB per call. */
const BATCH_MAX_RECORDS = 500;
const BATCH_MAX_BYTES = 4 * 1024 * 1024;
/** Below this much time left before the response deadline, an attempt is not started. */
const MIN_ATTEMPT_MS = 50;

export interface LogDeliveryOptions {
  readonly firehose: FirehoseClient;
  readonly streamName: string;
  readonly logger: GatewayLogger;
  /** Called once when a record (or any of its parts) is given up on (the gateway counts InferenceLogDeliveryFailed). */
  readonly onDeliveryFailed: (record: InferenceLogRecord) => void;
  /**
   * Per-attempt deadline. The response waits for delivery (Lambda freezes the sandbox after
   * returning, so a fire-and-forget put would be lost), hence a short bound.
   * @default 2000
   */
  readonly attemptTimeoutMs?: number;
  /**
   * Epoch milliseconds by which delivery must be over, so that the response still reaches API
   * Gateway before its 29 s timeout: attempts are cut to it, and none starts past it.
   * @default - no deadline beyond the per-attempt one
   */
  readonly deadline?: number;
  /**
   * Takes the lines Firehose refused twice (log-fallback.ts), within the signal's deadline; throws
   * when it could not.
   * @default - none: such a record is lost (logged and counted)
   */
  readonly fallback?: (lines: readonly Uint8Array[], abortSignal: AbortSignal) => Promise<void>;
  /** Record size limits (tests use small ones). @default - Firehose's 1,000 KiB per record */
  readonly split?: SplitOptions;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Encodes a record as Firehose expects it in S3: one JSON object per line (when it fits one record). */
export function encodeLogRecord(record: InferenceLogRecord): Uint8Array {
  return Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
}

/** An SQS message holds 256 KiB (hashicorp/aws 5.100 allows no more), attributes included. */
export const FALLBACK_MAX_LINE_BYTES = 250_000;

/**
 * The lines for the fallback queue: the whole record split again to fit SQS messages when Firehose
 * took none of it; when it took some lines (one PutRecordBatch call failed part-way), the rest as
 * they are (a line over SQS's limit is then refused, and the record counted lost).
 */
function fallbackLines(record: InferenceLogRecord, lines: readonly Uint8Array[], pending: readonly Uint8Array[], split?: SplitOptions): readonly Uint8Array[] {
  if (pending.length !== lines.length) return pending;
  const maxRecordBytes = Math.min(split?.maxRecordBytes ?? FALLBACK_MAX_LINE_BYTES, FALLBACK_MAX_LINE_BYTES);
  return splitLogRecord(record, { maxRecordBytes, maxParts: (split?.maxParts ?? MAX_LOG_PARTS) * 4 }).lines;
}

/** Groups lines into PutRecordBatch calls within the per-call limits. */
function batches(lines: readonly Uint8Array[]): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let bytes = 0;
  for (const data of lines) {
    if (current.length > 0 && (current.length >= BATCH_MAX_RECORDS || bytes + data.length > BATCH_MAX_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(data);
    bytes += data.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Puts the record to Firehose, retrying once, within the deadline. A record over Firehose's
 * 1,000 KiB limit is split into a head and continuation parts (`splitLogRecord`), sent with
 * PutRecordBatch. Never throws: a final failure is logged (request id, stream, error; never prompt
 * text) and reported through `onDeliveryFailed`.
 * @returns true when Firehose accepted the record and every part
 */
export async function deliverLogRecord(record: InferenceLogRecord, options: LogDeliveryOptions): Promise<boolean> {
  const now = options.now ?? Date.now;
  const { lines, split } = splitLogRecord(record, options.split);
  if (split) {
    options.logger.warn(split.truncatedChars > 0 ? "inference log truncated" : "inference log split", {
      requestId: record.requestId,
      deliveryStream: options.streamName,
      ...split,
    });
  }
  let pending = lines;
  let lastError: unknown;
  // The fallback keeps its own slice of the deadline: Firehose attempts end before it.
  const reserve = options.fallback ? LOG_FALLBACK_TIMEOUT_MS : 0;
  for (let attempt = 1; attempt <= LOG_DELIVERY_ATTEMPTS && pending.length > 0; attempt += 1) {
    const left = options.deadline === undefined ? Number.POSITIVE_INFINITY : options.deadline - reserve - now();
    if (left < MIN_ATTEMPT_MS) {
      lastError ??= new Error("no time left before the API Gateway response deadline");
      break;
    }
    const timeout = Math.min(options.attemptTimeoutMs ?? LOG_DELIVERY_ATTEMPT_TIMEOUT_MS, left);
    const result = await put(pending, options, AbortSignal.timeout(timeout));
    pending = result.pending;
    if (result.error !== undefined) lastError = result.error;
    else if (pending.length > 0) lastError = new Error(`Firehose refused ${pending.length} of the record's ${lines.length} lines`);
  }
  if (pending.length === 0) return true;
  const fallbackLeft = options.deadline === undefined ? LOG_FALLBACK_TIMEOUT_MS : Math.min(LOG_FALLBACK_TIMEOUT_MS, options.deadline - now());
  if (options.fallback && fallbackLeft >= MIN_ATTEMPT_MS) {
    try {
      await options.fallback(fallbackLines(record, lines, pending, options.split), AbortSignal.timeout(fallbackLeft));
      options.logger.warn("inference log sent to the fallback queue", {
        requestId: record.requestId,
        deliveryStream: options.streamName,
        lines: pending.length,
        firehoseErrorName: lastError instanceof Error ? lastError.name : "UnknownError",
      });
      return true;
    } catch (error) {
      lastError = error;
    }
  }
  options.logger.error("inference log delivery failed", {
    requestId: record.requestId,
    deliveryStream: options.streamName,
    attempts: LOG_DELIVERY_ATTEMPTS,
    ...(lines.length > 1 ? { lines: lines.length, undelivered: pending.length } : {}),
    errorName: lastError instanceof Error ? lastError.name : "UnknownError",
    errorMessageLength: lastError instanceof Error ? lastError.message.length : String(lastError).length,
  });
  options.onDeliveryFailed(record);
  return false;
}

/**
 * Sends the lines; returns those still to send: refused by Firehose (PutRecordBatch answers per
 * record), or in a call that failed and every call after it (so a retry never repeats an accepted line).
 */
async function put(lines: readonly Uint8Array[], options: LogDeliveryOptions, abortSignal: AbortSignal): Promise<{ pending: Uint8Array[]; error?: unknown }> {
  if (lines.length === 1) {
    try {
      await options.firehose.send(new PutRecordCommand({ DeliveryStreamName: options.streamName, Record: { Data: lines[0]! } }), { abortSignal });
      return { pending: [] };
    } catch (error) {
      return { pending: [...lines], error };
    }
  }
  const pending: Uint8Array[] = [];
  const groups = batches(lines);
  for (const [index, group] of groups.entries()) {
    try {
      const output = await options.firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: options.streamName, Records: group.map((data) => ({ Data: data })) }),
        { abortSignal },
      );
      (output.RequestResponses ?? []).forEach((response, at) => {
        if (response.ErrorCode) pending.push(group[at]!);
      });
    } catch (error) {
      return { pending: [...pending, ...groups.slice(index).flat()], error };
    }
  }
  return { pending };
}
