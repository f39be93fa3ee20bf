/**
 * What an `InferenceGateway` is given, its defaults (the environment section reuses them), and the
 * settings resolved and checked from them before any resource is made.
 */
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS, MAX_INVOKE_TIMEOUT_MS } from "../../contracts/gateway-budget";
import { withinRange } from "../../contracts/environment-variable";
import { GATEWAY_NUMBER_VARIABLES, GUARDRAIL_MODE_VARIABLE, type GuardrailMode } from "../../contracts/gateway-environment";
import type { UseCaseBinding } from "../../contracts/use-case-binding";
import { ALLOWED_LOG_RETENTION_DAYS, isAllowedLogRetention, MIN_LOG_RETENTION_DAYS } from "../shared/encrypted-log-group";
import type { FunctionNetwork } from "../shared/function-network";
import type { PlatformFunctionOptions } from "../shared/function-options";
import { DEFAULT_FUNCTION_TRACING, type FunctionTracing, validateFunctionTracing } from "../shared/function-tracing";
import type { Grantee } from "../shared/grantee";
import type { EnvironmentScope } from "../shared/naming";
import type { InferenceApiAuth } from "./access-log-format";
import { useCaseBindingOf } from "./caller-binding";
import { gatewayReservedConcurrency } from "./reserved-concurrency";

/** API Gateway REST's integration timeout. */
export const INTEGRATION_TIMEOUT_MS = API_GATEWAY_INTEGRATION_TIMEOUT_MS;
/**
 * The gateway must answer (504) before API Gateway does, log delivery included: 24 s of invoke,
 * 2 x 1.5 s of Firehose puts, 1 s for the fallback queue and 1 s of margin fit 29 s (contracts/gateway-budget.ts).
 */
export { MAX_INVOKE_TIMEOUT_MS };
/** Headroom of the Lambda timeout over the gateway deadline: log delivery (2 x 1.5 s to Firehose, 1 s to the fallback queue) and metrics flush. */
export const LAMBDA_TIMEOUT_HEADROOM_SECONDS = 6;
/** The gateway function's timeout: the deadline, rounded up to seconds, plus the headroom. */
export function gatewayLambdaTimeoutSeconds(invokeTimeoutMs: number): number {
  return Math.ceil(invokeTimeoutMs / 1000) + LAMBDA_TIMEOUT_HEADROOM_SECONDS;
}

/** What the gateway needs of the endpoint it fronts (an `InferenceEndpoint` fits). */
export interface GatewayEndpoint {
  readonly endpointName: string;
  readonly modelName: string;
  readonly instanceType: string;
  /**
   * Requests the endpoint serves at once (instances, the autoscaling maximum, times the
   * per-instance limit): bounds the gateway's derived reserved concurrency.
   * @default - unknown: the reserved concurrency follows the stage throttling alone
   */
  readonly maxConcurrentInvocations?: number;
  /** Lets the gateway function invoke the endpoint (`InferenceEndpoint.grantInvoke`). */
  grantInvoke(grantee: Grantee): void;
}

/** Stage throttling of every method. */
export interface GatewayThrottling {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface InferenceGatewayProps extends EnvironmentScope, PlatformFunctionOptions {
  /** The SageMaker endpoint behind the API (its name, model and instance type are metric dimensions). */
  readonly endpoint: GatewayEndpoint;
  /** The function's VPC placement (private subnets with a SageMaker Runtime route or endpoint). */
  readonly network: FunctionNetwork;
  /** Use cases callers may declare. */
  readonly useCases: readonly string[];
  /** Request types callers may send (the `request_type` metric dimension). */
  readonly requestTypes: readonly string[];
  /** `flag` passes flagged prompts on, `block` answers 403. @default "flag" */
  readonly guardrailMode?: GuardrailMode;
  /** Prompts longer than this are flagged (100 to 1000000). @default 32000 */
  readonly guardrailMaxPromptChars?: number;
  /**
   * Who may call, and how each caller's use case is known: under IAM, `callers` maps principals to
   * use cases (required: without it every call is refused, so synth fails); under Cognito, a claim.
   * @default { type: "iam" } - with no callers: synth fails until they are given
   */
  readonly auth?: InferenceApiAuth;
  /** Stage throttling for every method. @default { rateLimit: 50, burstLimit: 100 } */
  readonly throttling?: GatewayThrottling;
  /** Requests per IP per 5 minutes before WAF blocks. @default 2000 */
  readonly wafRateLimitPer5Min?: number;
  /** What WAF's anonymous-IP managed group does with a match (see `InferenceWebAclProps`). @default "count" */
  readonly wafAnonymousIpList?: "count" | "block";
  /**
   * Gateway deadline in ms, at most 24000 (with log delivery and the response it must fit API
   * Gateway's 29 s); the Lambda timeout is this plus 6 s, rounded up. @default 24000
   */
  readonly invokeTimeoutMs?: number;
  /**
   * Firehose stream for inference log records; the function may `firehose:PutRecord` and
   * `PutRecordBatch` to it. A record Firehose refuses twice goes to the module's fallback queue.
   * @default - no delivery
   */
  readonly inferenceLogStream?: { readonly name: string; readonly arn: string };
  /**
   * Creates the account+region singleton `aws_api_gateway_account` with a CloudWatch role, which
   * execution logging needs. Only one stack per account and region may set this: a second one
   * would fight over it. Leave false where the platform team already set it.
   * @default false
   */
  readonly manageAccountLoggingRole?: boolean;
  /** Execution log level (never request bodies: data trace stays off). @default "ERROR" */
  readonly executionLoggingLevel?: "INFO" | "ERROR";
  /** @default "live" */
  readonly stageName?: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /**
   * Reserved concurrency of the gateway function: its guaranteed share of the account's Lambda
   * concurrency and its cap, so that inference traffic cannot starve every other function.
   * @default - `gatewayReservedConcurrency` of the stage throttling, the Lambda timeout and the endpoint's capacity
   */
  readonly reservedConcurrency?: number;
}

/** The module's defaults for what an environment file can set; the environment section reuses them. */
export const INFERENCE_GATEWAY_DEFAULTS = {
  guardrailMode: GUARDRAIL_MODE_VARIABLE.default,
  guardrailMaxPromptChars: GATEWAY_NUMBER_VARIABLES.guardrailMaxPromptChars.default,
  auth: { type: "iam" },
  throttling: { rateLimit: 50, burstLimit: 100 },
  wafRateLimitPer5Min: 2_000,
  wafAnonymousIpList: "count",
  /** With log delivery and the response, under API Gateway REST's 29 s, so the gateway answers its own 504. */
  invokeTimeoutMs: GATEWAY_NUMBER_VARIABLES.invokeTimeoutMs.default,
} as const;

/** The props with their defaults applied, checked, and what follows from them. */
export interface GatewaySettings {
  readonly auth: InferenceApiAuth;
  readonly invokeTimeoutMs: number;
  readonly guardrailMode: GuardrailMode;
  readonly guardrailMaxPromptChars: number;
  readonly throttling: GatewayThrottling;
  readonly retentionDays: number;
  readonly stageName: string;
  readonly useCaseBinding: UseCaseBinding;
  readonly lambdaTimeoutSeconds: number;
  readonly tracing: FunctionTracing | false;
  readonly reservedConcurrency: number;
}

/** Applies the defaults and checks every setting; throws naming the prop and what is allowed. */
export function resolveGatewaySettings(props: InferenceGatewayProps): GatewaySettings {
  const d = INFERENCE_GATEWAY_DEFAULTS;
  const auth = props.auth ?? d.auth;
  const invokeTimeoutMs = props.invokeTimeoutMs ?? d.invokeTimeoutMs;
  const guardrailMaxPromptChars = props.guardrailMaxPromptChars ?? d.guardrailMaxPromptChars;
  const throttling = props.throttling ?? d.throttling;
  const retentionDays = props.logRetentionDays ?? MIN_LOG_RETENTION_DAYS;
  const stageName = props.stageName ?? "live";
  checkRanges(props, { invokeTimeoutMs, guardrailMaxPromptChars, throttling, retentionDays, stageName });
  const useCaseBinding = useCaseBindingOf(auth, props.useCases);
  const lambdaTimeoutSeconds = gatewayLambdaTimeoutSeconds(invokeTimeoutMs);
  const tracing = props.tracing ?? DEFAULT_FUNCTION_TRACING;
  validateFunctionTracing(tracing);
  const reservedConcurrency =
    props.reservedConcurrency ??
    gatewayReservedConcurrency({
      rateLimit: throttling.rateLimit,
      burstLimit: throttling.burstLimit,
      lambdaTimeoutSeconds,
      endpointConcurrency: props.endpoint.maxConcurrentInvocations,
    });
  if (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1) {
    throw new Error(`gateway reserved concurrency must be a whole number of at least 1, got ${reservedConcurrency}`);
  }
  const guardrailMode = props.guardrailMode ?? d.guardrailMode;
  return {
    auth,
    invokeTimeoutMs,
    guardrailMode,
    guardrailMaxPromptChars,
    throttling,
    retentionDays,
    stageName,
    useCaseBinding,
    lambdaTimeoutSeconds,
    tracing,
    reservedConcurrency,
  };
}

function checkRanges(
  props: InferenceGatewayProps,
  s: Pick<GatewaySettings, "invokeTimeoutMs" | "guardrailMaxPromptChars" | "throttling" | "retentionDays" | "stageName">,
): void {
  const timeout = GATEWAY_NUMBER_VARIABLES.invokeTimeoutMs;
  if (!withinRange(s.invokeTimeoutMs, timeout)) {
    throw new Error(
      `invokeTimeoutMs ${s.invokeTimeoutMs} is out of range; use ${timeout.min} to ${timeout.max} (with 4 s of log delivery and 1 s of margin it must fit api gateway's 29 s)`,
    );
  }
  const promptChars = GATEWAY_NUMBER_VARIABLES.guardrailMaxPromptChars;
  if (!withinRange(s.guardrailMaxPromptChars, promptChars)) {
    throw new Error(`guardrailMaxPromptChars ${s.guardrailMaxPromptChars} is out of range; use a whole number from ${promptChars.min} to ${promptChars.max}`);
  }
  if (props.useCases.length === 0) throw new Error('useCases is empty; list at least one use case, e.g. ["general"]');
  if (props.requestTypes.length === 0) throw new Error('requestTypes is empty; list at least one request type, e.g. ["general"]');
  if (!(s.throttling.rateLimit > 0) || !Number.isInteger(s.throttling.burstLimit) || s.throttling.burstLimit < 1) {
    throw new Error(`throttling ${JSON.stringify(s.throttling)} is invalid; use a rateLimit above 0 and a whole burstLimit of at least 1`);
  }
  if (!isAllowedLogRetention(s.retentionDays)) {
    throw new Error(`logRetentionDays ${s.retentionDays} is not allowed; use one of ${ALLOWED_LOG_RETENTION_DAYS.join(", ")}`);
  }
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(s.stageName)) throw new Error(`stageName "${s.stageName}" is invalid; use letters, digits, _ or -`);
}
