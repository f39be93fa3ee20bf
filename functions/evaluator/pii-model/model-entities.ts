/**
 * Entities of a token-classification model served by SageMaker, as the Hugging Face inference
 * toolkit returns them for `pipeline("token-classification", aggregation_strategy="simple")`:
 * `[{"entity_group": "PESSOA", "score": 0.99, "word": "Eros Grau", "start": 20, "end": 29}]`
 * (`entity` instead of `entity_group` without aggregation, with B-/I- prefixes). Offsets are Python
 * string indices: code points. Only person and address labels are kept: a NER model's places and
 * organisations are not client data, and masking them would blind the judge.
 */

/** A model entity the evaluator masks, in UTF-16 offsets of the text sent. */
export interface ModelEntity {
  readonly type: "NAME" | "ADDRESS";
  readonly start: number;
  readonly end: number;
}

/** Labels of person names and street addresses in the usual Portuguese and English NER tag sets (LeNER-Br, HAREM, CoNLL, PII models). */
const LABELS: Readonly<Record<string, ModelEntity["type"]>> = {
  PESSOA: "NAME",
  PER: "NAME",
  PERSON: "NAME",
  NAME: "NAME",
  ENDERECO: "ADDRESS",
  ENDEREÇO: "ADDRESS",
  ADDRESS: "ADDRESS",
  STREET: "ADDRESS",
  STREET_ADDRESS: "ADDRESS",
};

/** Thrown when the endpoint's reply is not a list of entities: the record must not leave unmasked. */
export class ModelReplyError extends Error {
  public override readonly name = "ModelReplyError";
}

function labelOf(raw: unknown): ModelEntity["type"] | undefined {
  if (typeof raw !== "string") return undefined;
  return LABELS[raw.toUpperCase().replace(/^[BIES]-/, "")];
}

/**
 * The person and address entities of a reply scored at least `minScore`, in code points of the text.
 * Throws ModelReplyError on a reply that is not a JSON list of entities.
 */
export function parseModelEntities(body: string, minScore: number): { type: ModelEntity["type"]; start: number; end: number }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ModelReplyError("pii model reply is not JSON");
  }
  // A batch of one: [[...entities]].
  const list = Array.isArray(parsed) && parsed.length === 1 && Array.isArray(parsed[0]) ? parsed[0] : parsed;
  if (!Array.isArray(list)) throw new ModelReplyError("pii model reply is not a list of entities");
  const entities: { type: ModelEntity["type"]; start: number; end: number }[] = [];
  for (const item of list) {
    if (typeof item !== "object" || item === null) throw new ModelReplyError("pii model reply holds an entity that is not an object");
    const { entity_group: group, entity, score, start, end } = item as Record<string, unknown>;
    if (typeof start !== "number" || typeof end !== "number" || !Number.isInteger(start) || !Number.isInteger(end) || end < start || start < 0) {
      throw new ModelReplyError("pii model entity without integer start and end offsets (deploy the pipeline with offsets)");
    }
    const type = labelOf(group ?? entity);
    if (type !== undefined && (typeof score !== "number" || score >= minScore)) entities.push({ type, start, end });
  }
  return entities;
}
