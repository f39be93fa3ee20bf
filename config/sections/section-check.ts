/**
 * What every section validator does the same way: collect problems under the section's name, refuse a
 * section that is not an object, and check the few shapes of setting that recur across sections (a
 * string a pattern accepts, a list of ids, a record keyed by request type).
 */
import type { ConfigProblem } from "../errors";

/** Records a problem at `field` (relative to the section; `""` for the section itself) unless `ok`. */
export type Check = (ok: boolean, field: string, value: unknown, allowed: string) => void;

/** A section's problems, and the check that adds each failed rule with its field under `section` (`grafana.url`). */
export function sectionProblems(file: string, section: string): { readonly problems: ConfigProblem[]; readonly check: Check } {
  const problems: ConfigProblem[] = [];
  const check: Check = (ok, field, value, allowed) => {
    if (!ok) problems.push({ file, field: field === "" ? section : `${section}.${field}`, value, allowed });
  };
  return { problems, check };
}

/** The problem of a section written as something other than an object (`null`, a string), at `<section>.(section)`. */
export function notAnObject(value: unknown, file: string, section: string, expected: string): ConfigProblem | undefined {
  return value === null || typeof value !== "object" ? { file, field: `${section}.(section)`, value, allowed: expected } : undefined;
}

/** A setting that must be a string `pattern` accepts. */
export function checkPattern(check: Check, field: string, value: unknown, pattern: RegExp, allowed: string): void {
  check(typeof value === "string" && pattern.test(value), field, value, allowed);
}

/** A list of ids, each one `pattern` accepts; absent is fine. */
export function checkIdList(check: Check, field: string, ids: unknown, pattern: RegExp, allowed: { readonly list: string; readonly id: string }): void {
  if (ids === undefined) return;
  if (!Array.isArray(ids)) check(false, field, ids, allowed.list);
  else ids.forEach((id, i) => checkPattern(check, `${field}[${i}]`, id, pattern, allowed.id));
}

/** An object with at least one key. */
export const isNonEmptyRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0;

/** The rules of a record keyed by request type (or `default`): what the record, each key and each value must be. */
export interface RequestTypeRecordRules {
  /** What is allowed in place of a record that is not a non-empty object. */
  readonly record: string;
  readonly key?: { readonly ok: (key: string) => boolean; readonly allowed: string };
  readonly value: { readonly ok: (value: unknown) => boolean; readonly allowed: string };
}

/** A record keyed by request type: absent is fine; each key and value is checked at `<field>.<key>`. */
export function checkRequestTypeRecord(check: Check, field: string, record: unknown, rules: RequestTypeRecordRules): record is Record<string, unknown> {
  if (record === undefined) return false;
  if (!isNonEmptyRecord(record)) {
    check(false, field, record, rules.record);
    return false;
  }
  for (const [key, value] of Object.entries(record)) {
    if (rules.key) check(rules.key.ok(key), `${field}.${key}`, key, rules.key.allowed);
    check(rules.value.ok(value), `${field}.${key}`, value, rules.value.allowed);
  }
  return true;
}
