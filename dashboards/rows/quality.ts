/**
 * Quality: are the answers good? Judge scores per request type against their own thresholds, the
 * rubric's dimensions, undue refusals, week-over-week drift, evaluation volume, judge spend and
 * the dead-letter queues that hold what could not be evaluated.
 */
import { correctedBandExpressions } from "../../contracts/judge-error";
import { DIMENSIONS, PRIVACY_METRICS as P, QUALITY_METRICS as Q, SQS_METRICS } from "../../contracts/metric-catalogue";
import { STRATA } from "../../contracts/score-item";
import { type DashboardDimensions, dimLabel } from "../dimensions";
import { lineAt, statPanel, thresholds, timeseriesPanel, UNITS, type AnyPanel } from "../panels";
import { mathQuery, metricQuery } from "../queries";
import { type RowPanel, rowPanels } from "../row-panel";
import type { UnifiedDashboardInput } from "../types";

const WEEK_SECONDS = 7 * 86_400;
const DAY_SECONDS = 86_400;

/** Query id fragment of a request type (`balance_inquiry` -> `balance_inquiry`). */
const idOf = (requestType: string, index: number): string => `rt${index}_${requestType.replace(/[^A-Za-z0-9_]/g, "_")}`.slice(0, 60);

/** The request types with their quality thresholds, in the input's order. */
const requestTypesOf = (input: UnifiedDashboardInput) => Object.entries(input.qualityThresholds);

const byType = dimLabel(DIMENSIONS.requestType);

const scoreAgainstThreshold: RowPanel = (input, d) => {
  const requestTypes = requestTypesOf(input);
  return timeseriesPanel({
    title: "Quality score by request_type against its threshold",
    description: `${Q.qualityScore.description}, per request type, each with its own bar (dashed): ${requestTypes.map(([rt, t]) => `${rt} ${t}`).join(", ")}.`,
    unit: UNITS.score,
    targets: requestTypes.flatMap(([rt, threshold], i) => [
      metricQuery(Q.qualityScore, d.modelAndRequestType(rt), "Average", { id: idOf(rt, i), label: rt }),
      mathQuery(`${idOf(rt, i)}_bar`, `FILL(${idOf(rt, i)}, 0) * 0 + ${threshold}`, `${rt} threshold ${threshold}`),
    ]),
    min: 0,
    max: 1,
    width: 12,
  }).overrideByRegexp(".* threshold .*", [{ id: "custom.lineStyle", value: { fill: "dash", dash: [10, 10] } }]);
};

/** One tile per request type: its mean score over the range, red below its threshold. */
const qualityTiles: RowPanel = (input, d) => {
  const requestTypes = requestTypesOf(input);
  const statWidth = Math.max(3, Math.floor(12 / Math.max(1, requestTypes.length)));
  return requestTypes.map(([rt, threshold], i) =>
    statPanel({
      title: `${rt} quality`,
      description: `Mean judge score of ${rt} answers over the range; red below its threshold ${threshold}.`,
      unit: UNITS.score,
      targets: [metricQuery(Q.qualityScore, d.modelAndRequestType(rt), "Average", { id: `${idOf(rt, i)}_mean` })],
      thresholds: thresholds([
        { value: null, color: "red" },
        { value: threshold, color: "green" },
      ]),
      reducer: "mean",
      min: 0,
      max: 1,
      width: statWidth,
    }),
  );
};

const rubricDimensions: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Factuality, completeness and tone",
    description: `The judge's rubric, 1 to 5, by request_type: ${Q.factuality.description.toLowerCase()}; ${Q.completeness.description.toLowerCase()}; ${Q.toneCompliance.description.toLowerCase()}.`,
    unit: UNITS.score,
    targets: [Q.factuality, Q.completeness, Q.toneCompliance].map((m, i) =>
      metricQuery(m, d.modelByRequestType, "Average", { id: `rubric${i}`, label: `${m.name} ${byType}` }),
    ),
    min: 1,
    max: 5,
  });

const undueRefusalRate: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Undue-refusal rate",
    description: "Share of evaluated answers the judge found to refuse without reason, by request_type.",
    unit: UNITS.percentUnit,
    targets: [metricQuery(Q.undueRefusal, d.modelByRequestType, "Average", { id: "refusals", label: byType })],
    min: 0,
  });

const weekOverWeekDrift: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Week-over-week drift",
    description:
      "Weekly mean quality score and its change from the week before (metric math DIFF over 7-day periods), last 8 weeks. Scores of different judge versions are not comparable, so the panel reads the current judge pair's series only: after a promotion it starts again from the new pair's first week.",
    unit: UNITS.score,
    targets: [
      metricQuery(Q.qualityScore, d.model, "Average", { id: "weekly", label: "weekly mean", period: WEEK_SECONDS }),
      mathQuery("drift", "DIFF(weekly)", "change from the week before", { period: WEEK_SECONDS }),
    ],
    timeFrom: "8w",
  });

const qualityByStratum: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Quality by sampling stratum",
    description:
      "Mean judge score of guardrail-flagged, low-confidence (high token entropy) and randomly sampled answers, apart: the first two are judged always and are expected to score lower; a drop in the random stratum is a drop for everyone.",
    unit: UNITS.score,
    targets: STRATA.map((stratum, i) => metricQuery(Q.qualityScore, d.modelAndStratum(stratum), "Average", { id: `stratum${i}`, label: stratum })),
    min: 0,
    max: 1,
    width: 12,
  });

const evaluationsByStratum: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Evaluations and undue refusals by stratum",
    description: "Evaluations per hour and undue refusals per hour of each sampling stratum.",
    unit: UNITS.count,
    targets: STRATA.flatMap((stratum, i) => [
      metricQuery(Q.qualityTotal, d.modelAndStratum(stratum), "Sum", { id: `stratum_total${i}`, label: `${stratum} evaluations`, period: 3600 }),
      metricQuery(Q.undueRefusal, d.modelAndStratum(stratum), "Sum", { id: `stratum_refusals${i}`, label: `${stratum} undue refusals`, period: 3600 }),
    ]),
    width: 12,
  });

const evaluationsPerHour: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Evaluations per hour",
    description: `${Q.qualityTotal.description}, per hour and request_type (sampled: guardrail-flagged and low-confidence requests always, the rest at the sampling rate).`,
    unit: UNITS.count,
    targets: [metricQuery(Q.qualityTotal, d.modelByRequestType, "Sum", { id: "evaluations", label: byType, period: 3600 })],
  });

const judgeSpendPerDay: RowPanel = (input, d) =>
  timeseriesPanel({
    title: "Judge spend per day",
    description: `${Q.judgeCost.description}, summed per day. The line is the ${input.judgeDailyBudgetUsd} USD daily budget that raises a ticket.`,
    unit: UNITS.usd,
    targets: [metricQuery(Q.judgeCost, d.judgeSpend, "Sum", { id: "judge_spend", label: "judge spend", period: DAY_SECONDS })],
    thresholds: lineAt({ value: input.judgeDailyBudgetUsd, color: "orange" }),
    timeFrom: "14d",
  });

const deadLetterDepth: RowPanel = (input, d) =>
  timeseriesPanel({
    title: "Dead-letter depth",
    description: `${SQS_METRICS.messagesVisible.description}. Anything above zero is a record waiting for a person: see the dead-letter runbook.`,
    unit: UNITS.count,
    targets: input.deadLetterQueueNames.map((name, i) => metricQuery(SQS_METRICS.messagesVisible, d.queue(name), "Maximum", { id: `dlq${i}`, label: name })),
    thresholds: lineAt({ value: 1, color: "red" }),
    min: 0,
  });

export function qualityPanels(input: UnifiedDashboardInput): AnyPanel[] {
  return rowPanels(input, [
    scoreAgainstThreshold,
    qualityTiles,
    correctedSharePanels,
    rubricDimensions,
    undueRefusalRate,
    weekOverWeekDrift,
    qualityByStratum,
    evaluationsByStratum,
    evaluationsPerHour,
    judgeSpendPerDay,
    deadLetterDepth,
    privacyCanary,
  ]);
}

/**
 * Per request type with a known judge error: the good share as the judge scored it and corrected for
 * its sensitivity and specificity (Rogan–Gladen), with the 90 % band, hourly (docs/quality-sli-correction.md).
 */
function correctedSharePanels(input: UnifiedDashboardInput, d: DashboardDimensions): AnyPanel[] {
  const corrections = input.qualityCorrections ?? {};
  return Object.entries(input.qualityThresholds).flatMap(([rt, threshold], i) => {
    const correction = corrections[rt];
    if (!correction) return [];
    const id = idOf(rt, i);
    const ids = { judgedGood: `${id}_good`, corrected: `${id}_corr`, evaluated: `${id}_n` };
    const band = correctedBandExpressions(ids, correction);
    const hourly = { period: 3600, hide: true } as const;
    return [
      timeseriesPanel({
        title: `${rt}: good share, raw and corrected for the judge's error`,
        description: `Share of evaluations at or above ${threshold}: as the judge scored them (raw), and corrected for its sensitivity ${correction.sensitivity.toFixed(2)} and specificity ${correction.specificity.toFixed(2)} (calibration record), with the 90 % band of sample and calibration uncertainty. Hourly; the SLO reads what alerting.qualitySliReadings says.`,
        unit: UNITS.percentUnit,
        targets: [
          metricQuery(Q.qualityGood, d.modelAndRequestType(rt), "Sum", { id: ids.judgedGood, ...hourly }),
          metricQuery(Q.qualityGoodCorrected, d.modelAndRequestType(rt), "Sum", { id: ids.corrected, ...hourly }),
          metricQuery(Q.qualityTotal, d.modelAndRequestType(rt), "Sum", { id: ids.evaluated, ...hourly }),
          mathQuery(`${id}_raw`, `${ids.judgedGood} / ${ids.evaluated}`, "raw (judge)", { period: 3600 }),
          mathQuery(`${id}_est`, `(${band.estimate}) / ${ids.evaluated}`, "corrected", { period: 3600 }),
          mathQuery(`${id}_low`, `(${band.low}) / ${ids.evaluated}`, "corrected 90 % low", { period: 3600 }),
          mathQuery(`${id}_high`, `(${band.high}) / ${ids.evaluated}`, "corrected 90 % high", { period: 3600 }),
        ],
        min: 0,
        max: 1,
        width: 12,
      }).overrideByRegexp("corrected 90 % .*", [{ id: "custom.lineStyle", value: { fill: "dash", dash: [4, 4] } }]),
    ];
  });
}

/** The PII canary's figures per run and the records the last check stopped: anything but "evaluated" above zero is a page or a ticket. None without a canary. */
function privacyCanary(input: UnifiedDashboardInput): AnyPanel[] {
  const { privacy } = input;
  if (!privacy) return [];
  const on = { [DIMENSIONS.evaluator]: privacy.evaluatorName };
  const period = (privacy.canaryIntervalMinutes ?? 60) * 60;
  const panel = timeseriesPanel({
    title: "Client data kept out of the judge",
    description:
      `PII canary (every ${period / 60} minutes): ${P.canaryEvaluated.description.toLowerCase()}; ${P.canaryLeaks.description.toLowerCase()} (pages); ` +
      `${P.canaryMissing.description.toLowerCase()}. Last check: ${P.survivedMasking.description.toLowerCase()}. Runbook: pii-canary.`,
    unit: UNITS.count,
    targets: [
      metricQuery(P.canaryEvaluated, on, "Sum", { id: "canary_evaluated", label: "canaries evaluated", period }),
      metricQuery(P.canaryLeaks, on, "Maximum", { id: "canary_leaks", label: "canary values leaked", period }),
      metricQuery(P.canaryMissing, on, "Sum", { id: "canary_missing", label: "canaries missing", period }),
      metricQuery(P.survivedMasking, on, "Sum", { id: "survived_masking", label: "records stopped by the last check", period: 3600 }),
    ],
    min: 0,
    width: 12,
  });
  return [panel];
}
