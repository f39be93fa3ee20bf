import type { APIGatewayProxyEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { loadGatewayConfig } from "../../config";
import { GatewayConfigError, InvalidRequestError } from "../../errors";
import { buildCustomAttributes, parseGatewayRequest } from "../../request";

const ENV = {
  ENDPOINT_NAME: "llm-ep",
  MODEL_NAME: "llama-3-8b",
  INSTANCE_TYPE: "ml.g5.2xlarge",
  USE_CASES: "credit-card, onboarding",
  REQUEST_TYPES: "chat,summarization",
};

function event(body: unknown, headers: Record<string, string> = {}, authorizer?: Record<string, unknown>): APIGatewayProxyEvent {
  return {
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers,
    isBase64Encoded: false,
    requestContext: { authorizer: authorizer ?? null },
  } as unknown as APIGatewayProxyEvent;
}

describe("loadGatewayConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadGatewayConfig(ENV);
    expect(config).toMatchObject({
      useCases: ["credit-card", "onboarding"],
      requestTypes: ["chat", "summarization"],
      guardrailMode: "flag",
      guardrailMaxPromptChars: 32_000,
      invokeTimeoutMs: 24_000,
    });
    expect(config.inferenceLogStreamName).toBeUndefined();
  });

  it.each([
    [{ ...ENV, ENDPOINT_NAME: "" }, "ENDPOINT_NAME"],
    [{ ...ENV, USE_CASES: "a;b" }, "USE_CASES"],
    [{ ...ENV, GUARDRAIL_MODE: "warn" }, "GUARDRAIL_MODE"],
    [{ ...ENV, INVOKE_TIMEOUT_MS: "27000" }, "INVOKE_TIMEOUT_MS"],
    [{ ...ENV, INVOKE_TIMEOUT_MS: "10s" }, "INVOKE_TIMEOUT_MS"],
    [{ ...ENV, GUARDRAIL_MAX_PROMPT_CHARS: "0" }, "GUARDRAIL_MAX_PROMPT_CHARS"],
  ])("names the bad variable (%#)", (env, variable) => {
    expect(() => loadGatewayConfig(env)).toThrow(GatewayConfigError);
    expect(() => loadGatewayConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});

describe("parseGatewayRequest", () => {
  const config = loadGatewayConfig(ENV);

  it.each([
    ["Lambda authorizer context", { use_case: "onboarding" }],
    ["HTTP-API style lambda context", { lambda: { use_case: "onboarding" } }],
    ["Cognito claims", { claims: { "custom:use_case": "onboarding" } }],
  ])("takes the use case from the %s", (_shape, authorizer) => {
    const request = parseGatewayRequest(event({ inputs: "hi", request_type: "chat" }, {}, authorizer), config);
    expect(request.useCase).toBe("onboarding");
  });

  it("prefers the authorizer over the x-use-case header", () => {
    const request = parseGatewayRequest(event({ inputs: "hi", request_type: "chat" }, { "X-Use-Case": "credit-card" }, { use_case: "onboarding" }), config);
    expect(request.useCase).toBe("onboarding");
  });

  it("falls back to the headers for use case and request type", () => {
    const request = parseGatewayRequest(event({ inputs: "hi" }, { "x-use-case": "credit-card", "X-Request-Type": "summarization" }), config);
    expect(request).toMatchObject({ useCase: "credit-card", requestType: "summarization", parameters: {} });
  });

  it.each([
    [
      event({ inputs: "hi", request_type: "chat" }, { "x-use-case": "payroll" }),
      "unknown_use_case",
      /unknown use case "payroll"; expected one of credit-card, onboarding/,
    ],
    [event({ inputs: "hi", request_type: "chat" }), "unknown_use_case", /no use case/],
    [event({ inputs: "hi", request_type: "poetry" }, { "x-use-case": "onboarding" }), "unknown_request_type", /unknown request type "poetry"/],
    [event("{nope", { "x-use-case": "onboarding" }), "bad_request", /not valid JSON/],
    [event({ inputs: "", request_type: "chat" }, { "x-use-case": "onboarding" }), "bad_request", /"inputs"/],
    [event({ inputs: "hi", parameters: [1], request_type: "chat" }, { "x-use-case": "onboarding" }), "bad_request", /"parameters"/],
  ])("rejects a bad request with a clear code and message (%#)", (bad, code, message) => {
    let caught: unknown;
    try {
      parseGatewayRequest(bad, config);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRequestError);
    expect((caught as InvalidRequestError).code).toBe(code);
    expect((caught as InvalidRequestError).message).toMatch(message);
  });
});

describe("buildCustomAttributes", () => {
  it("writes the documented key=value;... format", () => {
    expect(buildCustomAttributes({ useCase: "onboarding", requestType: "chat" }, "req-1", { flagged: true, reasons: ["x"] })).toBe(
      "use_case=onboarding;request_type=chat;request_id=req-1;guardrail=flagged",
    );
  });
});
