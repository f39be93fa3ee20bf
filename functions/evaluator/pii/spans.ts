/** Entity spans: merging overlaps and replacing them with typed placeholders. */
import type { EntityCounts } from "../types";

/** A detected entity in UTF-16 offsets of the text: [start, end). */
export interface PiiSpan {
  readonly start: number;
  readonly end: number;
  /** Placeholder type, e.g. `CPF`, `NAME`. */
  readonly type: string;
  /** Higher wins the type when spans overlap (validated local detectors beat Comprehend). */
  readonly priority: number;
}

export interface MaskResult {
  readonly masked: string;
  readonly counts: EntityCounts;
}

/** Overlapping or touching spans become one span covering their union, typed by the highest priority. */
export function mergeSpans(spans: readonly PiiSpan[]): PiiSpan[] {
  const sorted = [...spans].filter((span) => span.end > span.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: PiiSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      const winner = span.priority > last.priority ? span : last;
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end), type: winner.type, priority: winner.priority };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

/** Replaces each merged span by `[TYPE]` and counts spans per type. */
export function applyMasks(text: string, spans: readonly PiiSpan[]): MaskResult {
  const merged = mergeSpans(spans);
  const counts: EntityCounts = {};
  const pieces: string[] = [];
  let cursor = 0;
  for (const span of merged) {
    pieces.push(text.slice(cursor, span.start), `[${span.type}]`);
    counts[span.type] = (counts[span.type] ?? 0) + 1;
    cursor = span.end;
  }
  pieces.push(text.slice(cursor));
  return { masked: pieces.join(""), counts };
}

/** Adds `more` into `into` (entity counts of prompt and response). */
export function addCounts(into: EntityCounts, more: EntityCounts): EntityCounts {
  for (const [type, count] of Object.entries(more)) into[type] = (into[type] ?? 0) + count;
  return into;
}
