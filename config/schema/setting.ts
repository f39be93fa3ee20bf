/**
 * One declaration per environment setting: its zod type and range, its default, what is allowed
 * (the text every error about it shows) and what it does. The same entry drives validation at
 * synth (`check.ts`), the generated reference (`docs/reference/environment-settings.md`) and,
 * through the module constants a `default` names, the values the modules receive.
 */
import { z } from "zod";

export interface SettingMeta {
  /** What the setting does, one or two sentences (the reference's description column). */
  readonly description: string;
  /** The default as the reference shows it; absent when the setting is required or has none. */
  readonly default?: string;
  /** What is allowed: the text of every error about this setting. */
  readonly allowed: string;
  /**
   * `section`: the value's shape is declared here, but its rules need context (other fields, the
   * stage, the region, each element's own message), so the section's validator checks it.
   */
  readonly checkedBy?: "section";
}

/** Every declared setting, keyed by its zod schema. */
export const SETTINGS = z.registry<SettingMeta>();

/** Declares one setting: `schema` holds its type and range, `meta` the rest. */
export function setting<T extends z.ZodType>(schema: T, meta: SettingMeta): T {
  SETTINGS.add(schema, meta);
  return schema;
}

/** A group of settings (a section or a nested object); keys not declared in `shape` are errors. */
export function group<Shape extends z.ZodRawShape>(shape: Shape, description: string): z.ZodObject<Shape, z.core.$strict> {
  return z.strictObject(shape).describe(description);
}

/** A default as the reference shows it: JSON for data, as written for text. */
export function shown(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/** Whole number from `min` to `max`. */
export const int = (min: number, max: number) => z.number().int().min(min).max(max);
/** Finite number from `min` to `max`. */
export const num = (min: number, max: number) => z.number().min(min).max(max);
/** Share greater than 0 and at most 1. */
export const positiveShare = () => z.number().gt(0).max(1);
export const bool = () => z.boolean();

/** What a setting declares besides its type: the allowed text is derived from the type's own range. */
type DerivedMeta = Omit<SettingMeta, "allowed">;

/** How a whole-number setting's error text reads beside its range. */
export interface WholeNumberText {
  /** What is counted ("minutes"): "a whole number of minutes from 1 to 120". */
  readonly unit?: string;
  /** After the range, where another rule narrows it or an example helps (", below the interval, e.g. 15"). */
  readonly rangeNote?: string;
}

/** A whole-number setting from `min` to `max`; its error text states the same range. */
export function wholeNumber(min: number, max: number, { unit, rangeNote = "", ...meta }: DerivedMeta & WholeNumberText): z.ZodNumber {
  return setting(int(min, max), { ...meta, allowed: `expected a whole number${unit ? ` of ${unit}` : ""} from ${min} to ${max}${rangeNote}` });
}

/** A true-or-false setting. */
export function flag(meta: DerivedMeta): z.ZodBoolean {
  return setting(bool(), { ...meta, allowed: "expected true or false" });
}

/** Lower-case words joined by hyphens, starting with a letter (`retail-banking`, `llama-3-1-8b-instruct`). */
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A kebab-case name of at most `maxLength` characters; `example` ends its error text. */
export function kebabName(maxLength: number, example: string, meta: DerivedMeta): z.ZodString {
  return setting(z.string().regex(KEBAB).max(maxLength), { ...meta, allowed: `expected kebab-case, at most ${maxLength} characters, e.g. ${example}` });
}
