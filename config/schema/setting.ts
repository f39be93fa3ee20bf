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
