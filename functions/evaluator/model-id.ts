/**
 * Judge model id validation, dependency-free so the infrastructure module can import it and
 * reject an unversioned id at synth, and the evaluator can reject it again at cold start.
 */

/** Cross-region inference profile prefixes Bedrock uses (`us.anthropic...`, `sa.amazon...`). */
const PROFILE_PREFIX = "(?:us|us-gov|eu|apac|sa|ca|jp|au|global)\\.";

/**
 * `provider.model-...-vN:M`, optionally with a context-window suffix (`:28k`) and an inference
 * profile prefix. The trailing `-vN:M` is what pins the model revision.
 */
const VERSIONED_MODEL_ID = new RegExp(
  `^(?:${PROFILE_PREFIX})?[a-z0-9-]+\\.[a-z0-9][a-z0-9.-]*-v\\d+:\\d+(?::\\d+k)?$`,
);

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
