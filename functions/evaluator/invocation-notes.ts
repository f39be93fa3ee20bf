/**
 * What the evaluator notices across one invocation and logs once, at its end, instead of once per
 * record: a guardrail attribute that was neither `clear` nor `flagged` (treated as flagged).
 * Values come from clients, so they are shortened and reduced to a safe alphabet before logging.
 */

/** Distinct values kept per invocation; the rest are counted under `(other)`. */
export const MAX_DISTINCT_NOTED_VALUES = 10;
const MAX_VALUE_CHARS = 32;

export interface UnexpectedGuardrailSummary {
  /** Records whose guardrail value was unexpected. */
  readonly records: number;
  /** Count per (sanitised) value; `(missing)` when the record had no guardrail attribute. */
  readonly values: Readonly<Record<string, number>>;
}

export class InvocationNotes {
  private readonly guardrailValues = new Map<string, number>();
  private guardrailRecords = 0;

  /** Records one unexpected guardrail value (`""` when the attribute was missing). */
  public noteUnexpectedGuardrail(raw: string): void {
    this.guardrailRecords += 1;
    let value = raw === "" ? "(missing)" : raw.slice(0, MAX_VALUE_CHARS).replace(/[^A-Za-z0-9_.:-]/g, "?");
    if (!this.guardrailValues.has(value) && this.guardrailValues.size >= MAX_DISTINCT_NOTED_VALUES) value = "(other)";
    this.guardrailValues.set(value, (this.guardrailValues.get(value) ?? 0) + 1);
  }

  /** What to log, or undefined when every guardrail value was a documented one. */
  public unexpectedGuardrail(): UnexpectedGuardrailSummary | undefined {
    if (this.guardrailRecords === 0) return undefined;
    return { records: this.guardrailRecords, values: Object.fromEntries(this.guardrailValues) };
  }
}
