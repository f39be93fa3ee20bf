/**
 * The gateway's time budget under API Gateway REST's integration timeout, shared by the gateway
 * function (which enforces it per request) and the modules and environments (which refuse a
 * deadline that cannot fit). The response must leave the function before API Gateway gives up at
 * 29 s, or the client gets a 504 while the metrics say `ok`:
 *
 *   invoke deadline + log delivery (2 Firehose attempts x 1.5 s + 1 s for the fallback queue)
 *   + response margin (1 s) <= 29 s
 */

/** API Gateway REST's integration timeout. */
export const API_GATEWAY_INTEGRATION_TIMEOUT_MS = 29_000;
/** Firehose puts per inference log record: the first and one retry. */
export const LOG_DELIVERY_ATTEMPTS = 2;
/** Deadline of one Firehose put. */
export const LOG_DELIVERY_ATTEMPT_TIMEOUT_MS = 1_500;
/**
 * Time kept for the fallback: a record Firehose refused twice goes to an SQS queue (then
 * `npm run dlq:replay`), so even a Firehose outage loses no record.
 */
export const LOG_FALLBACK_TIMEOUT_MS = 1_000;
/** Time kept for parsing, metrics and returning the response around the invoke and the delivery. */
export const RESPONSE_MARGIN_MS = 1_000;
/** The most the log delivery may take. */
export const LOG_DELIVERY_BUDGET_MS = LOG_DELIVERY_ATTEMPTS * LOG_DELIVERY_ATTEMPT_TIMEOUT_MS + LOG_FALLBACK_TIMEOUT_MS;
/** Longest invoke deadline that still fits: 29 s - 4 s - 1 s = 24 s. */
export const MAX_INVOKE_TIMEOUT_MS = API_GATEWAY_INTEGRATION_TIMEOUT_MS - LOG_DELIVERY_BUDGET_MS - RESPONSE_MARGIN_MS;
/** Default invoke deadline: the longest that fits. */
export const DEFAULT_INVOKE_TIMEOUT_MS = MAX_INVOKE_TIMEOUT_MS;

/**
 * Firehose's limit on one record (1,000 KiB, before base64). A larger inference log is split into a
 * head record and continuation parts (see `inference-log-record.ts`).
 */
export const FIREHOSE_MAX_RECORD_BYTES = 1_024_000;
