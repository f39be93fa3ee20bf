/**
 * What the judge is given for one record: its prompt and response masked (local detectors, plus
 * Comprehend for each listed language it serves). The evaluator and the calibration function both
 * call this, so the golden set goes through the masking production uses.
 */
import { masksWithComprehend } from "../../contracts/pii-languages";
import type { JudgeInput } from "./judge/prompt";
import { maskText, type PiiEntityDetector } from "./pii/masker";
import { addCounts } from "./pii/spans";
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
}

/** Masks prompt and response with the evaluator's `PII_LANGUAGES`; rejects (never returns unmasked text) when Comprehend fails. */
export async function maskJudgeInput(record: UnmaskedJudgeInput, piiLanguages: readonly string[], detector?: PiiEntityDetector): Promise<MaskedJudgeInput> {
  const comprehendLanguages = detector ? piiLanguages.filter(masksWithComprehend) : [];
  const options = comprehendLanguages.length > 0 ? { comprehendLanguages, detector } : {};
  const [prompt, response] = await allSettledOrThrow([maskText(record.prompt, options), maskText(record.response, options)]);
  return {
    input: { prompt: prompt.masked, response: response.masked, useCase: record.useCase, requestType: record.requestType },
    entities: addCounts({ ...prompt.counts }, response.counts),
  };
}
