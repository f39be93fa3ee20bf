/**
 * Bedrock model id rules, dependency-free: the infrastructure rejects an unversioned judge at
 * synth and builds the judge's IAM from the id; the evaluator rejects it again at cold start.
 */

/** Cross-region inference profile prefixes Bedrock uses (`us.anthropic...`, `sa.amazon...`). */
const INFERENCE_PROFILE_PREFIXES = ["us", "us-gov", "eu", "apac", "sa", "ca", "jp", "au", "global"] as const;

const PROFILE_PREFIX = `(?:${INFERENCE_PROFILE_PREFIXES.join("|")})\\.`;

/**
 * `provider.model-...-vN:M`, optionally with a context-window suffix (`:28k`) and an inference
 * profile prefix. The trailing `-vN:M` is what pins the model revision.
 */
const VERSIONED_MODEL_ID = new RegExp(`^(?:${PROFILE_PREFIX})?[a-z0-9-]+\\.[a-z0-9][a-z0-9.-]*-v\\d+:\\d+(?::\\d+k)?$`);

const PROFILE_ID = new RegExp(`^${PROFILE_PREFIX}(.+)$`);

/**
 * True when `modelId` names one pinned model revision.
 *
 * @example isVersionedModelId("anthropic.claude-3-haiku-20240307-v1:0") // true
 * @example isVersionedModelId("sa.anthropic.claude-3-haiku-20240307-v1:0") // true
 * @example isVersionedModelId("anthropic.claude-3-haiku") // false: floats with the provider
 */
export function isVersionedModelId(modelId: string): boolean {
  return VERSIONED_MODEL_ID.test(modelId);
}

/**
 * The foundation model an inference-profile id routes to, or undefined for a plain model id.
 *
 * @example profiledModelId("sa.anthropic.claude-3-haiku-20240307-v1:0") // "anthropic.claude-3-haiku-20240307-v1:0"
 * @example profiledModelId("anthropic.claude-3-haiku-20240307-v1:0") // undefined
 */
export function profiledModelId(modelId: string): string | undefined {
  return PROFILE_ID.exec(modelId)?.[1];
}
