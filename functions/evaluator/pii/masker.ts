/**
 * Masks PII in a text: the local detectors (every region, Portuguese names and addresses included)
 * plus Comprehend entities where it is offered for the language, merged and replaced by typed
 * placeholders. Only the masked text and per-type counts come out.
 */
import type { EntityCounts } from "../types";
import { codePointToUtf16, splitForComprehend } from "./chunking";
import { detectLocalPii } from "./local-detectors";
import { PRIORITY } from "./priorities";
import { applyMasks, type PiiSpan } from "./spans";
import { allSettledOrThrow } from "../settle";

/** One Comprehend entity, offsets in code points of the chunk it was found in. */
export interface DetectedEntity {
  readonly type: string;
  readonly beginOffset: number;
  readonly endOffset: number;
}

/** Port to Comprehend DetectPiiEntities (one call per chunk, text under the size limit). */
export interface PiiEntityDetector {
  detect(text: string, languageCode: string): Promise<readonly DetectedEntity[]>;
}

/** Comprehend type -> placeholder, where the platform uses its own name. */
const COMPREHEND_TYPE_NAMES: Readonly<Record<string, string>> = {
  BANK_ACCOUNT_NUMBER: "ACCOUNT_NUMBER",
  CREDIT_DEBIT_NUMBER: "CARD_NUMBER",
  CREDIT_DEBIT_CVV: "CARD_CVV",
  CREDIT_DEBIT_EXPIRY: "CARD_EXPIRY",
  LICENSE_PLATE: "PLATE",
};

export interface MaskOptions {
  /**
   * Languages Comprehend is called in, one call per language per chunk; none (the default): the
   * local detectors only.
   * @default []
   * @example ["en"]
   */
  readonly comprehendLanguages?: readonly string[];
  readonly detector?: PiiEntityDetector;
  /** Chunks sent to Comprehend at once per text. @default 4 */
  readonly chunkConcurrency?: number;
}

export interface MaskedText {
  readonly masked: string;
  readonly counts: EntityCounts;
}

async function comprehendSpans(text: string, language: string, detector: PiiEntityDetector, concurrency: number): Promise<PiiSpan[]> {
  const chunks = splitForComprehend(text);
  const spans: PiiSpan[] = [];
  for (let index = 0; index < chunks.length; index += concurrency) {
    const group = chunks.slice(index, index + concurrency);
    const results = await allSettledOrThrow(group.map((chunk) => detector.detect(chunk.text, language)));
    results.forEach((entities, position) => {
      const chunk = group[position]!;
      const toUtf16 = codePointToUtf16(chunk.text);
      for (const entity of entities) {
        spans.push({
          start: chunk.offset + toUtf16(entity.beginOffset),
          end: chunk.offset + toUtf16(entity.endOffset),
          type: COMPREHEND_TYPE_NAMES[entity.type] ?? entity.type,
          priority: PRIORITY.COMPREHEND,
        });
      }
    });
  }
  return spans;
}

/** Masks `text`. Rejects (never returns unmasked text) when Comprehend fails. */
export async function maskText(text: string, options: MaskOptions = {}): Promise<MaskedText> {
  if (text.trim() === "") return { masked: text, counts: {} };
  const spans = detectLocalPii(text);
  const { detector, comprehendLanguages = [] } = options;
  if (detector) {
    for (const language of comprehendLanguages) {
      // A loop, not push(...spans): a long text can have more entities than a call accepts arguments.
      for (const span of await comprehendSpans(text, language, detector, options.chunkConcurrency ?? 4)) spans.push(span);
    }
  }
  return applyMasks(text, spans);
}
