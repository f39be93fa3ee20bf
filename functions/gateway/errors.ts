/** A gateway environment variable is missing or invalid. Fix the function's configuration. */
export class GatewayConfigError extends Error {
  public readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = "GatewayConfigError";
    this.variable = variable;
  }
}

/**
 * A request the gateway refuses, with the code the client gets in `{ error, message, requestId }`;
 * `name` is the subclass's (the bundle keeps class names).
 */
abstract class RefusedRequestError<Code extends string> extends Error {
  constructor(
    public readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Error codes of a request that cannot be served as sent (HTTP 400). */
export type RequestErrorCode = "bad_request" | "unknown_use_case" | "unknown_request_type";

/** The client's request cannot be served as sent (HTTP 400). The message tells the caller what to change. */
export class InvalidRequestError extends RefusedRequestError<RequestErrorCode> {}

/** Error codes of a refused caller (HTTP 403). */
export type ForbiddenErrorCode = "caller_not_mapped" | "use_case_not_granted";

/** The caller may not be served: its identity books to no use case (HTTP 403). The message names the rule, never the caller's values. */
export class ForbiddenRequestError extends RefusedRequestError<ForbiddenErrorCode> {}

/** The gateway's own deadline (INVOKE_TIMEOUT_MS) elapsed; used as the abort reason. */
export class InvocationDeadlineError extends Error {
  public readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`endpoint did not finish streaming within ${timeoutMs} ms`);
    this.name = "InvocationDeadlineError";
    this.timeoutMs = timeoutMs;
  }
}

/** The endpoint answered without a response stream. */
export class MissingResponseStreamError extends Error {
  constructor() {
    super("endpoint response has no body stream");
    this.name = "MissingResponseStreamError";
  }
}

/** The container ended the stream with `finish_reason: "error"` (LMI's in-band generation error). */
export class InBandGenerationError extends Error {
  constructor() {
    super("container reported a generation error in the stream (finish_reason=error)");
    this.name = "InBandGenerationError";
  }
}
