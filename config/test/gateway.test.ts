import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../resolved";
import { GATEWAY_DEFAULTS, resolveGateway, validateGateway, type GatewayConfig } from "../sections/gateway";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { FIXTURE_FILE, itAcceptsNoSectionAndAFullOne, onlySectionProblem, validEnvironment } from "../../testing/fixtures/environment-fixture";
import { DEFAULT_REQUEST_TYPE_QUALITY } from "../../modules/alerting/slo/default-slos";

const FILE = FIXTURE_FILE;
const POOL = "arn:aws:cognito-idp:sa-east-1:123456789012:userpool/sa-east-1_AbCdEf123";
const onlyProblem = (section: unknown) => onlySectionProblem((s: GatewayConfig, file) => validateGateway(s, file), section);

const FULL_SECTION: GatewayConfig = {
  useCases: ["general", "wealth-advice"],
  requestTypes: ["balance_inquiry"],
  guardrailMode: "block",
  guardrailMaxPromptChars: 8000,
  auth: { type: "cognito", userPoolArn: POOL },
  throttling: { rateLimit: 25.5, burstLimit: 50 },
  wafRateLimitPer5Min: 100,
  invokeTimeoutMs: 24000,
};

describe("gateway section validation", () => {
  itAcceptsNoSectionAndAFullOne((section, file) => validateGateway(section, file), FULL_SECTION);

  it.each([
    [{ useCases: [] }, "gateway.useCases", "non-empty list"],
    [{ useCases: ["retail;admin"] }, "gateway.useCases[0]", "letters, digits"],
    [{ requestTypes: ["chat", "chat"] }, "gateway.requestTypes", "each name once"],
    [{ requestTypes: ["a b"] }, "gateway.requestTypes[0]", "letters, digits"],
    [{ guardrailMode: "warn" }, "gateway.guardrailMode", '"flag" or "block"'],
    [{ guardrailMaxPromptChars: 50 }, "gateway.guardrailMaxPromptChars", "100 to 1000000"],
    [{ invokeTimeoutMs: 27_000 }, "gateway.invokeTimeoutMs", "must fit API Gateway's 29 s"],
    [{ auth: { type: "none" } }, "gateway.auth.type", "anonymous access is not offered"],
    [{ auth: { type: "cognito" } }, "gateway.auth.userPoolArn", "Cognito user pool ARN"],
    [{ auth: { type: "cognito", userPoolArn: "arn:aws:iam::123456789012:role/x" } }, "gateway.auth.userPoolArn", "Cognito user pool ARN"],
    [{ auth: { type: "iam", userPoolArn: POOL } }, "gateway.auth.userPoolArn", 'only allowed with auth.type "cognito"'],
    [{ throttling: { rateLimit: 0 } }, "gateway.throttling.rateLimit", "greater than 0"],
    [{ throttling: { rateLimit: 20_000 } }, "gateway.throttling.rateLimit", "at most 10000"],
    [{ throttling: { burstLimit: 2.5 } }, "gateway.throttling.burstLimit", "1 to 5000"],
    [{ wafRateLimitPer5Min: 99 }, "gateway.wafRateLimitPer5Min", "from 100"],
    [{ invokeTimeoutMs: 28_001 }, "gateway.invokeTimeoutMs", "29 s"],
    [{ invokeTimeoutMs: 500 }, "gateway.invokeTimeoutMs", "from 1000"],
  ])("rejects %j naming %s", (section, field, allowed) => {
    const problem = onlyProblem(section);
    expect(problem.field).toBe(field);
    expect(problem.allowed).toContain(allowed);
    const [, value] = Object.entries(section)[0]!;
    expect(JSON.stringify(value)).toContain(JSON.stringify(problem.value) ?? "");
  });

  it("reports every problem of a section at once", () => {
    const fields = validateGateway({ guardrailMode: "x" as never, wafRateLimitPer5Min: 1, invokeTimeoutMs: 60_000 }, FILE).map((p) => p.field);
    expect(fields).toEqual(["gateway.guardrailMode", "gateway.wafRateLimitPer5Min", "gateway.invokeTimeoutMs"]);
  });

  it("is checked as part of the whole environment", () => {
    const config: EnvironmentConfig = { ...validEnvironment(), gateway: { invokeTimeoutMs: 29_000 } };
    const problems = validateEnvironment(config, FILE, { businessLine: "retail-banking", stage: "staging" });
    expect(problems.map((p) => p.field)).toEqual(["gateway.invokeTimeoutMs"]);
  });

  it("fails a production stage that leaves the use case to the caller, and a binding the gateway would refuse", () => {
    const prodFile = "environments/retail-banking/prod.ts";
    const prod = (gateway: GatewayConfig | undefined): string[] =>
      validateEnvironment({ ...validEnvironment(), stage: "prod", gateway } as EnvironmentConfig, prodFile)
        .filter((problem) => problem.field.startsWith("gateway."))
        .map((problem) => `${problem.field}: ${problem.allowed}`);
    expect(prod(undefined)).toEqual([
      expect.stringMatching(/^gateway\.auth\.callers: a production stage may not leave the use case to the caller: map each calling role/),
    ]);
    expect(prod({ auth: { type: "iam" } })).toHaveLength(1);
    expect(prod({ auth: { type: "iam", callers: [{ principal: "arn:aws:iam::123456789012:role/*", headerUseCases: ["general"] }] } })).toEqual([
      expect.stringContaining("headerUseCases needs a named principal"),
    ]);
    expect(prod({ auth: { type: "iam", callers: [{ principal: "arn:aws:iam::123456789012:role/cards", useCase: "cards" }] } })).toEqual([
      expect.stringContaining('names use case "cards", which is not one of general'),
    ]);
    expect(prod({ auth: { type: "iam", callers: [{ principal: "arn:aws:iam::123456789012:role/app-*", useCase: "general" }] } })).toEqual([]);
  });
});

describe("gateway section defaults", () => {
  it("applies the documented defaults", () => {
    expect(resolveGateway(undefined, "prod")).toEqual({
      useCases: ["general"],
      repeatedPrefixUseCases: [],
      requestTypes: ["balance_inquiry", "investment_strategy", "general"],
      guardrailMode: "flag",
      guardrailMaxPromptChars: 32_000,
      auth: { type: "iam" },
      throttling: { rateLimit: 50, burstLimit: 100 },
      wafRateLimitPer5Min: 2_000,
      wafAnonymousIpList: "count",
      invokeTimeoutMs: 24_000,
    });
  });

  it("takes the anonymous-IP list's action and refuses anything but count or block", () => {
    expect(resolveGateway({ wafAnonymousIpList: "block" }, "prod").wafAnonymousIpList).toBe("block");
    const problem = onlyProblem({ wafAnonymousIpList: "deny" });
    expect([problem.field, problem.value, problem.allowed]).toEqual([
      "gateway.wafAnonymousIpList",
      "deny",
      'expected "count" (matches are logged and counted) or "block"',
    ]);
  });

  it("keeps given values and fills the rest", () => {
    const resolved = resolveGateway({ throttling: { burstLimit: 10 }, auth: { type: "cognito", userPoolArn: POOL } }, "staging");
    expect(resolved.throttling).toEqual({ rateLimit: 50, burstLimit: 10 });
    expect(resolved.auth).toEqual({ type: "cognito", userPoolArn: POOL });
  });

  it("default request types include every request type the quality SLOs measure", () => {
    for (const { requestType } of DEFAULT_REQUEST_TYPE_QUALITY) expect(GATEWAY_DEFAULTS.requestTypes).toContain(requestType);
  });

  it("a resolved environment carries the gateway section", () => {
    expect(resolveEnvironment(validEnvironment(), FILE).gateway.invokeTimeoutMs).toBe(24_000);
  });
});

describe("gateway.repeatedPrefixUseCases", () => {
  it("defaults to none and keeps declared use cases", () => {
    expect(resolveGateway(undefined, "prod").repeatedPrefixUseCases).toEqual([]);
    expect(resolveGateway({ useCases: ["onboarding", "cards"], repeatedPrefixUseCases: ["onboarding"] }, "prod").repeatedPrefixUseCases).toEqual([
      "onboarding",
    ]);
  });

  it("refuses a use case the gateway does not accept, naming it", () => {
    const problems = validateGateway({ useCases: ["onboarding"], repeatedPrefixUseCases: ["cards"] }, "environments/x/prod.ts");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: "gateway.repeatedPrefixUseCases[0]", value: "cards", allowed: "expected one of the use cases: onboarding" });
  });
});
