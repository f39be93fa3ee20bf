/**
 * Turns one line of a DataCapture object or of an inference-log object into an EvaluationRecord.
 * Throws MalformedLineError for anything that is not one of the two formats.
 */
import {
  INFERENCE_LOG_PART_RECORD_TYPE,
  INFERENCE_LOG_RECORD_TYPE,
  INFERENCE_LOG_SCHEMA_VERSION,
  INFERENCE_STATUSES,
  type InferenceLogRecord,
  type InferenceStatus,
} from "../../contracts/inference-log-record";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../../contracts/json-depth";
import { CANARY_REQUEST_TYPE, CANARY_RUN_ID, CANARY_USE_CASE, type CanaryMark } from "../../contracts/pii-canary";
import { parseTraceparent } from "../../contracts/tracing";
import { parseCustomAttributes } from "./custom-attributes";
import { MalformedLineError, NestingTooDeepError } from "./errors";
import { metadataValues } from "./last-check/metadata-values";
import { checkName } from "./metadata-names";
import { promptText, responseText } from "./payload-text";
import type { EvaluationRecord, SkipReason } from "./types";

/** A line that is valid but not a record to judge. */
export interface SkippedLine {
  readonly skip: SkipReason;
}

/** Used when neither the record nor its attributes name a value. */
export const UNKNOWN = "unknown";

export interface ParseContext {
  /** S3 key of the object: DataCapture keys carry the endpoint name. */
  readonly key: string;
  /** Model name per endpoint for DataCapture records. */
  readonly endpointModelNames: Readonly<Record<string, string>>;
  /** Configured use cases: any other value is recorded as `unknown` (metadata-names.ts). */
  readonly useCases: readonly string[];
  /** Configured request types, checked the same way. */
  readonly requestTypes: readonly string[];
}

/** Use case and request type checked against the configuration, with the hash of a value that was not configured. */
function metadataNames(useCase: string | undefined, requestType: string | undefined, context: ParseContext) {
  const checkedUseCase = checkName(useCase, context.useCases);
  const checkedRequestType = checkName(requestType, context.requestTypes);
  return {
    useCase: checkedUseCase.name,
    requestType: checkedRequestType.name,
    ...(checkedUseCase.rawSha256 ? { unknownUseCaseSha256: checkedUseCase.rawSha256 } : {}),
    ...(checkedRequestType.rawSha256 ? { unknownRequestTypeSha256: checkedRequestType.rawSha256 } : {}),
  };
}

interface CapturePayload {
  readonly observedContentType?: unknown;
  readonly mode?: unknown;
  readonly data?: unknown;
  readonly encoding?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodePayload(payload: unknown, which: string): { text: string; contentType: string } {
  if (!isObject(payload)) throw new MalformedLineError(`captureData.${which} is missing`);
  const { data, encoding, observedContentType } = payload as CapturePayload;
  if (typeof data !== "string") throw new MalformedLineError(`captureData.${which}.data is not a string`);
  const contentType = typeof observedContentType === "string" ? observedContentType : "application/json";
  const encodingName = typeof encoding === "string" ? encoding.toUpperCase() : "JSON";
  if (encodingName === "BASE64") {
    if (!/^[A-Za-z0-9+/=\s]*$/.test(data)) throw new MalformedLineError(`captureData.${which}.data is not valid BASE64`);
    return { text: Buffer.from(data, "base64").toString("utf8"), contentType };
  }
  if (encodingName === "JSON" || encodingName === "CSV" || encodingName === "TEXT") return { text: data, contentType };
  throw new MalformedLineError(`captureData.${which}.encoding is not one of BASE64, JSON, CSV, TEXT`);
}

/**
 * DataCapture keys look like `<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/<file>.jsonl`:
 * the endpoint is the segment two before the year.
 */
export function endpointFromCaptureKey(key: string): string {
  const segments = key.split("/");
  for (let index = 2; index + 3 < segments.length; index += 1) {
    if (/^\d{4}$/.test(segments[index]!) && /^\d{2}$/.test(segments[index + 1]!) && /^\d{2}$/.test(segments[index + 2]!)) {
      return segments[index - 2] || UNKNOWN;
    }
  }
  return UNKNOWN;
}

/** The custom attributes as one string: a string, or the strings of an array (anything else is ignored). */
function attributesText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === "string").join(";");
}

/** What a non-boolean `guardrail.flagged` held, shortened: it is only ever counted, by its first characters. */
function unexpectedFlag(value: unknown): string {
  if (value === undefined) return "";
  return (typeof value === "string" ? value : (JSON.stringify(value) ?? typeof value)).slice(0, 64);
}

function validTime(value: unknown, field: string): string {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value))) throw new MalformedLineError(`${field} is not an ISO-8601 time`);
  return new Date(Date.parse(value)).toISOString();
}

function parseCapture(line: Record<string, unknown>, context: ParseContext): EvaluationRecord {
  const captureData = line.captureData;
  const metadata = line.eventMetadata;
  if (!isObject(captureData)) throw new MalformedLineError("captureData is not an object");
  if (!isObject(metadata)) throw new MalformedLineError("eventMetadata is not an object");
  if (typeof metadata.eventId !== "string" || metadata.eventId === "") throw new MalformedLineError("eventMetadata.eventId is missing");
  const rawAttributes = attributesText(metadata.customAttributes);
  const attributes = parseCustomAttributes(rawAttributes);
  const input = decodePayload(captureData.endpointInput, "endpointInput");
  const output = decodePayload(captureData.endpointOutput, "endpointOutput");
  const response = responseText(output.text, output.contentType);
  const endpointName = endpointFromCaptureKey(context.key);
  const revealedByMetadata = metadataValues(input.text, rawAttributes);
  return {
    // The gateway's request id joins a capture record to its inference-log twin: one score per request.
    eventId: attributes.requestId ?? metadata.eventId,
    inferenceTime: validTime(metadata.inferenceTime, "eventMetadata.inferenceTime"),
    source: "data_capture",
    endpointName,
    modelName: context.endpointModelNames[endpointName] ?? endpointName,
    ...metadataNames(attributes.useCase, attributes.requestType, context),
    guardrailFlagged: attributes.guardrailFlagged,
    ...(attributes.unexpectedGuardrail !== undefined ? { unexpectedGuardrail: attributes.unexpectedGuardrail } : {}),
    ...(response.meanTokenEntropy === undefined ? {} : { meanTokenEntropy: response.meanTokenEntropy }),
    ...(attributes.traceparent ? { traceparent: attributes.traceparent } : {}),
    prompt: promptText(input.text, input.contentType),
    response: response.text,
    ...(revealedByMetadata.length > 0 ? { revealedByMetadata } : {}),
  };
}

function requireString(record: Record<string, unknown>, field: keyof InferenceLogRecord): string {
  const value = record[field];
  if (typeof value !== "string") throw new MalformedLineError(`inference log field ${field} is not a string`);
  return value;
}

/** The canary mark, when the record carries one; a malformed mark is a malformed line (never guessed from values). */
function canaryMark(value: unknown): { canary?: CanaryMark } {
  if (value === undefined) return {};
  if (!isObject(value) || typeof value.runId !== "string" || !CANARY_RUN_ID.test(value.runId)) {
    throw new MalformedLineError("inference log field canary must be {runId} with a run id such as 20260601T120000Z-9f2c4a1b");
  }
  return { canary: { runId: value.runId } };
}

function parseInferenceLog(line: Record<string, unknown>, context: ParseContext): EvaluationRecord {
  if (line.schemaVersion !== INFERENCE_LOG_SCHEMA_VERSION) {
    throw new MalformedLineError(`inference log field schemaVersion must be ${INFERENCE_LOG_SCHEMA_VERSION}`);
  }
  const requestId = requireString(line, "requestId");
  if (requestId === "") throw new MalformedLineError("inference log field requestId is empty");
  const status = line.status;
  if (typeof status !== "string" || !(INFERENCE_STATUSES as readonly string[]).includes(status)) {
    throw new MalformedLineError(`inference log field status must be one of ${INFERENCE_STATUSES.join(", ")}`);
  }
  const guardrail = line.guardrail;
  const flaggedField = isObject(guardrail) ? guardrail.flagged : undefined;
  const entropy = line.meanTokenEntropy;
  const canary = canaryMark(line.canary);
  // The canary's own names stand beside the configured ones for its records only (never published).
  const names = canary.canary
    ? { ...context, useCases: [...context.useCases, CANARY_USE_CASE], requestTypes: [...context.requestTypes, CANARY_REQUEST_TYPE] }
    : context;
  return {
    eventId: requestId,
    inferenceTime: validTime(line.inferenceTime, "inferenceTime"),
    source: "inference_log",
    status: status as InferenceStatus,
    endpointName: requireString(line, "endpointName"),
    modelName: requireString(line, "modelName"),
    ...metadataNames(requireString(line, "useCase"), requireString(line, "requestType"), names),
    // Fails closed: only an explicit `guardrail.flagged: false` is clear.
    guardrailFlagged: flaggedField !== false,
    ...(typeof flaggedField === "boolean" ? {} : { unexpectedGuardrail: unexpectedFlag(flaggedField) }),
    ...(typeof entropy === "number" && Number.isFinite(entropy) ? { meanTokenEntropy: entropy } : {}),
    // A malformed trace context is dropped, never fatal: the record is still judged.
    ...(parseTraceparent(typeof line.traceparent === "string" ? line.traceparent : undefined) ? { traceparent: line.traceparent as string } : {}),
    prompt: requireString(line, "prompt"),
    response: requireString(line, "response"),
    ...canary,
  };
}

/**
 * Parses one line (already known to be non-blank). A continuation part of a split inference log is
 * returned as skipped: its head record (same request id, with the start of the texts and the
 * `split` marker) is the one judged, and the judge reads far less text than one record holds.
 */
export function parseRecord(line: string, context: ParseContext): EvaluationRecord | SkippedLine {
  // Checked on the text: parsing is iterative, but what reads the value afterwards is not.
  if (exceedsJsonDepth(line)) throw new NestingTooDeepError(`line nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new MalformedLineError("line is not valid JSON (truncated or corrupt)");
  }
  if (!isObject(parsed)) throw new MalformedLineError("line is not a JSON object");
  if (parsed.recordType === INFERENCE_LOG_RECORD_TYPE) return parseInferenceLog(parsed, context);
  if (parsed.recordType === INFERENCE_LOG_PART_RECORD_TYPE) return { skip: "log_continuation" };
  if ("captureData" in parsed) return parseCapture(parsed, context);
  throw new MalformedLineError("line is neither a DataCapture record nor an inference log record");
}

/** Best-effort event id of a line that failed to parse, for the dead-letter pointer. */
export function eventIdHint(line: string): string | undefined {
  const match = /"(?:eventId|requestId)"\s*:\s*"([^"\\]{1,200})"/.exec(line.length > 65_536 ? line.slice(0, 65_536) : line);
  return match?.[1];
}
