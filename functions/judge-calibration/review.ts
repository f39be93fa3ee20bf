/**
 * Human review of production samples: choose scored records per request type, export them masked
 * and without their judge scores for raters, and take the rated lines back as golden-set
 * candidates. The golden set grows with the questions customers actually ask.
 */
import { createHash } from "node:crypto";
import type { ScoreItem } from "../../contracts/score-item";
import type { JudgeInput } from "../evaluator/judge/prompt";
import { type GoldenItem, type GoldenSetProblem, parseGoldenSet } from "./golden-set";

/** What selection needs of a score item; items without a source location cannot be reviewed. */
export type ReviewableScore = Pick<ScoreItem, "eventId" | "requestType" | "inferenceTime" | "sourceBucket" | "sourceKey" | "sourceLine">;

export interface SampleOptions {
  /** Records per request type. */
  readonly perRequestType: number;
  /** Only inferences at or after this time. */
  readonly since: Date;
  /** Changes which records are drawn; the same seed draws the same ones. @default "review" */
  readonly seed?: string;
}

const rank = (seed: string, eventId: string) => createHash("sha256").update(`${seed}:${eventId}`).digest("hex");

/**
 * Up to `perRequestType` scores per request type, drawn by a seeded hash of the event id (not the
 * newest, not the worst: a sample the judge's scores did not choose), among those with a source.
 */
export function chooseReviewSample(scores: readonly ReviewableScore[], options: SampleOptions): Map<string, ReviewableScore[]> {
  const seed = options.seed ?? "review";
  const byType = new Map<string, ReviewableScore[]>();
  for (const score of scores) {
    if (!score.sourceBucket || !score.sourceKey || !score.sourceLine) continue;
    if (Date.parse(score.inferenceTime) < options.since.getTime()) continue;
    byType.set(score.requestType, [...(byType.get(score.requestType) ?? []), score]);
  }
  const chosen = new Map<string, ReviewableScore[]>();
  for (const requestType of [...byType.keys()].sort()) {
    const ranked = [...byType.get(requestType)!].sort((a, b) => rank(seed, a.eventId).localeCompare(rank(seed, b.eventId)));
    chosen.set(requestType, ranked.slice(0, options.perRequestType));
  }
  return chosen;
}

/** The rating raters fill in: every field empty, so an unfilled line fails the import by name. */
export const EMPTY_RATING = { rater_id: "", factuality: null, completeness: null, tone_compliance: null, undue_refusal: null } as const;

/** One line for raters: the masked prompt and response, the request type, no judge score. */
export function reviewLine(score: ReviewableScore, masked: JudgeInput, language: string): string {
  return JSON.stringify({
    id: `review-${score.eventId}`.replace(/[^A-Za-z0-9._:-]/g, "-").slice(0, 128),
    language,
    request_type: masked.requestType,
    use_case: /^[a-z][a-z0-9_]*$/.test(masked.useCase) ? masked.useCase : "production",
    category: "production_sample",
    prompt: masked.prompt,
    response: masked.response,
    ratings: [EMPTY_RATING],
    notes: `production sample of ${score.inferenceTime.slice(0, 10)}; judge scores hidden; text masked by the evaluator`,
  });
}

export interface ImportResult {
  /** Every problem of the returned file, with its line; nothing is written when there is one. */
  readonly problems: readonly GoldenSetProblem[];
  /** The candidates file after the import (existing candidates with the new ratings merged in). */
  readonly merged: readonly GoldenItem[];
  readonly added: number;
  readonly updated: number;
  readonly ratings: number;
}

/** Serialises items back to the golden-set format (snake_case JSON lines). */
export function goldenSetText(items: readonly GoldenItem[]): string {
  return items
    .map((item) =>
      JSON.stringify({
        id: item.id,
        language: item.language,
        request_type: item.requestType,
        use_case: item.useCase,
        category: item.category,
        ...(item.paddedFrom ? { padded_from: item.paddedFrom } : {}),
        prompt: item.prompt,
        response: item.response,
        ratings: item.ratings.map((r) => ({
          rater_id: r.raterId,
          factuality: r.factuality,
          completeness: r.completeness,
          tone_compliance: r.toneCompliance,
          undue_refusal: r.undueRefusal,
        })),
        ...(item.notes ? { notes: item.notes } : {}),
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/**
 * Validates the returned file as a golden set (every rating complete) and merges it into the
 * existing candidates: a new id is added; a known id gains the ratings of new raters, and a rater
 * who rated it before must give the same scores (else a problem names the line).
 */
export function importReviews(returned: string, existing: string): ImportResult {
  const parsed = parseGoldenSet(returned);
  const problems: GoldenSetProblem[] = [...parsed.problems];
  for (const item of parsed.items) {
    if (item.category !== "production_sample") {
      problems.push({
        line: item.line,
        field: "category",
        value: item.category,
        allowed: '"production_sample": reviews of production records come back as exported',
      });
    }
  }
  const current = existing.trim() === "" ? { items: [], problems: [] } : parseGoldenSet(existing);
  if (current.problems.length > 0) {
    throw new Error(
      `the existing candidates file is not a valid golden set (first problem: line ${current.problems[0]!.line}, ${current.problems[0]!.field}); fix it before importing`,
    );
  }
  const merged = new Map(current.items.map((item) => [item.id, item]));
  let added = 0;
  let updated = 0;
  let ratings = 0;
  if (problems.length === 0) {
    for (const item of parsed.items) {
      const known = merged.get(item.id);
      if (!known) {
        merged.set(item.id, item);
        added += 1;
        ratings += item.ratings.length;
        continue;
      }
      const raters = new Map(known.ratings.map((r) => [r.raterId, r]));
      const fresh = item.ratings.filter((r) => {
        const earlier = raters.get(r.raterId);
        if (earlier && JSON.stringify(earlier) !== JSON.stringify(r)) {
          problems.push({
            line: item.line,
            field: "ratings",
            value: r.raterId,
            allowed: `the scores ${r.raterId} gave ${item.id} before (a rater changes a rating in the candidates file, not by re-importing)`,
          });
        }
        return !earlier;
      });
      if (fresh.length > 0) {
        merged.set(item.id, { ...known, ratings: [...known.ratings, ...fresh] });
        updated += 1;
        ratings += fresh.length;
      }
    }
  }
  return problems.length > 0 ? { problems, merged: [], added: 0, updated: 0, ratings: 0 } : { problems, merged: [...merged.values()], added, updated, ratings };
}
