/** Validates the judge's tool input against the rubric; returns the scores or why they are invalid. */
import type { RubricScores } from "../types";

export type ReplyValidation = { readonly ok: true; readonly scores: RubricScores } | { readonly ok: false; readonly problem: string };

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer out of range" : "a fraction";
  return `a ${typeof value}`;
}

function score(value: unknown, field: string, problems: string[]): number {
  const number = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 1 || number > 5) {
    // The rule and the type found, never the value: the judge's text goes into dead-letter pointers.
    problems.push(`${field} must be an integer from 1 to 5, got ${kindOf(value)}`);
    return 0;
  }
  return number;
}

export function validateVerdict(input: unknown): ReplyValidation {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { ok: false, problem: "tool input is not an object" };
  const record = input as Record<string, unknown>;
  const problems: string[] = [];
  const factuality = score(record.factuality, "factuality", problems);
  const completeness = score(record.completeness, "completeness", problems);
  const toneCompliance = score(record.toneCompliance, "toneCompliance", problems);
  const refusal = record.undueRefusal === "true" ? true : record.undueRefusal === "false" ? false : record.undueRefusal;
  if (typeof refusal !== "boolean") problems.push(`undueRefusal must be true or false, got ${kindOf(record.undueRefusal)}`);
  if (problems.length > 0) return { ok: false, problem: problems.join("; ") };
  return { ok: true, scores: { factuality, completeness, toneCompliance, undueRefusal: refusal as boolean } };
}

/** The one-line verdict of a `line` rubric: `<factuality> <completeness> <toneCompliance> <undueRefusal>`, e.g. `5 4 5 false`. */
const VERDICT_LINE = /^\s*([1-5])\s+([1-5])\s+([1-5])\s+(true|false)\s*$/i;

/** Validates a one-line text verdict; nothing but the line is accepted (no prose around it). */
export function validateVerdictLine(text: string): ReplyValidation {
  const match = VERDICT_LINE.exec(text);
  if (!match) return { ok: false, problem: `the reply is not one line of four values such as "5 4 5 false" (${text.trim().length} characters)` };
  return validateVerdict({
    factuality: Number(match[1]),
    completeness: Number(match[2]),
    toneCompliance: Number(match[3]),
    undueRefusal: match[4]!.toLowerCase() === "true",
  });
}
