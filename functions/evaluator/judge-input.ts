/**
 * What the judge is given for one record: its prompt and response masked (local detectors, plus
 * Comprehend for each listed language it serves). The evaluator and the calibration function both
 * call this, so the golden set goes through the masking production uses.
 */
import { masksWithComprehend } from "../../contracts/pii-languages";
import type { JudgeInput } from "./judge/prompt";
import type { PiiModel } from "./ports";
import { maskText, type MaskOptions, type PiiEntityDetector } from "./pii/masker";
import { addCounts, applyMasks } from "./pii/spans";
import { allSettledOrThrow } from "./settle";
import type { EntityCounts } from "./types";

export interface UnmaskedJudgeInput {
  readonly prompt: string;
  readonly response: string;
  readonly useCase: string;
  readonly requestType: string;
}

export interface MaskedJudgeInput {
  readonly input: JudgeInput;
  /** Masked entities per placeholder type, prompt and response together. */
  readonly entities: EntityCounts;
  /** The texts the PII model found (never leaves the function): the last check looks for them again. */
  readonly revealedByModel: readonly string[];
}

/** The model's entities masked first, then the local detectors (and Comprehend) on what is left. */
async function maskOne(text: string, options: MaskOptions, model: PiiModel | undefined): Promise<{ masked: string; counts: EntityCounts; found: string[] }> {
  if (!model || text.trim() === "") return { ...(await maskText(text, options)), found: [] };
  const entities = await model.detect(text);
  const first = applyMasks(
    text,
    entities.map((entity) => ({ ...entity, priority: 0 })),
  );
  const rest = await maskText(first.masked, options);
  return { masked: rest.masked, counts: addCounts({ ...first.counts }, rest.counts), found: entities.map((entity) => text.slice(entity.start, entity.end)) };
}

/**
 * Masks prompt and response with the evaluator's `PII_LANGUAGES` (and the bank's PII model when there
 * is one); rejects (never returns unmasked text) when Comprehend or the model fails.
 */
export async function maskJudgeInput(
  record: UnmaskedJudgeInput,
  piiLanguages: readonly string[],
  detector?: PiiEntityDetector,
  model?: PiiModel,
): Promise<MaskedJudgeInput> {
  const comprehendLanguages = detector ? piiLanguages.filter(masksWithComprehend) : [];
  const options = comprehendLanguages.length > 0 ? { comprehendLanguages, detector } : {};
  const [prompt, response] = await allSettledOrThrow([maskOne(record.prompt, options, model), maskOne(record.response, options, model)]);
  return {
    input: { prompt: prompt.masked, response: response.masked, useCase: record.useCase, requestType: record.requestType },
    entities: addCounts({ ...prompt.counts }, response.counts),
    revealedByModel: [...prompt.found, ...response.found],
  };
}
