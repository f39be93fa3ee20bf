/**
 * The golden dataset: JSON lines, one item per line, each a prompt and a response with human scores
 * per rubric dimension from one or more raters. Validation reports every problem at once, each with
 * its line number, the field and what is allowed.
 *
 * @example
 * {"id":"pt-pix-night","language":"pt","request_type":"limits","category":"short_correct",
 *  "prompt":"Qual é o limite do PIX à noite?","response":"R$ 1.000 entre 20h e 6h.",
 *  "ratings":[{"rater_id":"ana","factuality":5,"completeness":5,"tone_compliance":5,"undue_refusal":false}]}
 */

/** What an item tests; the bias probes read `padded` (with `padded_from`). */
export const GOLDEN_CATEGORIES = [
  "short_correct",
  "long_wrong",
  "padded",
  "undue_refusal",
  "policy_refusal",
  "injection",
  "production_sample",
  "other",
] as const;
export type GoldenCategory = (typeof GOLDEN_CATEGORIES)[number];

/** One rater's scores of one item (the file's snake_case fields, read into camelCase). */
export interface HumanRating {
  readonly raterId: string;
  /** 1-5 */
  readonly factuality: number;
  /** 1-5 */
  readonly completeness: number;
  /** 1-5 */
  readonly toneCompliance: number;
  readonly undueRefusal: boolean;
}

export interface GoldenItem {
  readonly id: string;
  /** 1-based line of the item in its file. */
  readonly line: number;
  readonly language: string;
  readonly requestType: string;
  /** @default "golden_set" */
  readonly useCase: string;
  readonly category: GoldenCategory;
  readonly prompt: string;
  readonly response: string;
  /** For a `padded` item: the id of the `short_correct` item it pads. */
  readonly paddedFrom?: string;
  readonly ratings: readonly HumanRating[];
  readonly notes?: string;
}

/** One validation problem: the line, the field, the value found and what is allowed. */
export interface GoldenSetProblem {
  readonly line: number;
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

export interface ParsedGoldenSet {
  readonly items: readonly GoldenItem[];
  readonly problems: readonly GoldenSetProblem[];
}

export const ITEM_FIELDS = ["id", "language", "request_type", "use_case", "category", "prompt", "response", "padded_from", "ratings", "notes"] as const;
export const RATING_FIELDS = ["rater_id", "factuality", "completeness", "tone_compliance", "undue_refusal"] as const;
/** Longest prompt or response accepted, characters. */
export const MAX_TEXT_CHARS = 100_000;
/** A padded copy must be at least this many times as long as its original. */
export const MIN_PADDING_FACTOR = 2;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const RATER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const LANGUAGE = /^[a-z]{2}(-[A-Z]{2})?$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isScore = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;
const describe = (value: unknown) => (value === undefined ? "missing" : JSON.stringify(value).slice(0, 80));

/** `golden.jsonl line 7: ratings[1].factuality is 6; expected a whole number from 1 to 5`. */
export function formatGoldenSetProblem(source: string, problem: GoldenSetProblem): string {
  return `${source} line ${problem.line}: ${problem.field} is ${describe(problem.value)}; expected ${problem.allowed}`;
}

/** Thrown by `parseGoldenSetOrThrow`: every problem, one per line of the message. */
export class GoldenSetError extends Error {
  public override readonly name = "GoldenSetError";
  public constructor(
    public readonly source: string,
    public readonly problems: readonly GoldenSetProblem[],
  ) {
    super(
      `invalid golden set ${source} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${formatGoldenSetProblem(source, p)}`).join("\n")}`,
    );
  }
}

function parseRating(value: unknown, line: number, field: string, problems: GoldenSetProblem[]): HumanRating | undefined {
  if (!isObject(value)) {
    problems.push({ line, field, value, allowed: `an object with ${RATING_FIELDS.join(", ")}` });
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (!(RATING_FIELDS as readonly string[]).includes(key))
      problems.push({ line, field: `${field}.${key}`, value: value[key], allowed: `no such field; a rating has ${RATING_FIELDS.join(", ")}` });
  }
  if (typeof value.rater_id !== "string" || !RATER_ID.test(value.rater_id)) {
    problems.push({
      line,
      field: `${field}.rater_id`,
      value: value.rater_id,
      allowed: "the rater's id: letters, digits, . _ @ - (at most 64), never a name or e-mail of a customer",
    });
  }
  for (const dimension of ["factuality", "completeness", "tone_compliance"] as const) {
    if (!isScore(value[dimension])) problems.push({ line, field: `${field}.${dimension}`, value: value[dimension], allowed: "a whole number from 1 to 5" });
  }
  if (typeof value.undue_refusal !== "boolean") {
    problems.push({
      line,
      field: `${field}.undue_refusal`,
      value: value.undue_refusal,
      allowed: "true (the answer refused or deflected a legitimate request) or false",
    });
  }
  if (problems.length > before) return undefined;
  return {
    raterId: value.rater_id as string,
    factuality: value.factuality as number,
    completeness: value.completeness as number,
    toneCompliance: value.tone_compliance as number,
    undueRefusal: value.undue_refusal as boolean,
  };
}

function parseItem(value: Record<string, unknown>, line: number, problems: GoldenSetProblem[]): GoldenItem | undefined {
  const before = problems.length;
  const fail = (field: string, found: unknown, allowed: string) => problems.push({ line, field, value: found, allowed });
  for (const key of Object.keys(value)) {
    if (!(ITEM_FIELDS as readonly string[]).includes(key)) fail(key, value[key], `no such field; an item has ${ITEM_FIELDS.join(", ")}`);
  }
  if (typeof value.id !== "string" || !ID.test(value.id))
    fail("id", value.id, "a unique id: letters, digits, . _ : - (at most 128), starting with a letter or digit");
  if (typeof value.language !== "string" || !LANGUAGE.test(value.language)) fail("language", value.language, 'a language code such as "pt", "en" or "pt-BR"');
  if (typeof value.request_type !== "string" || !SNAKE.test(value.request_type)) {
    fail("request_type", value.request_type, "a snake_case request type (a-z, 0-9, _) as the gateway sets request_type, e.g. balance_inquiry");
  }
  if (value.use_case !== undefined && (typeof value.use_case !== "string" || !SNAKE.test(value.use_case)))
    fail("use_case", value.use_case, "a snake_case use case, or leave it out");
  if (typeof value.category !== "string" || !(GOLDEN_CATEGORIES as readonly string[]).includes(value.category))
    fail("category", value.category, `one of ${GOLDEN_CATEGORIES.join(", ")}`);
  for (const field of ["prompt", "response"] as const) {
    const text = value[field];
    if (typeof text !== "string" || text.trim() === "" || text.length > MAX_TEXT_CHARS)
      fail(field, text, `non-empty text of at most ${MAX_TEXT_CHARS} characters`);
  }
  if (value.category === "padded") {
    if (typeof value.padded_from !== "string" || !ID.test(value.padded_from))
      fail("padded_from", value.padded_from, "the id of the short_correct item this padded copy repeats (required for category padded)");
  } else if (value.padded_from !== undefined) {
    fail("padded_from", value.padded_from, 'nothing: padded_from is only for category "padded"');
  }
  if (value.notes !== undefined && typeof value.notes !== "string") fail("notes", value.notes, "text, or leave it out");
  const ratings: HumanRating[] = [];
  if (!Array.isArray(value.ratings) || value.ratings.length === 0) {
    fail("ratings", value.ratings, "a non-empty list of ratings, one per rater");
  } else {
    const raters = new Map<string, number>();
    value.ratings.forEach((raw, index) => {
      const rating = parseRating(raw, line, `ratings[${index}]`, problems);
      if (!rating) return;
      const earlier = raters.get(rating.raterId);
      if (earlier !== undefined) fail(`ratings[${index}].rater_id`, rating.raterId, `each rater once per item (already rated in ratings[${earlier}])`);
      raters.set(rating.raterId, index);
      ratings.push(rating);
    });
  }
  if (problems.length > before) return undefined;
  return {
    id: value.id as string,
    line,
    language: value.language as string,
    requestType: value.request_type as string,
    useCase: (value.use_case as string | undefined) ?? "golden_set",
    category: value.category as GoldenCategory,
    prompt: value.prompt as string,
    response: value.response as string,
    ...(value.padded_from !== undefined ? { paddedFrom: value.padded_from as string } : {}),
    ratings,
    ...(value.notes !== undefined ? { notes: value.notes as string } : {}),
  };
}

/**
 * Parses JSON lines (blank lines are skipped) and checks every item, then what items say about
 * each other: ids are unique, a padded copy names a `short_correct` item with the same prompt and
 * request type, and is at least `MIN_PADDING_FACTOR` times as long.
 */
export function parseGoldenSet(text: string): ParsedGoldenSet {
  const problems: GoldenSetProblem[] = [];
  const items: GoldenItem[] = [];
  const idLines = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, field: "(line)", value: raw.slice(0, 40), allowed: `one JSON object per line (${(error as Error).message})` });
      return;
    }
    if (!isObject(value)) {
      problems.push({ line, field: "(line)", value, allowed: "a JSON object with id, language, request_type, category, prompt, response and ratings" });
      return;
    }
    if (typeof value.id === "string") {
      const earlier = idLines.get(value.id);
      if (earlier !== undefined) problems.push({ line, field: "id", value: value.id, allowed: `a unique id (already used on line ${earlier})` });
      else idLines.set(value.id, line);
    }
    const item = parseItem(value, line, problems);
    if (item) items.push(item);
  });
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const item of items) {
    if (item.paddedFrom === undefined) continue;
    const original = byId.get(item.paddedFrom);
    const fail = (allowed: string) => problems.push({ line: item.line, field: "padded_from", value: item.paddedFrom, allowed });
    if (!original) {
      if (!idLines.has(item.paddedFrom)) fail("the id of an item in this file");
      continue;
    }
    if (original.category !== "short_correct") fail(`the id of a short_correct item (${original.id} is ${original.category})`);
    else if (original.prompt !== item.prompt || original.requestType !== item.requestType)
      fail(`an original with the same prompt and request_type as this copy (line ${original.line} differs)`);
    else if (item.response.length < MIN_PADDING_FACTOR * original.response.length) {
      fail(
        `an original at most 1/${MIN_PADDING_FACTOR} as long as this copy (the copy has ${item.response.length} characters, the original ${original.response.length})`,
      );
    }
  }
  if (items.length === 0 && problems.length === 0) problems.push({ line: 1, field: "(file)", value: "", allowed: "at least one item" });
  problems.sort((a, b) => a.line - b.line);
  return { items: problems.length === 0 ? items : [], problems };
}

/** `parseGoldenSet`, throwing `GoldenSetError` (every problem) when the file is not valid. */
export function parseGoldenSetOrThrow(text: string, source: string): readonly GoldenItem[] {
  const { items, problems } = parseGoldenSet(text);
  if (problems.length > 0) throw new GoldenSetError(source, problems);
  return items;
}

/** Counts for the record: items, ratings and distinct raters. */
export function goldenSetCounts(items: readonly GoldenItem[]): { items: number; ratings: number; raters: number } {
  const raters = new Set(items.flatMap((item) => item.ratings.map((rating) => rating.raterId)));
  return { items: items.length, ratings: items.reduce((sum, item) => sum + item.ratings.length, 0), raters: raters.size };
}
