/**
 * Who the demo's clients are: the gateway books a request to the use case of its caller, never to
 * what the caller says (docs/guides/hostile-input.md). For each use case, the demo signs as a role
 * the environment maps to it (a `*` in a pattern becomes `demo`), through an assumed-role session,
 * as an application would; under Cognito it sends the claim instead.
 */
import type { APIGatewayProxyEvent } from "aws-lambda";
import type { GatewayAuthConfig } from "../../config/sections/gateway";

/** The request context fields and headers that make a request come from a caller of `useCase`. */
export interface CallerIdentity {
  readonly identity: { readonly userArn?: string };
  readonly authorizer?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

const ROLE = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(.+)$/;

/** A caller of `useCase` under `auth`; throws when the environment maps no caller to it. */
export function callerOf(useCase: string, auth: GatewayAuthConfig, client: number): CallerIdentity {
  if (auth.type === "cognito") return { identity: {}, authorizer: { claims: { [auth.useCaseClaim ?? "custom:use_case"]: useCase, sub: `client-${client}` } } };
  const caller = (auth.callers ?? []).find((candidate) => candidate.useCase === useCase || candidate.headerUseCases?.includes(useCase));
  if (!caller) throw new Error(`the environment maps no caller to use case ${useCase} (gateway.auth.callers)`);
  const principal = caller.principal.replaceAll("*", "demo");
  const role = ROLE.exec(principal);
  const userArn = role ? `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]!.split("/").pop()}/demo-client-${client}` : principal;
  return { identity: { userArn }, ...(caller.headerUseCases ? { headers: { "x-use-case": useCase } } : {}) };
}

/** `event` as sent by `caller`. */
export function asCaller(event: APIGatewayProxyEvent, caller: CallerIdentity): APIGatewayProxyEvent {
  return {
    ...event,
    headers: { ...event.headers, ...caller.headers },
    requestContext: {
      ...event.requestContext,
      identity: { ...event.requestContext.identity, ...caller.identity },
      authorizer: caller.authorizer ?? null,
    } as APIGatewayProxyEvent["requestContext"],
  };
}
