import { GATEWAY_NUMBER_VARIABLES, GATEWAY_VARIABLES, GUARDRAIL_MODE_VARIABLE, GUARDRAIL_MODES, type GuardrailMode } from "../../contracts/gateway-environment";
import { type EnvironmentVariables, type NumberVariable, withinRange } from "../../contracts/environment-variable";
import { useCaseBindingProblems, type UseCaseBinding } from "../../contracts/use-case-binding";
import { GatewayConfigError } from "./errors";
import type { GatewayConfig } from "./types";

/**
 * Use case and request type names travel inside SageMaker custom attributes
 * (`key=value;key=value`), so they must not contain `;`, `=` or spaces.
 */
const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

type Env = EnvironmentVariables;

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

/** A whole number within the variable's range, or its default when unset. */
function wholeNumber(env: Env, variable: NumberVariable & { readonly default: number }): number {
  const raw = env[variable.name]?.trim();
  if (!raw) {
    return variable.default;
  }
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !withinRange(value, variable)) {
    throw new GatewayConfigError(variable.name, `must be a whole number from ${variable.min} to ${variable.max}, got "${raw}"`);
  }
  return value;
}

function guardrailMode(env: Env): GuardrailMode {
  const raw = env[GUARDRAIL_MODE_VARIABLE.name]?.trim();
  if (!raw) {
    return GUARDRAIL_MODE_VARIABLE.default;
  }
  if (!(GUARDRAIL_MODES as readonly string[]).includes(raw)) {
    throw new GatewayConfigError(GUARDRAIL_MODE_VARIABLE.name, `must be one of ${GUARDRAIL_MODES.join(", ")}, got "${raw}"`);
  }
  return raw as GuardrailMode;
}

/** `USE_CASE_BINDING`: JSON written by the module from the environment; refused when unsound (fails the cold start). */
function useCaseBinding(env: Env, useCases: readonly string[]): UseCaseBinding {
  const name = GATEWAY_VARIABLES.useCaseBinding;
  const raw = required(env, name);
  let binding: UseCaseBinding;
  try {
    binding = JSON.parse(raw) as UseCaseBinding;
  } catch {
    throw new GatewayConfigError(name, "must be JSON");
  }
  const shapeOk =
    typeof binding === "object" &&
    binding !== null &&
    ((binding.source === "claim" && typeof binding.claim === "string") || (binding.source === "principal" && Array.isArray(binding.callers)));
  if (!shapeOk) throw new GatewayConfigError(name, 'must be {"source":"principal","callers":[...]} or {"source":"claim","claim":"..."}');
  const problems = useCaseBindingProblems(binding, useCases);
  if (problems.length > 0) throw new GatewayConfigError(name, problems.join("; "));
  return binding;
}

/** Reads and validates the gateway configuration; throws {@link GatewayConfigError} naming the variable. */
export function loadGatewayConfig(env: Env = process.env): GatewayConfig {
  const v = GATEWAY_VARIABLES;
  const inferenceLogStreamName = env[v.inferenceLogStreamName]?.trim();
  const inferenceLogFallbackQueueUrl = env[v.inferenceLogFallbackQueueUrl]?.trim();
  const useCases = nameList(env, v.useCases);
  return {
    endpointName: required(env, v.endpointName),
    modelName: required(env, v.modelName),
    instanceType: required(env, v.instanceType),
    useCases,
    requestTypes: nameList(env, v.requestTypes),
    useCaseBinding: useCaseBinding(env, useCases),
    guardrailMode: guardrailMode(env),
    guardrailMaxPromptChars: wholeNumber(env, GATEWAY_NUMBER_VARIABLES.guardrailMaxPromptChars),
    invokeTimeoutMs: wholeNumber(env, GATEWAY_NUMBER_VARIABLES.invokeTimeoutMs),
    ...(inferenceLogStreamName ? { inferenceLogStreamName } : {}),
    ...(inferenceLogFallbackQueueUrl ? { inferenceLogFallbackQueueUrl } : {}),
  };
}
