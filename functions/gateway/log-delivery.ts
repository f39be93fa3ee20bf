import { PutRecordCommand } from "@aws-sdk/client-firehose";
import type { FirehoseClient } from "@aws-sdk/client-firehose";
import type { InferenceLogRecord } from "../../contracts/inference-log-record";
import type { GatewayLogger } from "./gateway-logger";

/** Attempts per record: the first put and one retry. */
export const LOG_DELIVERY_ATTEMPTS = 2;

export interface LogDeliveryOptions {
  readonly firehose: FirehoseClient;
  readonly streamName: string;
  readonly logger: GatewayLogger;
  /** Called once when a record is given up on (the gateway counts InferenceLogDeliveryFailed). */
  readonly onDeliveryFailed: (record: InferenceLogRecord) => void;
  /**
   * Per-attempt deadline. The response waits for delivery (Lambda freezes the sandbox after
   * returning, so a fire-and-forget put would be lost), hence a short bound.
   * @default 2000
   */
  readonly attemptTimeoutMs?: number;
}

/** Encodes a record as Firehose expects it in S3: one JSON object per line. */
export function encodeLogRecord(record: InferenceLogRecord): Uint8Array {
  return Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
}

/**
 * Puts the record to Firehose, retrying once. Never throws: a final failure is logged
 * (request id, stream, error; never prompt text) and reported through `onDeliveryFailed`.
 * @returns true when Firehose accepted the record
 */
export async function deliverLogRecord(record: InferenceLogRecord, options: LogDeliveryOptions): Promise<boolean> {
  const data = encodeLogRecord(record);
  let lastError: unknown;
  for (let attempt = 1; attempt <= LOG_DELIVERY_ATTEMPTS; attempt += 1) {
    try {
      await options.firehose.send(
        new PutRecordCommand({ DeliveryStreamName: options.streamName, Record: { Data: data } }),
        { abortSignal: AbortSignal.timeout(options.attemptTimeoutMs ?? 2000) },
      );
      return true;
    } catch (error) {
      lastError = error;
    }
  }
  options.logger.error("inference log delivery failed", {
    requestId: record.requestId,
    deliveryStream: options.streamName,
    attempts: LOG_DELIVERY_ATTEMPTS,
    errorName: lastError instanceof Error ? lastError.name : "UnknownError",
    errorMessage: lastError instanceof Error ? lastError.message.slice(0, 300) : String(lastError).slice(0, 300),
  });
  options.onDeliveryFailed(record);
  return false;
}
