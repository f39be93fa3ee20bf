/**
 * The gateway function's environment variables: each name, default and range declared once. The
 * gateway module sets them (modules/inference-gateway/gateway-function.ts), the function reads them
 * (functions/gateway/config.ts), and the environment file's `gateway` settings take their defaults
 * and ranges from here through the module.
 */
import { DEFAULT_INVOKE_TIMEOUT_MS, MAX_INVOKE_TIMEOUT_MS } from "./gateway-budget";
import { type NumberVariable, SERVICE_NAME_VARIABLE } from "./environment-variable";
import { USE_CASE_BINDING_VARIABLE } from "./use-case-binding";

/** The gateway's variables that hold names, lists or JSON (required unless marked optional). */
export const GATEWAY_VARIABLES = {
  /** SageMaker endpoint the gateway streams from. */
  endpointName: "ENDPOINT_NAME",
  /** Model name, a metric dimension and a span attribute. */
  modelName: "MODEL_NAME",
  /** Instance type of the endpoint, a metric dimension. */
  instanceType: "INSTANCE_TYPE",
  /** Use cases callers may declare, comma separated. */
  useCases: "USE_CASES",
  /** Where a request's use case comes from, as JSON (contracts/use-case-binding.ts). */
  useCaseBinding: USE_CASE_BINDING_VARIABLE,
  /** Request types callers may send, comma separated. */
  requestTypes: "REQUEST_TYPES",
  /** Optional: Firehose stream of inference log records (absent: no delivery). */
  inferenceLogStreamName: "INFERENCE_LOG_STREAM_NAME",
  /** Optional: SQS queue of the records Firehose refused twice. */
  inferenceLogFallbackQueueUrl: "INFERENCE_LOG_FALLBACK_QUEUE_URL",
  /** Optional: service name of the Powertools logger (the module sets `GATEWAY_SERVICE_NAME`). */
  powertoolsServiceName: SERVICE_NAME_VARIABLE,
} as const;

/** The service name of the gateway's logs, metrics and spans. */
export const GATEWAY_SERVICE_NAME = "llm-inference-gateway";

/** What the gateway does with a flagged prompt: `flag` passes it on marked, `block` answers 403. */
export const GUARDRAIL_MODES = ["flag", "block"] as const;
export type GuardrailMode = (typeof GUARDRAIL_MODES)[number];

/** `GUARDRAIL_MODE`: one of `GUARDRAIL_MODES`. */
export const GUARDRAIL_MODE_VARIABLE = { name: "GUARDRAIL_MODE", default: "flag" } as const satisfies { name: string; default: GuardrailMode };

/** The gateway's numeric variables. */
export const GATEWAY_NUMBER_VARIABLES = {
  /** Prompts longer than this many characters are flagged `prompt_size_outlier`. */
  guardrailMaxPromptChars: { name: "GUARDRAIL_MAX_PROMPT_CHARS", default: 32_000, min: 100, max: 1_000_000, integer: true },
  /**
   * Deadline over invoke and the whole stream, ms: with log delivery and the response it must fit
   * API Gateway REST's 29 s (contracts/gateway-budget.ts), so the gateway answers its own 504.
   */
  invokeTimeoutMs: { name: "INVOKE_TIMEOUT_MS", default: DEFAULT_INVOKE_TIMEOUT_MS, min: 1_000, max: MAX_INVOKE_TIMEOUT_MS, integer: true },
} as const satisfies Record<string, NumberVariable & { default: number }>;
