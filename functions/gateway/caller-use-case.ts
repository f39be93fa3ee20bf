/**
 * The use case of a request, from who the caller is (use-case-binding.ts in the contracts): the IAM
 * principal that signed it, or a claim of its verified Cognito token. The `x-use-case` header counts
 * only for a principal the environment names as one that may set it, and only for the use cases
 * listed for it. Messages name the rule, never what the caller sent.
 */
import type { APIGatewayProxyEvent } from "aws-lambda";
import { principalMatches } from "../../contracts/use-case-binding";
import { ForbiddenRequestError, InvalidRequestError } from "./errors";
import { header, USE_CASE_HEADER } from "./request";
import type { GatewayConfig } from "./types";

function stringAt(source: unknown, key: string): string | undefined {
  if (typeof source !== "object" || source === null) return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Resolves the use case or throws ForbiddenRequestError (403) / InvalidRequestError (400). */
export function callerUseCase(event: APIGatewayProxyEvent, config: Pick<GatewayConfig, "useCases" | "useCaseBinding">): string {
  const binding = config.useCaseBinding;
  if (binding.source === "claim") {
    const claims = (event.requestContext?.authorizer as { claims?: unknown } | null | undefined)?.claims;
    const useCase = stringAt(claims, binding.claim);
    if (useCase === undefined || !config.useCases.includes(useCase)) {
      throw new ForbiddenRequestError("use_case_not_granted", `the caller's token has no ${binding.claim} claim naming a configured use case`);
    }
    return useCase;
  }
  const userArn = stringAt(event.requestContext?.identity, "userArn");
  const caller = userArn === undefined ? undefined : binding.callers.find((candidate) => principalMatches(candidate.principal, userArn));
  if (caller === undefined) throw new ForbiddenRequestError("caller_not_mapped", "the calling principal is not mapped to a use case in this environment");
  if (caller.useCase !== undefined) return caller.useCase;
  const named = header(event, USE_CASE_HEADER);
  const allowed = caller.headerUseCases ?? [];
  if (named === undefined || !allowed.includes(named)) {
    throw new InvalidRequestError("unknown_use_case", `${USE_CASE_HEADER} must name one of the use cases this caller may set: ${allowed.join(", ")}`);
  }
  return named;
}
