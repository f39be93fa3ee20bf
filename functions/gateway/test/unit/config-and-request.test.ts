import type { APIGatewayProxyEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { loadGatewayConfig } from "../../config";
import { callerUseCase } from "../../caller-use-case";
import { ForbiddenRequestError, GatewayConfigError, InvalidRequestError } from "../../errors";
import { buildCustomAttributes, parseGatewayRequest } from "../../request";

const ENV = {
  ENDPOINT_NAME: "llm-ep",
  MODEL_NAME: "llama-3-8b",
  INSTANCE_TYPE: "ml.g5.2xlarge",
  USE_CASES: "credit-card, onboarding",
  REQUEST_TYPES: "chat,summarization",
  USE_CASE_BINDING: JSON.stringify({
    source: "principal",
    callers: [
      { principal: "arn:aws:iam::111122223333:role/cards-*", useCase: "credit-card" },
      { principal: "arn:aws:iam::111122223333:role/onboarding-app", useCase: "onboarding" },
      { principal: "arn:aws:iam::111122223333:role/platform-router", headerUseCases: ["credit-card"] },
    ],
  }),
};

const CARDS_SESSION = "arn:aws:sts::111122223333:assumed-role/cards-api/i-0abc";

function event(body: unknown, headers: Record<string, string> = {}, authorizer?: Record<string, unknown>, userArn = CARDS_SESSION): APIGatewayProxyEvent {
  return {
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers,
    isBase64Encoded: false,
    requestContext: { authorizer: authorizer ?? null, identity: { userArn } },
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
    [{ ...ENV, GUARDRAIL_MAX_PROMPT_CHARS: "2000000" }, "GUARDRAIL_MAX_PROMPT_CHARS"],
    [{ ...ENV, INVOKE_TIMEOUT_MS: "500" }, "INVOKE_TIMEOUT_MS"],
  ])("names the bad variable (%#)", (env, variable) => {
    expect(() => loadGatewayConfig(env)).toThrow(GatewayConfigError);
    expect(() => loadGatewayConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});

describe("callerUseCase", () => {
  const config = loadGatewayConfig(ENV);
  const refusal = (bad: APIGatewayProxyEvent, withConfig = config): unknown => {
    try {
      callerUseCase(bad, withConfig);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it("books an assumed-role session to its role's use case, by pattern or by name", () => {
    expect(callerUseCase(event({}), config)).toBe("credit-card");
    expect(callerUseCase(event({}, {}, undefined, "arn:aws:sts::111122223333:assumed-role/onboarding-app/anything"), config)).toBe("onboarding");
  });

  it("ignores the x-use-case header and any authorizer context of a mapped caller", () => {
    expect(callerUseCase(event({}, { "x-use-case": "onboarding" }, { use_case: "onboarding" }), config)).toBe("credit-card");
  });

  it("refuses an unmapped caller with 403 caller_not_mapped, whatever the session name or header says", () => {
    for (const userArn of [
      "arn:aws:sts::111122223333:assumed-role/payroll/cards-api",
      "arn:aws:iam::999999999999:role/cards-api",
      "arn:aws:sts::111122223333:assumed-role/onboarding-app-2/x",
    ]) {
      const error = refusal(event({}, { "x-use-case": "credit-card" }, undefined, userArn));
      expect(error).toBeInstanceOf(ForbiddenRequestError);
      expect((error as ForbiddenRequestError).code).toBe("caller_not_mapped");
    }
  });

  it("honours the header only for the named principal, and only for its listed use cases", () => {
    const router = "arn:aws:sts::111122223333:assumed-role/platform-router/s";
    expect(callerUseCase(event({}, { "X-Use-Case": "credit-card" }, undefined, router), config)).toBe("credit-card");
    const error = refusal(event({}, { "x-use-case": "onboarding" }, undefined, router));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toBe("x-use-case must name one of the use cases this caller may set: credit-card");
  });

  it("under Cognito reads the configured claim and refuses a token without a configured use case", () => {
    const cognito = loadGatewayConfig({ ...ENV, USE_CASE_BINDING: JSON.stringify({ source: "claim", claim: "custom:use_case" }) });
    expect(callerUseCase(event({}, { "x-use-case": "credit-card" }, { claims: { "custom:use_case": "onboarding" } }), cognito)).toBe("onboarding");
    expect((refusal(event({}, { "x-use-case": "credit-card" }, { claims: { "custom:use_case": "payroll" } }), cognito) as ForbiddenRequestError).code).toBe(
      "use_case_not_granted",
    );
  });

  it.each([
    [{ source: "principal", callers: [] }, /callers is empty/],
    [{ source: "principal", callers: [{ principal: "arn:aws:iam::111122223333:role/*", headerUseCases: ["onboarding"] }] }, /named principal/],
    [{ source: "principal", callers: [{ principal: "arn:aws:iam::111122223333:role/x", useCase: "payroll" }] }, /not one of credit-card, onboarding/],
    [{ source: "header" }, /must be/],
  ])("refuses an unsound binding at cold start (%#)", (binding, message) => {
    expect(() => loadGatewayConfig({ ...ENV, USE_CASE_BINDING: JSON.stringify(binding) })).toThrow(message);
  });
});

describe("parseGatewayRequest", () => {
  const config = loadGatewayConfig(ENV);

  it("takes the request type from the body, else the header", () => {
    expect(parseGatewayRequest(event({ inputs: "hi", request_type: "chat" }, { "X-Request-Type": "summarization" }), config, "onboarding")).toMatchObject({
      useCase: "onboarding",
      requestType: "chat",
    });
    expect(parseGatewayRequest(event({ inputs: "hi" }, { "X-Request-Type": "summarization" }), config, "onboarding")).toMatchObject({
      requestType: "summarization",
      parameters: {},
    });
  });

  it.each([
    [event({ inputs: "hi", request_type: "poetry" }), "unknown_request_type", /^"request_type" is not a configured name; expected one of chat, summarization$/],
    [event({ inputs: "hi" }), "unknown_request_type", /no request type/],
    [event("{nope"), "bad_request", /not valid JSON/],
    [event({ inputs: "", request_type: "chat" }), "bad_request", /"inputs"/],
    [event({ inputs: "hi", parameters: [1], request_type: "chat" }), "bad_request", /"parameters"/],
    [event(`{"inputs":"hi","parameters":{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`), "bad_request", /deeper than 64 levels/],
  ])("rejects a bad request with a clear code and message (%#)", (bad, code, message) => {
    let caught: unknown;
    try {
      parseGatewayRequest(bad, config, "onboarding");
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
