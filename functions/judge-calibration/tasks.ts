/**
 * The function's two tasks. `calibrate` runs the golden set through a judge pair (the current one,
 * or the shadow candidate) and writes the report, the record and the metrics; `shadow-agreement`
 * computes the current-candidate agreement over the recent shadow comparisons and publishes it.
 */
import { createHash } from "node:crypto";
import type { CalibrationRecord, CalibrationThresholds, JudgeService } from "../../contracts/calibration-record";
import { judgePairId, judgePairSlug, type JudgePair } from "../../contracts/judge-pair";
import type { ShadowScoreItem } from "../../contracts/score-item";
import { judgePairRefusal } from "../evaluator/judge-pair-check";
import type { PiiEntityDetector } from "../evaluator/pii/masker";
import type { Judge } from "../evaluator/ports";
import { buildCalibrationRecord, computeFigures, judgeGoldenSet, type CalibrationFiguresDetail } from "./calibrate";
import type { CalibrationConfig } from "./config";
import { InvalidTaskError } from "./errors";
import { goldenSetCounts, parseGoldenSetOrThrow } from "./golden-set";
import { calibrationDatums, type Datum } from "./metrics";
import { renderCalibrationMarkdown, renderCalibrationTable } from "./report";
import { shadowAgreement, shadowDatums, type ShadowAgreement } from "./shadow-agreement";

/**
 * What the schedule or an operator sends.
 * @example {"task":"calibrate"}
 * @example {"task":"calibrate","pair":"candidate"}
 * @example {"task":"calibrate","goldenKey":"golden/next-month.jsonl"}
 * @example {"task":"shadow-agreement"}
 */
export interface CalibrationEvent {
  /** @default "calibrate" */
  readonly task?: "calibrate" | "shadow-agreement";
  /** Which configured pair to calibrate. @default "current" */
  readonly pair?: "current" | "candidate";
  /** Another golden set in the calibration bucket. @default - the configured one */
  readonly goldenKey?: string;
}

export interface CalibrationPorts {
  readGoldenSet(key: string): Promise<string>;
  putObject(key: string, body: string, contentType: string): Promise<void>;
  putMetrics(datums: Datum[]): Promise<void>;
  /** The evaluator's Bedrock judge for a pair. */
  judgeFor(pair: JudgePair): Judge;
  readonly piiDetector?: PiiEntityDetector;
  /** Shadow comparisons of a candidate evaluated at or after `since`. */
  shadowItems?(candidateJudgePair: string, since: Date): Promise<ShadowScoreItem[]>;
  readonly judgeService: { readonly judgeService: JudgeService; readonly judgeLocation: string };
  now(): Date;
}

export interface CalibrationOptions {
  readonly goldenSetName: string;
  readonly piiLanguages: readonly string[];
  readonly thresholds: CalibrationThresholds;
  readonly judgeService: { readonly judgeService: JudgeService; readonly judgeLocation: string };
  readonly detector?: PiiEntityDetector;
  readonly concurrency?: number;
  /** @default 2000 */
  readonly bootstrapResamples?: number;
  /** Thresholds the judge's verdict figures are measured at. @default [] */
  readonly verdictThresholds?: readonly number[];
  readonly now: () => Date;
  /** Where the reports will be written, recorded in the record. */
  readonly reportKeys?: (record: Pick<CalibrationRecord, "calibratedAt">) => { json: string; markdown: string };
}

export interface CalibrationResult {
  readonly record: CalibrationRecord;
  readonly detail: CalibrationFiguresDetail;
  readonly table: string;
  readonly markdown: string;
  /** The JSON report: the record and the per-item comparisons. */
  readonly json: string;
}

/** One calibration of `pair` on the golden set's text; shared by the function and the CLI. */
export async function calibrate(goldenText: string, pair: JudgePair, judge: Judge, options: CalibrationOptions): Promise<CalibrationResult> {
  const refusal = judgePairRefusal(pair, [judgePairId(pair)]);
  if (refusal) throw new InvalidTaskError(refusal);
  const items = parseGoldenSetOrThrow(goldenText, options.goldenSetName);
  const sha256 = createHash("sha256").update(goldenText, "utf8").digest("hex");
  const judged = await judgeGoldenSet(items, judge, {
    piiLanguages: options.piiLanguages,
    ...(options.detector ? { detector: options.detector } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  const detail = computeFigures(judged, {
    seed: sha256,
    resamples: options.bootstrapResamples ?? 2000,
    qualityThresholds: options.verdictThresholds ?? [],
  });
  const calibratedAt = options.now();
  const record = buildCalibrationRecord({
    pair,
    figures: detail,
    thresholds: options.thresholds,
    goldenSet: { name: options.goldenSetName, sha256, ...goldenSetCounts(items) },
    ...options.judgeService,
    piiLanguages: options.piiLanguages,
    calibratedAt,
    ...(options.reportKeys ? { reports: options.reportKeys({ calibratedAt: calibratedAt.toISOString() }) } : {}),
  });
  const { comparisons, paddedPairs, failed } = detail;
  return {
    record,
    detail,
    table: renderCalibrationTable(record),
    markdown: renderCalibrationMarkdown(record, detail),
    json: `${JSON.stringify({ record, comparisons, paddedPairs, failed }, null, 2)}\n`,
  };
}

const stamp = (iso: string) => iso.replace(/[:.]/g, "-");

/** Keys of a run's files in the calibration bucket. */
export function calibrationKeys(pair: JudgePair, calibratedAt: string) {
  const slug = judgePairSlug(pair);
  return {
    json: `reports/${slug}/${stamp(calibratedAt)}.json`,
    markdown: `reports/${slug}/${stamp(calibratedAt)}.md`,
    record: `records/${slug}/${stamp(calibratedAt)}.json`,
    latestRecord: `records/${slug}/latest.json`,
  };
}

export type TaskResult =
  | {
      readonly task: "calibrate";
      readonly judgePair: string;
      readonly passed: boolean;
      readonly failures: readonly string[];
      readonly recordKey: string;
      readonly reportKey: string;
      readonly metrics: number;
    }
  | { readonly task: "shadow-agreement"; readonly agreements: readonly ShadowAgreement[]; readonly metrics: number };

export async function runTask(event: CalibrationEvent, config: CalibrationConfig, ports: CalibrationPorts): Promise<TaskResult> {
  const task = event.task ?? "calibrate";
  if (task === "shadow-agreement") {
    if (!config.candidateJudge || !ports.shadowItems)
      throw new InvalidTaskError("shadow-agreement needs a candidate judge (CANDIDATE_JUDGE_PAIR) and its table (SHADOW_SCORES_TABLE_NAME)");
    const now = ports.now();
    const since = new Date(now.getTime() - config.shadowWindowDays * 86_400_000);
    const items = await ports.shadowItems(judgePairId(config.candidateJudge), since);
    const agreements = shadowAgreement(items);
    const datums = agreements.flatMap((agreement) => shadowDatums(agreement, now));
    if (datums.length > 0) await ports.putMetrics(datums);
    return { task, agreements, metrics: datums.length };
  }
  if (task !== "calibrate") throw new InvalidTaskError(`unknown task ${JSON.stringify(task)}; use "calibrate" or "shadow-agreement"`);
  const which = event.pair ?? "current";
  if (which !== "current" && which !== "candidate") throw new InvalidTaskError(`pair must be "current" or "candidate", got ${JSON.stringify(which)}`);
  const pair = which === "candidate" ? config.candidateJudge : config.currentJudge;
  if (!pair) throw new InvalidTaskError("no candidate judge is configured (CANDIDATE_JUDGE_PAIR)");
  const goldenKey = event.goldenKey ?? config.goldenSetKey;
  if (!/^golden\/[\w./-]+$/.test(goldenKey) || goldenKey.includes(".."))
    throw new InvalidTaskError(`goldenKey must be a key under golden/ in the calibration bucket, got ${JSON.stringify(goldenKey)}`);
  const goldenText = await ports.readGoldenSet(goldenKey);
  const result = await calibrate(goldenText, pair, ports.judgeFor(pair), {
    goldenSetName: event.goldenKey ?? config.goldenSetName,
    piiLanguages: config.piiLanguages,
    thresholds: config.thresholds,
    judgeService: ports.judgeService,
    ...(ports.piiDetector ? { detector: ports.piiDetector } : {}),
    concurrency: config.judgeConcurrency,
    bootstrapResamples: config.bootstrapResamples,
    verdictThresholds: config.verdictThresholds,
    now: () => ports.now(),
    reportKeys: ({ calibratedAt }) => {
      const { json, markdown } = calibrationKeys(pair, calibratedAt);
      return { json, markdown };
    },
  });
  const keys = calibrationKeys(pair, result.record.calibratedAt);
  const recordJson = `${JSON.stringify(result.record, null, 2)}\n`;
  await ports.putObject(keys.json, result.json, "application/json");
  await ports.putObject(keys.markdown, result.markdown, "text/markdown; charset=utf-8");
  await ports.putObject(keys.record, recordJson, "application/json");
  await ports.putObject(keys.latestRecord, recordJson, "application/json");
  const datums = calibrationDatums(result.record);
  await ports.putMetrics(datums);
  return {
    task,
    judgePair: result.record.judgePair,
    passed: result.record.passed,
    failures: result.record.failures,
    recordKey: keys.record,
    reportKey: keys.markdown,
    metrics: datums.length,
  };
}
