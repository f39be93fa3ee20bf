import { DEFAULT_INVOKE_TIMEOUT_MS, MAX_INVOKE_TIMEOUT_MS } from "../../contracts/gateway-budget";
import { USE_CASE_BINDING_VARIABLE, useCaseBindingProblems, type UseCaseBinding } from "../../contracts/use-case-binding";
import { GatewayConfigError } from "./errors";
import type { GatewayConfig, GuardrailMode } from "./types";

/**
 * Use case and request type names travel inside SageMaker custom attributes
 * (`key=value;key=value`), so they must not contain `;`, `=` or spaces.
 */
const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export const DEFAULT_GUARDRAIL_MAX_PROMPT_CHARS = 32_000;
/**
 * 24 s: with log delivery (2 x 1.5 s to Firehose, 1 s to the fallback queue) and a 1 s margin the response still beats API Gateway REST's
 * 29 s integration timeout, so the gateway answers its own 504 (contracts/gateway-budget.ts).
 */
export { DEFAULT_INVOKE_TIMEOUT_MS, MAX_INVOKE_TIMEOUT_MS };

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new GatewayConfigError(name, "is required and must not be empty");
  }
  return value;
}

function nameList(env: Env, name: string): string[] {
  const items = required(env, name)
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) {
    throw new GatewayConfigError(name, "must list at least one name, comma separated");
  }
  for (const item of items) {
    if (!NAME_PATTERN.test(item)) {
      throw new GatewayConfigError(name, `"${item}" must match ${NAME_PATTERN.source}`);
    }
  }
  return [...new Set(items)];
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) {
    return fallback;
  }
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) {
    throw new GatewayConfigError(name, `must be a positive integer, got "${raw}"`);
  }
  return Number(raw);
}

function guardrailMode(env: Env): GuardrailMode {
  const raw = env.GUARDRAIL_MODE?.trim();
  if (!raw) {
    return "flag";
  }
  if (raw !== "block" && raw !== "flag") {
    throw new GatewayConfigError("GUARDRAIL_MODE", `must be "block" or "flag", got "${raw}"`);
  }
  return raw;
}

function invokeTimeout(env: Env): number {
  const value = positiveInt(env, "INVOKE_TIMEOUT_MS", DEFAULT_INVOKE_TIMEOUT_MS);
  if (value > MAX_INVOKE_TIMEOUT_MS) {
    throw new GatewayConfigError(
      "INVOKE_TIMEOUT_MS",
      `must be at most ${MAX_INVOKE_TIMEOUT_MS}: with log delivery and the response it must fit API Gateway's 29 s, got "${value}"`,
    );
  }
  return value;
}

/** `USE_CASE_BINDING`: JSON written by the module from the environment; refused when unsound (fails the cold start). */
function useCaseBinding(env: Env, useCases: readonly string[]): UseCaseBinding {
  const raw = required(env, USE_CASE_BINDING_VARIABLE);
  let binding: UseCaseBinding;
  try {
    binding = JSON.parse(raw) as UseCaseBinding;
  } catch {
    throw new GatewayConfigError(USE_CASE_BINDING_VARIABLE, "must be JSON");
  }
  const shapeOk =
    typeof binding === "object" &&
    binding !== null &&
    ((binding.source === "claim" && typeof binding.claim === "string") || (binding.source === "principal" && Array.isArray(binding.callers)));
  if (!shapeOk) throw new GatewayConfigError(USE_CASE_BINDING_VARIABLE, 'must be {"source":"principal","callers":[...]} or {"source":"claim","claim":"..."}');
  const problems = useCaseBindingProblems(binding, useCases);
  if (problems.length > 0) throw new GatewayConfigError(USE_CASE_BINDING_VARIABLE, problems.join("; "));
  return binding;
}

/** Reads and validates the gateway configuration; throws {@link GatewayConfigError} naming the variable. */
export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const inferenceLogStreamName = env.INFERENCE_LOG_STREAM_NAME?.trim();
  const inferenceLogFallbackQueueUrl = env.INFERENCE_LOG_FALLBACK_QUEUE_URL?.trim();
  const useCases = nameList(env, "USE_CASES");
  return {
    endpointName: required(env, "ENDPOINT_NAME"),
    modelName: required(env, "MODEL_NAME"),
    instanceType: required(env, "INSTANCE_TYPE"),
    useCases,
    requestTypes: nameList(env, "REQUEST_TYPES"),
    useCaseBinding: useCaseBinding(env, useCases),
    guardrailMode: guardrailMode(env),
    guardrailMaxPromptChars: positiveInt(env, "GUARDRAIL_MAX_PROMPT_CHARS", DEFAULT_GUARDRAIL_MAX_PROMPT_CHARS),
    invokeTimeoutMs: invokeTimeout(env),
    ...(inferenceLogStreamName ? { inferenceLogStreamName } : {}),
    ...(inferenceLogFallbackQueueUrl ? { inferenceLogFallbackQueueUrl } : {}),
  };
}
