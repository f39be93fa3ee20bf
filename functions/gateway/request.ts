import type { APIGatewayProxyEvent } from "aws-lambda";
import { TRACEPARENT_ATTRIBUTE } from "../../contracts/tracing";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../../contracts/json-depth";
import { InvalidRequestError } from "./errors";
import type { GatewayConfig, GatewayRequest, GuardrailVerdict } from "./types";

export const USE_CASE_HEADER = "x-use-case";
export const REQUEST_TYPE_HEADER = "x-request-type";
/** SageMaker rejects custom attributes longer than this. */
export const MAX_CUSTOM_ATTRIBUTES_LENGTH = 1024;

/** A header's trimmed value, whatever its spelling; undefined when absent or blank. */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      const value = headers[key]?.trim();
      return value ? value : undefined;
    }
  }
  return undefined;
}

function decodeBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body.length === 0) {
    throw new InvalidRequestError("bad_request", 'request body is required: JSON with "inputs" and "request_type"');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  // The body's parameters are serialised again for the endpoint: a value nested too deep would overflow the stack there.
  if (exceedsJsonDepth(text)) throw new InvalidRequestError("bad_request", `request body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError("bad_request", "request body is not valid JSON");
  }
}

/**
 * Validates an API Gateway proxy event into a {@link GatewayRequest}, with the use case already
 * resolved from the caller's identity (caller-use-case.ts). The body's `request_type` wins over the
 * `x-request-type` header.
 */
export function parseGatewayRequest(event: APIGatewayProxyEvent, config: GatewayConfig, useCase: string): GatewayRequest {
  const body = decodeBody(event);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError("bad_request", "request body must be a JSON object");
  }
  const fields = body as Record<string, unknown>;
  if (typeof fields.inputs !== "string" || fields.inputs.trim().length === 0) {
    throw new InvalidRequestError("bad_request", '"inputs" must be a non-empty string');
  }
  const parameters = fields.parameters ?? {};
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    throw new InvalidRequestError("bad_request", '"parameters" must be a JSON object when given');
  }
  if (fields.request_type !== undefined && typeof fields.request_type !== "string") {
    throw new InvalidRequestError("bad_request", '"request_type" must be a string');
  }

  const requestType = (fields.request_type as string | undefined)?.trim() || header(event, REQUEST_TYPE_HEADER);
  if (requestType === undefined) {
    throw new InvalidRequestError(
      "unknown_request_type",
      `no request type: set "request_type" in the body or the ${REQUEST_TYPE_HEADER} header; expected one of ${config.requestTypes.join(", ")}`,
    );
  }
  if (!config.requestTypes.includes(requestType)) {
    throw new InvalidRequestError("unknown_request_type", `"request_type" is not a configured name; expected one of ${config.requestTypes.join(", ")}`);
  }

  return { inputs: fields.inputs, parameters: parameters as Record<string, unknown>, useCase, requestType };
}

/**
 * SageMaker custom attributes: `use_case=<..>;request_type=<..>;request_id=<..>;guardrail=<flagged|clear>`,
 * and `traceparent=<W3C trace context>` when tracing is on. Values are config-validated names, a
 * UUID and hex, so no escaping is needed; DataCapture stores the string.
 */
export function buildCustomAttributes(
  request: Pick<GatewayRequest, "useCase" | "requestType">,
  requestId: string,
  guardrail: GuardrailVerdict,
  traceparent?: string,
): string {
  const value = [
    `use_case=${request.useCase}`,
    `request_type=${request.requestType}`,
    `request_id=${requestId}`,
    `guardrail=${guardrail.flagged ? "flagged" : "clear"}`,
    ...(traceparent ? [`${TRACEPARENT_ATTRIBUTE}=${traceparent}`] : []),
  ].join(";");
  if (value.length > MAX_CUSTOM_ATTRIBUTES_LENGTH) {
    throw new RangeError(`custom attributes are ${value.length} characters, SageMaker allows ${MAX_CUSTOM_ATTRIBUTES_LENGTH}`);
  }
  return value;
}

/** The body sent to the LMI container: streaming on, `details` on unless the caller chose. */
export function buildEndpointBody(request: GatewayRequest): string {
  return JSON.stringify({
    inputs: request.inputs,
    parameters: { details: true, ...request.parameters },
    stream: true,
  });
}
