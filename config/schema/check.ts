/**
 * Checks an environment file against the settings' declarations (`environment-schema.ts`): every
 * key must be declared (an unknown one is reported with the closest declared name, so a misspelling
 * never silently takes a default), and every declared setting given must fit its type and range.
 * Rules that need context (other fields, the stage, the region) stay in the sections' validators.
 */
import { z } from "zod";
import type { ConfigProblem } from "../errors";
import { SETTINGS } from "./setting";

/** Settings that were renamed or removed, by field path: what to write instead. */
export const RETIRED_SETTINGS: Readonly<Record<string, string>> = {
  "evaluation.piiLanguage": 'renamed to piiLanguages, a list such as ["pt", "en"]',
  "evaluation.createVpcEndpoints":
    'replaced by evaluation.vpcEndpoints: per service "create" or the id of the VPC\'s existing endpoint, e.g. { sqs: "vpce-0123456789abcdef0", logs: "vpce-0123456789abcdef1" }; ' +
    "services not listed are created, and bedrock-runtime is always reached privately",
  "grafana.enabled": 'grafana.enabled is replaced by grafana.mode: leave it out (the CloudWatch dashboard) or set mode "managed-workspace" or "existing"',
  "telemetry.otelLayerArn": 'no longer used: the gateway publishes every metric once, with EMF (README, "Metrics: EMF is the route"); remove it',
};

/** Edit distance with adjacent transpositions (`regoin` is one edit from `region`). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The declared name `unknown` most likely meant: the nearest by edit distance (case ignored), or
 * one it is a prefix or extension of; undefined when none is near enough to be a guess.
 */
export function closestName(unknown: string, known: readonly string[]): string | undefined {
  const typed = unknown.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const lower = name.toLowerCase();
    const distance = lower.startsWith(typed) || typed.startsWith(lower) ? 1 : editDistance(typed, lower);
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(typed.length / 3)) ? best.name : undefined;
}

function unknownKeyProblem(file: string, field: string, key: string, value: unknown, known: readonly string[]): ConfigProblem {
  const path = field === "" ? key : `${field}.${key}`;
  const retired = RETIRED_SETTINGS[path];
  if (retired !== undefined) return { file, field: path, value, allowed: retired };
  const guess = closestName(key, known);
  const where = field === "" ? "an environment" : field;
  return {
    file,
    field: path,
    value,
    allowed: guess !== undefined ? `unknown setting; did you mean \`${guess}\`?` : `unknown setting; ${where} has ${known.join(", ")}`,
  };
}

const NONE: ReadonlySet<string> = new Set();
const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** The option of a union of groups that `value` was written for: the one sharing the most keys. */
function chosenOption(schema: z.ZodUnion, value: Record<string, unknown>): z.ZodObject | undefined {
  const groups = schema.options.filter((option): option is z.ZodObject => option instanceof z.ZodObject);
  const shared = (option: z.ZodObject) => Object.keys(value).filter((key) => key in option.shape).length;
  return [...groups].sort((a, b) => shared(b) - shared(a))[0];
}

/**
 * Every problem of `value` against `schema` at `field` (`""` for the whole file). Fields in
 * `checkedApart` are known keys whose values another validator checks (a section's own).
 */
export function checkSettings(schema: z.ZodType, value: unknown, file: string, field = "", checkedApart: ReadonlySet<string> = NONE): ConfigProblem[] {
  if (checkedApart.has(field)) return [];
  let declared = schema;
  if (declared instanceof z.ZodOptional) {
    if (value === undefined) return [];
    declared = declared.unwrap() as z.ZodType;
  }
  const meta = SETTINGS.get(declared);
  if (declared instanceof z.ZodUnion && isPlainObject(value)) {
    const option = chosenOption(declared, value);
    return option ? checkSettings(option, value, file, field, checkedApart) : [];
  }
  if (!(declared instanceof z.ZodObject)) {
    if (meta === undefined || meta.checkedBy === "section" || declared.safeParse(value).success) return [];
    return [{ file, field, value, allowed: meta.allowed }];
  }
  const shape = declared.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  if (!isPlainObject(value)) return value === undefined ? [] : [{ file, field, value, allowed: `expected an object with any of ${known.join(", ")}` }];
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(value)) if (!(key in shape)) problems.push(unknownKeyProblem(file, field, key, value[key], known));
  for (const key of known) problems.push(...checkSettings(shape[key]!, value[key], file, field === "" ? key : `${field}.${key}`, checkedApart));
  return problems;
}
