import { type CallerUseCase, useCaseBindingProblems } from "../../contracts/use-case-binding";
import type { ConfigProblem } from "../errors";
import { checkSettings } from "../schema/check";
import { GATEWAY_DEFAULTS, GATEWAY_SCHEMA } from "../schema/gateway";
import { checkPattern, notAnObject, sectionProblems } from "./section-check";

/**
 * Names that travel inside SageMaker custom attributes (`key=value;...`) and metric dimensions:
 * the gateway function refuses anything else (functions/gateway/config.ts).
 */
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const USER_POOL_ARN = /^arn:aws(-[a-z]+)*:cognito-idp:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:userpool\/[a-z]{2}(-gov)?-[a-z]+-\d_[0-9A-Za-z]+$/;
/** API Gateway REST's integration timeout is 29 s; the gateway must answer before it, log delivery included. */
export { MAX_INVOKE_TIMEOUT_MS } from "../../contracts/gateway-budget";
export { GATEWAY_DEFAULTS, MIN_WAF_RATE_LIMIT_PER_5_MIN } from "../schema/gateway";

/** Who may call the inference API, and how each request's use case follows from who calls. There is no anonymous access. */
export type GatewayAuthConfig =
  /**
   * SigV4-signed requests; callers need `execute-api:Invoke` on the method. `callers` maps each
   * calling role (ARN, or a pattern with `*`) to the use case its traffic is booked to; a caller not
   * listed gets 403. A named role may instead get `headerUseCases`: the use cases it may name in the
   * `x-use-case` header (a shared router). Required: no stage leaves the use case to the caller.
   * @example { type: "iam", callers: [{ principal: "arn:aws:iam::111111111111:role/cards-*", useCase: "cards" }] }
   */
  | { readonly type: "iam"; readonly callers?: readonly CallerUseCase[] }
  /** Bearer ID tokens of a Cognito user pool (`Authorization` header); the use case is the `useCaseClaim` claim. @default useCaseClaim "custom:use_case" */
  | { readonly type: "cognito"; readonly userPoolArn: string; readonly useCaseClaim?: string };

/** Settings of the inference API (API Gateway + WAF + gateway function). */
export interface GatewayConfig {
  /** Use cases callers may declare (authorizer claim or `x-use-case` header). @default ["general"] */
  readonly useCases?: readonly string[];
  /**
   * Use cases whose prompts start with a repeated system prompt (compliance instructions, product
   * context): the prefix-cache hit rate is their efficiency KPI, and its alarm below 40 % is on.
   * The server counts hits per endpoint, not per use case: the alarm watches the endpoint.
   * @default [] - no floor, no alarm
   */
  readonly repeatedPrefixUseCases?: readonly string[];
  /**
   * Request types callers may send (`request_type`), the `request_type` metric dimension. Keep them
   * aligned with the quality SLOs' request types (modules/alerting/slo/default-slos.ts).
   * @default ["balance_inquiry", "investment_strategy", "general"]
   */
  readonly requestTypes?: readonly string[];
  /**
   * What the prompt-injection pre-check does with a flagged prompt: `flag` passes it on (marked in
   * custom attributes, logs and the `GuardrailTriggered` metric), `block` answers 403. The pre-check
   * is pattern based and has false positives, so every stage flags until the flagged rate has been
   * reviewed; then set `block` per environment.
   * @default "flag"
   */
  readonly guardrailMode?: "flag" | "block";
  /** Prompts longer than this are flagged `prompt_size_outlier`. @default 32000 */
  readonly guardrailMaxPromptChars?: number;
  /** @default { type: "iam" } */
  readonly auth?: GatewayAuthConfig;
  /** Stage throttling (all methods). */
  readonly throttling?: {
    /** Steady-state requests per second. @default 50 */
    readonly rateLimit?: number;
    /** Burst bucket size in requests. @default 100 */
    readonly burstLimit?: number;
  };
  /** Requests one IP may make in any 5 minutes before WAF blocks it. @default 2000 */
  readonly wafRateLimitPer5Min?: number;
  /**
   * What WAF's anonymous-IP managed rule group (VPNs, Tor, proxies, hosting providers) does with a
   * match: `count` (logged and counted) or `block`. Its hosting-provider rule matches cloud egress
   * addresses your own services may call from: review the counted matches in the WAF logs first.
   * @default "count"
   */
  readonly wafAnonymousIpList?: "count" | "block";
  /**
   * Gateway deadline over invoke and the whole stream, in ms; at most 24000, so that with log
   * delivery (2 x 2 s) and a 1 s margin the answer beats API Gateway's 29 s. @default 24000
   */
  readonly invokeTimeoutMs?: number;
}

export interface ResolvedGatewayConfig {
  readonly useCases: readonly string[];
  readonly repeatedPrefixUseCases: readonly string[];
  readonly requestTypes: readonly string[];
  readonly guardrailMode: "flag" | "block";
  readonly guardrailMaxPromptChars: number;
  readonly auth: GatewayAuthConfig;
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  readonly wafRateLimitPer5Min: number;
  readonly wafAnonymousIpList: "count" | "block";
  readonly invokeTimeoutMs: number;
}

/** Checks the `gateway` section; every problem names the file and field. */
export function validateGateway(section: GatewayConfig | undefined, file: string, stage: { production: boolean } = { production: false }): ConfigProblem[] {
  if (section === undefined) {
    // Outside production the module still refuses to synthesize without callers; here production fails first, with the file and field.
    return stage.production ? [callerProblem(file, undefined, true)] : [];
  }
  const shape = notAnObject(section, file, "gateway", "expected an object with the gateway settings");
  if (shape) return [shape];
  const { problems, check } = sectionProblems(file, "gateway");
  // `repeatedPrefixUseCases` is checked below, against the use cases; the rest by the schema.
  const { repeatedPrefixUseCases: _checkedBelow, ...declared } = section;
  problems.push(...checkSettings(GATEWAY_SCHEMA, declared, file, "gateway"));
  const names = (field: "useCases" | "requestTypes") => {
    const list = section[field];
    if (list === undefined) return;
    if (!Array.isArray(list) || list.length === 0) {
      check(false, field, list, "expected a non-empty list of names");
      return;
    }
    list.forEach((name, i) =>
      check(typeof name === "string" && NAME.test(name), `${field}[${i}]`, name, "expected 1-64 characters of letters, digits, _ . or -"),
    );
    check(new Set(list).size === list.length, field, list, "expected each name once");
  };
  names("useCases");
  names("requestTypes");
  if (section.repeatedPrefixUseCases !== undefined) {
    const declared = section.useCases ?? GATEWAY_DEFAULTS.useCases;
    const list = section.repeatedPrefixUseCases;
    if (!Array.isArray(list)) check(false, "repeatedPrefixUseCases", list, "expected a list of use cases");
    else
      list.forEach((name, i) => check(declared.includes(name), `repeatedPrefixUseCases[${i}]`, name, `expected one of the use cases: ${declared.join(", ")}`));
  }
  const auth = section.auth as { type?: unknown; userPoolArn?: unknown } | undefined;
  if (auth !== undefined) {
    if (auth === null || typeof auth !== "object" || (auth.type !== "iam" && auth.type !== "cognito")) {
      check(false, "auth.type", auth?.type, 'expected "iam" or "cognito" (anonymous access is not offered)');
    } else if (auth.type === "cognito") {
      checkPattern(
        check,
        "auth.userPoolArn",
        auth.userPoolArn,
        USER_POOL_ARN,
        "expected a Cognito user pool ARN such as arn:aws:cognito-idp:sa-east-1:123456789012:userpool/sa-east-1_AbCdEf123",
      );
    } else {
      check(auth.userPoolArn === undefined, "auth.userPoolArn", auth.userPoolArn, 'only allowed with auth.type "cognito"; remove it');
    }
  }
  problems.push(...bindingProblems(section, file, stage.production));
  return problems;
}

function callerProblem(file: string, value: unknown, production: boolean): ConfigProblem {
  return {
    file,
    field: "gateway.auth.callers",
    value,
    allowed:
      `${production ? "a production stage may not leave the use case to the caller: " : ""}` +
      'map each calling role to its use case, e.g. [{ principal: "arn:aws:iam::111111111111:role/cards-*", useCase: "cards" }] (the use case drives chargeback, SLOs and quality)',
  };
}

/** The caller binding the gateway function will enforce must be sound (contracts/use-case-binding.ts). */
function bindingProblems(section: GatewayConfig, file: string, production: boolean): ConfigProblem[] {
  const auth: GatewayAuthConfig = section.auth ?? GATEWAY_DEFAULTS.auth;
  if (auth === null || typeof auth !== "object" || (auth.type !== "iam" && auth.type !== "cognito")) return [];
  const useCases = Array.isArray(section.useCases) ? section.useCases : GATEWAY_DEFAULTS.useCases;
  if (auth.type === "cognito") {
    return useCaseBindingProblems({ source: "claim", claim: auth.useCaseClaim ?? "custom:use_case" }, useCases).map((allowed) => ({
      file,
      field: "gateway.auth.useCaseClaim",
      value: auth.useCaseClaim,
      allowed,
    }));
  }
  if (!Array.isArray(auth.callers) || auth.callers.length === 0) return production ? [callerProblem(file, auth.callers, true)] : [];
  return useCaseBindingProblems({ source: "principal", callers: auth.callers }, useCases).map((allowed) => ({
    file,
    field: "gateway.auth.callers",
    value: auth.callers,
    allowed,
  }));
}

/** Applies defaults; the same for every stage (see `guardrailMode` for why prod is not stricter). */
export function resolveGateway(section: GatewayConfig | undefined, _stage: string): ResolvedGatewayConfig {
  const d = GATEWAY_DEFAULTS;
  return {
    useCases: section?.useCases ?? d.useCases,
    repeatedPrefixUseCases: section?.repeatedPrefixUseCases ?? [],
    requestTypes: section?.requestTypes ?? d.requestTypes,
    guardrailMode: section?.guardrailMode ?? d.guardrailMode,
    guardrailMaxPromptChars: section?.guardrailMaxPromptChars ?? d.guardrailMaxPromptChars,
    auth: section?.auth ?? d.auth,
    throttling: {
      rateLimit: section?.throttling?.rateLimit ?? d.throttling.rateLimit,
      burstLimit: section?.throttling?.burstLimit ?? d.throttling.burstLimit,
    },
    wafRateLimitPer5Min: section?.wafRateLimitPer5Min ?? d.wafRateLimitPer5Min,
    wafAnonymousIpList: section?.wafAnonymousIpList ?? d.wafAnonymousIpList,
    invokeTimeoutMs: section?.invokeTimeoutMs ?? d.invokeTimeoutMs,
  };
}
