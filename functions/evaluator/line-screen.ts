/**
 * The first step for each line of an object: what becomes of it before any judge sees it. A blank
 * line is no record; an over-long or malformed line is dead-lettered; a record of another kind, an
 * unanswered request or an empty answer is skipped with its reason; a record the sampler does not
 * choose is sampled out; the rest are evaluated, in their stratum.
 */
import { CANARY_STRATUM } from "../../contracts/pii-canary";
import type { ScoreStratum } from "../../contracts/score-item";
import { MalformedLineError, NestingTooDeepError } from "./errors";
import type { InvocationNotes } from "./invocation-notes";
import type { Line } from "./line-reader";
import type { EvaluatorConfig } from "./config";
import { eventIdHint, parseRecord } from "./record-parser";
import { chooseStratum } from "./sampler";
import type { EvaluationRecord, ObjectRef, SkipReason } from "./types";
import type { Pointer } from "./object-run";

export type LineFate =
  | { readonly fate: "blank" }
  | { readonly fate: "dead_letter"; readonly pointer: Pointer; readonly reason: "malformed_line" | "nesting_too_deep"; readonly error: MalformedLineError }
  | { readonly fate: "skip"; readonly reason: SkipReason }
  | { readonly fate: "sampled_out" }
  | { readonly fate: "evaluate"; readonly record: EvaluationRecord; readonly stratum: ScoreStratum };

export function screenLine(line: Line, ref: ObjectRef, config: EvaluatorConfig, notes: InvocationNotes): LineFate {
  if (line.text !== undefined && line.text.trim() === "") return { fate: "blank" };
  if (line.text === undefined) {
    const error = new MalformedLineError(`line of ${line.byteLength} bytes exceeds MAX_LINE_BYTES (${config.maxLineBytes})`);
    return { fate: "dead_letter", pointer: { lineNumber: line.lineNumber }, reason: "malformed_line", error };
  }
  let parsed: ReturnType<typeof parseRecord>;
  try {
    parsed = parseRecord(line.text, { key: ref.key, ...config });
  } catch (error) {
    // Whatever a line holds fails that line alone, never the object: an unforeseen error is a malformed line too.
    const hint = eventIdHint(line.text);
    const reason = error instanceof NestingTooDeepError ? "nesting_too_deep" : "malformed_line";
    const cause =
      error instanceof MalformedLineError ? error : new MalformedLineError(`line could not be read (${error instanceof Error ? error.name : typeof error})`);
    return { fate: "dead_letter", pointer: { lineNumber: line.lineNumber, ...(hint ? { eventId: hint } : {}) }, reason, error: cause };
  }
  if ("skip" in parsed) return { fate: "skip", reason: parsed.skip };
  const record = parsed;
  if (record.unexpectedGuardrail !== undefined) notes.noteUnexpectedGuardrail(record.unexpectedGuardrail);
  // Only answered requests are judged: a timeout or a broken stream is an availability event,
  // never a quality score, and never a dead letter.
  if (record.status !== undefined && record.status !== "ok") return { fate: "skip", reason: `not_answered:${record.status}` };
  if (record.response.trim() === "") return { fate: "skip", reason: "empty_response" };
  // A canary is always judged, under a stratum of its own that no quality series reads.
  const stratum = record.canary ? CANARY_STRATUM : chooseStratum(record, config);
  return stratum ? { fate: "evaluate", record, stratum } : { fate: "sampled_out" };
}
