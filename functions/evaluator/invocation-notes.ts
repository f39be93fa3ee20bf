/**
 * What the evaluator notices across one invocation and logs once, at its end, instead of once per
 * record: a guardrail attribute that was neither `clear` nor `flagged` (treated as flagged).
 * Values come from clients: only the usual spellings of a boolean are logged as they are; any other
 * value is logged as the first 12 hex digits of its SHA-256, so that no client text reaches the log.
 */
import { createHash } from "node:crypto";

/** Distinct values kept per invocation; the rest are counted under `(other)`. */
export const MAX_DISTINCT_NOTED_VALUES = 10;
/** Spellings a client mistaking the attribute for a boolean writes: shown as they are. */
const READABLE_VALUES = new Set(["true", "false", "yes", "no", "1", "0", "on", "off", "null", "none", "TRUE", "FALSE", "True", "False"]);

function loggedValue(raw: string): string {
  if (raw === "") return "(missing)";
  if (READABLE_VALUES.has(raw)) return raw;
  return `sha256:${createHash("sha256").update(raw, "utf8").digest("hex").slice(0, 12)}`;
}

export interface UnexpectedGuardrailSummary {
  /** Records whose guardrail value was unexpected. */
  readonly records: number;
  /** Count per value as logged (a boolean spelling, or `sha256:<12 hex>`); `(missing)` when the record had no guardrail attribute. */
  readonly values: Readonly<Record<string, number>>;
}

export class InvocationNotes {
  private readonly guardrailValues = new Map<string, number>();
  private guardrailRecords = 0;

  /** Records one unexpected guardrail value (`""` when the attribute was missing). */
  public noteUnexpectedGuardrail(raw: string): void {
    this.guardrailRecords += 1;
    let value = loggedValue(raw);
    if (!this.guardrailValues.has(value) && this.guardrailValues.size >= MAX_DISTINCT_NOTED_VALUES) value = "(other)";
    this.guardrailValues.set(value, (this.guardrailValues.get(value) ?? 0) + 1);
  }

  /** What to log, or undefined when every guardrail value was a documented one. */
  public unexpectedGuardrail(): UnexpectedGuardrailSummary | undefined {
    if (this.guardrailRecords === 0) return undefined;
    return { records: this.guardrailRecords, values: Object.fromEntries(this.guardrailValues) };
  }
}
