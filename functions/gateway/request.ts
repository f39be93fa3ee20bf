import type { APIGatewayProxyEvent } from "aws-lambda";
import { TRACEPARENT_ATTRIBUTE } from "../../contracts/tracing";
import { InvalidRequestError } from "./errors";
import type { GatewayConfig, GatewayRequest, GuardrailVerdict } from "./types";

export const USE_CASE_HEADER = "x-use-case";
export const REQUEST_TYPE_HEADER = "x-request-type";
/** SageMaker rejects custom attributes longer than this. */
export const MAX_CUSTOM_ATTRIBUTES_LENGTH = 1024;

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      const value = headers[key]?.trim();
      return value ? value : undefined;
    }
  }
  return undefined;
}

function stringField(source: unknown, key: string): string | undefined {
  if (typeof source !== "object" || source === null) {
    return undefined;
  }
  const value = (source as Record<string, unknown>)[key];
  return typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined;
}

/**
 * The use case set by the authorizer, in the shapes API Gateway gives it: a Lambda authorizer's
 * context (`authorizer.use_case`, or `authorizer.lambda.use_case`) or Cognito claims
 * (`authorizer.claims.use_case` / `custom:use_case`).
 */
export function useCaseFromAuthorizer(event: APIGatewayProxyEvent): string | undefined {
  const authorizer: unknown = event.requestContext?.authorizer;
  if (typeof authorizer !== "object" || authorizer === null) {
    return undefined;
  }
  const auth = authorizer as Record<string, unknown>;
  return (
    stringField(auth, "use_case") ?? stringField(auth.lambda, "use_case") ?? stringField(auth.claims, "use_case") ?? stringField(auth.claims, "custom:use_case")
  );
}

function decodeBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body.length === 0) {
    throw new InvalidRequestError("bad_request", 'request body is required: JSON with "inputs" and "request_type"');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError("bad_request", "request body is not valid JSON");
  }
}

/**
 * Validates an API Gateway proxy event into a {@link GatewayRequest}.
 * The authorizer's use case wins over the `x-use-case` header (a caller cannot re-label itself);
 * the body's `request_type` wins over the `x-request-type` header.
 */
export function parseGatewayRequest(event: APIGatewayProxyEvent, config: GatewayConfig): GatewayRequest {
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

  const useCase = useCaseFromAuthorizer(event) ?? header(event, USE_CASE_HEADER);
  if (useCase === undefined) {
    throw new InvalidRequestError(
      "unknown_use_case",
      `no use case: the authorizer context has no use_case and the ${USE_CASE_HEADER} header is absent; expected one of ${config.useCases.join(", ")}`,
    );
  }
  if (!config.useCases.includes(useCase)) {
    throw new InvalidRequestError("unknown_use_case", `unknown use case "${useCase}"; expected one of ${config.useCases.join(", ")}`);
  }

  const requestType = (fields.request_type as string | undefined)?.trim() || header(event, REQUEST_TYPE_HEADER);
  if (requestType === undefined) {
    throw new InvalidRequestError(
      "unknown_request_type",
      `no request type: set "request_type" in the body or the ${REQUEST_TYPE_HEADER} header; expected one of ${config.requestTypes.join(", ")}`,
    );
  }
  if (!config.requestTypes.includes(requestType)) {
    throw new InvalidRequestError("unknown_request_type", `unknown request type "${requestType}"; expected one of ${config.requestTypes.join(", ")}`);
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
