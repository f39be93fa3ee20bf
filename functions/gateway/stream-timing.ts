import { performance } from "node:perf_hooks";
import type { ResponseStream } from "@aws-sdk/client-sagemaker-runtime";
import type { InferenceStatus } from "../../contracts/inference-log-record";
import { InBandGenerationError, InvocationDeadlineError, MissingResponseStreamError } from "./errors";
import { summarizeInterTokenLatency } from "./itl-summary";
import { StreamOutputParser } from "./output-parser";
import type { InvocationStatus, StreamMeasurement } from "./types";

/** Error names SageMaker uses when it refuses work for capacity reasons. */
const THROTTLING_ERROR_NAMES = new Set(["ThrottlingException", "TooManyRequestsException", "ModelNotReadyException", "ServiceUnavailable"]);

/** Exception events SageMaker sends inside an already started response stream. */
const STREAM_ERROR_NAMES = new Set(["ModelStreamError", "InternalStreamFailure"]);

/** The part of `InvokeEndpointWithResponseStreamCommandOutput` the helper reads. */
export interface ResponseStreamOutput {
  readonly Body?: AsyncIterable<ResponseStream>;
}

export interface MeasureResponseStreamOptions {
  /**
   * Deadline for the whole invocation, from invoke to the last chunk. When it elapses the
   * request is aborted and the status is `timeout`.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * The prompt text; only used to estimate prompt tokens when the container reports none.
   * @default ""
   */
  readonly prompt?: string;
  /**
   * Monotonic clock in milliseconds, replaceable for tests.
   * @default performance.now
   */
  readonly now?: () => number;
}

/**
 * Maps an invocation error to an {@link InferenceStatus}.
 * @param streamStarted true when the endpoint had already answered with a stream
 * @param deadlineHit true when the gateway's own deadline aborted the request
 */
export function classifyInvocationError(error: unknown, streamStarted: boolean, deadlineHit: boolean): InvocationStatus {
  const name = error instanceof Error ? error.name : "";
  if (deadlineHit || error instanceof InvocationDeadlineError || name === "TimeoutError") {
    return "timeout";
  }
  if (error instanceof InBandGenerationError || error instanceof MissingResponseStreamError) {
    return "model_error";
  }
  if (STREAM_ERROR_NAMES.has(name) || streamStarted) {
    return "stream_interrupted";
  }
  const httpStatus = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (THROTTLING_ERROR_NAMES.has(name) || httpStatus === 429) {
    return "endpoint_throttled";
  }
  return "model_error";
}

/**
 * Times one `InvokeEndpointWithResponseStream` call and parses what the container streams.
 *
 * Wrap your own call: `invoke` receives the abort signal to pass to `client.send`. The result is
 * returned also when the call fails (status other than `ok`, with `error`), so a stream that
 * breaks mid-way still reports the TTFT and gaps it saw. Publish it with `publishInferenceMetrics`.
 *
 * @example
 * const m = await measureResponseStream(
 *   (abortSignal) => client.send(new InvokeEndpointWithResponseStreamCommand(input), { abortSignal }),
 *   { timeoutMs: 30_000, prompt: input.inputs },
 * );
 */
export async function measureResponseStream(
  invoke: (abortSignal: AbortSignal) => Promise<ResponseStreamOutput>,
  options: MeasureResponseStreamOptions = {},
): Promise<StreamMeasurement> {
  const now = options.now ?? (() => performance.now());
  const timeoutMs = options.timeoutMs ?? 60_000;
  const parser = new StreamOutputParser();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new InvocationDeadlineError(timeoutMs)), timeoutMs);

  const startedAt = new Date();
  const t0 = now();
  let firstChunkAt: number | undefined;
  let lastChunkAt = 0;
  let chunkCount = 0;
  const itlMs: number[] = [];
  let streamStarted = false;
  let status: InferenceStatus = "ok";
  let failure: unknown;

  try {
    const response = await invoke(controller.signal);
    if (!response.Body) {
      throw new MissingResponseStreamError();
    }
    streamStarted = true;
    for await (const event of response.Body) {
      const bytes = event.PayloadPart?.Bytes;
      if (bytes && bytes.length > 0) {
        const at = now();
        if (firstChunkAt === undefined) {
          firstChunkAt = at;
        } else {
          itlMs.push(at - lastChunkAt);
        }
        lastChunkAt = at;
        chunkCount += 1;
        parser.push(bytes);
      } else if (event.ModelStreamError || event.InternalStreamFailure) {
        // The SDK throws modeled stream exceptions; this covers a deserializer that yields them.
        const streamError = new Error(event.ModelStreamError?.Message ?? event.InternalStreamFailure?.Message ?? "stream failure");
        streamError.name = event.ModelStreamError ? "ModelStreamError" : "InternalStreamFailure";
        throw streamError;
      }
    }
  } catch (error) {
    failure = error;
    status = classifyInvocationError(error, streamStarted, controller.signal.aborted);
  } finally {
    clearTimeout(timer);
  }

  const endedAt = now();
  const output = parser.end(options.prompt ?? "");
  if (status === "ok" && output.finishReason === "error") {
    status = "model_error";
    failure = new InBandGenerationError();
  }
  const totalMs = endedAt - t0;
  const ttftMs = firstChunkAt === undefined ? undefined : firstChunkAt - t0;
  const generationMs = ttftMs === undefined ? 0 : totalMs - ttftMs;
  const tokensPerSecond = output.completionTokens > 0 && generationMs > 0 ? output.completionTokens / (generationMs / 1000) : undefined;
  const cacheHitRate =
    output.cachedPromptTokens !== undefined && !output.promptTokensEstimated && output.promptTokens > 0
      ? Math.min(100, (output.cachedPromptTokens / output.promptTokens) * 100)
      : undefined;
  const itl = summarizeInterTokenLatency(itlMs);

  return {
    status,
    ...(failure !== undefined ? { error: failure } : {}),
    startedAt,
    completedAt: new Date(),
    ...(ttftMs !== undefined ? { ttftMs } : {}),
    itlMs,
    ...(itl ? { itl } : {}),
    totalMs,
    ...(tokensPerSecond !== undefined ? { tokensPerSecond } : {}),
    ...(cacheHitRate !== undefined ? { cacheHitRate } : {}),
    chunkCount,
    output,
  };
}
