/** Declarations of the `gateway` settings of an environment file (the inference API). */
import { z } from "zod";
import { GATEWAY_NUMBER_VARIABLES } from "../../contracts/gateway-environment";
import { INFERENCE_GATEWAY_DEFAULTS } from "../../modules/inference-gateway";
import { group, setting, shown, wholeNumber } from "./setting";

/** Below this a rate-based WAF rule blocks ordinary bursts from one corporate NAT address. */
export const MIN_WAF_RATE_LIMIT_PER_5_MIN = 100;
/** Account-level default steady-state limit of API Gateway per region. */
const MAX_RATE_LIMIT = 10_000;
const MAX_BURST_LIMIT = 5_000;

/** Use cases and request types are the environment's; the rest are the module's own defaults. */
export const GATEWAY_DEFAULTS = {
  useCases: ["general"] as readonly string[],
  requestTypes: ["balance_inquiry", "investment_strategy", "general"] as readonly string[],
  ...INFERENCE_GATEWAY_DEFAULTS,
};

const d = GATEWAY_DEFAULTS;
const { guardrailMaxPromptChars: promptChars, invokeTimeoutMs: invokeTimeout } = GATEWAY_NUMBER_VARIABLES;
const names = z.array(z.string());

export const GATEWAY_SCHEMA = group(
  {
    useCases: setting(names, {
      description: "Use cases callers may declare (authorizer claim or `x-use-case` header).",
      default: shown(d.useCases),
      allowed: "expected a non-empty list of names",
      checkedBy: "section",
    }).optional(),
    requestTypes: setting(names, {
      description: "Request types callers may send (`request_type`), the `request_type` metric dimension; one quality SLO each.",
      default: shown(d.requestTypes),
      allowed: "expected a non-empty list of names",
      checkedBy: "section",
    }).optional(),
    guardrailMode: setting(z.enum(["flag", "block"]), {
      description: "What the prompt-injection pre-check does with a flagged prompt: `flag` passes it on marked, `block` answers 403.",
      default: shown(d.guardrailMode),
      allowed: 'expected "flag" or "block"',
    }).optional(),
    guardrailMaxPromptChars: wholeNumber(promptChars.min, promptChars.max, {
      description: "Prompts longer than this are flagged `prompt_size_outlier`.",
      default: shown(d.guardrailMaxPromptChars),
      unit: "characters",
    }).optional(),
    auth: setting(
      z.union([
        z.strictObject({
          type: z.literal("iam"),
          callers: z
            .array(z.strictObject({ principal: z.string(), useCase: z.string().optional(), headerUseCases: z.array(z.string()).optional() }))
            .optional(),
        }),
        z.strictObject({ type: z.literal("cognito"), userPoolArn: z.string(), useCaseClaim: z.string().optional() }),
      ]),
      {
        description:
          'Who may call the API, and how each request\'s use case follows from who calls: `{ type: "iam", callers: [{ principal, useCase }] }` (SigV4; a caller not listed gets 403) or `{ type: "cognito", userPoolArn, useCaseClaim }`; no anonymous access.',
        default: shown(d.auth),
        allowed: 'expected "iam" or "cognito" (anonymous access is not offered)',
        checkedBy: "section",
      },
    ).optional(),
    throttling: group(
      {
        rateLimit: setting(z.number().gt(0).max(MAX_RATE_LIMIT), {
          description: "Steady-state requests per second (stage throttling, all methods).",
          default: shown(d.throttling.rateLimit),
          allowed: `expected requests per second greater than 0 and at most ${MAX_RATE_LIMIT}`,
        }).optional(),
        burstLimit: wholeNumber(1, MAX_BURST_LIMIT, {
          description: "Burst bucket size in requests.",
          default: shown(d.throttling.burstLimit),
        }).optional(),
      },
      "Stage throttling (all methods).",
    ).optional(),
    wafRateLimitPer5Min: wholeNumber(MIN_WAF_RATE_LIMIT_PER_5_MIN, 2_000_000_000, {
      description: "Requests one IP may make in any 5 minutes before WAF blocks it.",
      default: shown(d.wafRateLimitPer5Min),
      unit: "requests per 5 minutes",
    }).optional(),
    wafAnonymousIpList: setting(z.enum(["count", "block"]), {
      description: "What WAF's anonymous-IP managed rule group does with a match: `count` (logged) or `block`.",
      default: shown(d.wafAnonymousIpList),
      allowed: 'expected "count" (matches are logged and counted) or "block"',
    }).optional(),
    invokeTimeoutMs: wholeNumber(invokeTimeout.min, invokeTimeout.max, {
      description: "Gateway deadline over invoke and the whole stream, in ms, so the answer beats API Gateway's 29 s.",
      default: shown(d.invokeTimeoutMs),
      unit: "ms",
      rangeNote: ` (with 4 s of log delivery and 1 s of margin it must fit API Gateway's 29 s)`,
    }).optional(),
  },
  "Inference API: auth, throttling, WAF rate limit, use cases and request types.",
);
