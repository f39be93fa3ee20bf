import type { CallerUseCase } from "../../contracts/use-case-binding";

/**
 * How callers authenticate to the inference API, and how a request's use case follows from who the
 * caller is (never from what it says). There is no anonymous access.
 */
export type InferenceApiAuth =
  /**
   * SigV4-signed requests; callers need `execute-api:Invoke` on the method. `callers` maps each
   * calling principal (role ARN or pattern) to its use case; an unmapped caller gets 403. The
   * `x-use-case` header counts only for a named principal given `headerUseCases`.
   */
  | { readonly type: "iam"; readonly callers?: readonly CallerUseCase[] }
  /**
   * ID tokens of a Cognito user pool in the `Authorization` header; the use case is the token's
   * `useCaseClaim` (make it a custom attribute the app client cannot write).
   */
  | { readonly type: "cognito"; readonly userPoolArn: string; readonly useCaseClaim?: string };

/**
 * The stage's JSON access log line. One field per `$context` variable; no request or response
 * body (prompts never reach access logs). REST access logs cannot read request headers, so
 * `use_case` comes from the authorizer: the Cognito `use_case` claim, or the `use_case` key of a
 * Lambda authorizer's context. With IAM auth it is `-`; the gateway function's log line (same
 * `requestId`) carries the resolved use case.
 */
export function accessLogFormat(auth: InferenceApiAuth): string {
  return JSON.stringify({
    requestId: "$context.requestId",
    // The API and stage: dimensions of the access-log metric filters (ApiThrottled).
    apiId: "$context.apiId",
    stage: "$context.stage",
    extendedRequestId: "$context.extendedRequestId",
    xrayTraceId: "$context.xrayTraceId",
    requestTime: "$context.requestTimeEpoch",
    caller: "$context.identity.caller",
    user: auth.type === "cognito" ? "$context.authorizer.claims.sub" : "$context.identity.userArn",
    sourceIp: "$context.identity.sourceIp",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    latency: "$context.responseLatency",
    integrationLatency: "$context.integration.latency",
    integrationStatus: "$context.integration.status",
    responseLength: "$context.responseLength",
    wafResponseCode: "$context.wafResponseCode",
    errorType: "$context.error.responseType",
    use_case: auth.type === "cognito" ? "$context.authorizer.claims.use_case" : "$context.authorizer.use_case",
  });
}
