/**
 * `npm run simulate:judge-error`: the judge-error replay table. The quality SLO of one request type
 * (`balance_inquiry`, threshold 0.9) of an environment with every default, read three ways (raw,
 * corrected, corrected 90 % lower bound), through incidents where the judge itself is wrong: a
 * lenient judge (sensitivity 0.95, specificity 0.5) during a real quality incident, and a judge that
 * drifts to lenient between two monthly calibrations. The alarms are built by `defaultSlos` and
 * `burnRateQueries` as deployed and evaluated with the replay of `npm run simulate:slo`; the traffic
 * model is the same (scripts/replay-model.ts), with the judge's verdicts drawn from its sensitivity
 * and specificity. One line per scenario, volume and reading:
 *
 *   judge-replay scenario=<name> volume=<1x|10x> reading=<raw|corrected|correctedLowerBound> page_after_min=<n|never> ticket_after_min=<n|never> resolves_after_min=<n|never|n/a> alarm_min_before=<n>
 *
 * `alarm_min_before`: minutes the SLO was in ALARM in the three healthy days before the incident.
 */
import { type JudgeErrorCorrection, type QualitySliReading, QUALITY_SLI_READINGS, correctionOf, verdictAgreement } from "../contracts/judge-error";
import { alertingInputs } from "../config/alerting-inputs";
import type { ResolvedEnvironment } from "../config/resolved";
import { alertingPlan, type Slo } from "../modules/alerting";
import type { JudgeErrorSettings } from "../modules/evaluation-layer";
import { ARTICLE_NAMES, articleEnvironment } from "./article-environment";
import { type CommandSpec, runAsMain } from "./cli/command-line";
import { HEALTHY, type JudgeError, type MinuteState } from "./replay-model";
import { FAILING_REQUEST_TYPE, INCIDENT_START, replaySlo, type Scenario, type SignalOutcome, scenarioModel, VOLUMES } from "./simulate-burn-rate";

/** The judge the issue describes: it recognises 95 % of good answers and lets half of the bad ones through. */
export const LENIENT_JUDGE: JudgeError = { sensitivity: 0.95, specificity: 0.5 };
/** The same judge before it drifted: it caught 90 % of the bad answers. */
export const CALIBRATED_JUDGE: JudgeError = { sensitivity: 0.95, specificity: 0.9 };
/** The golden set the corrections' uncertainty comes from: the ADR's 200 pairs, half of them good at the threshold. */
export const GOLDEN_ITEMS_PER_CLASS = 100;
/** Minutes from the incident's start to the monthly calibration run whose record is then deployed. */
export const RECALIBRATION_AFTER_MIN = 12 * 60;
/** Share of `balance_inquiry` answers that are truly bad during the incidents. */
const INCIDENT_BAD_SHARE = 0.5;

/** The correction a golden set of `GOLDEN_ITEMS_PER_CLASS` items per class measures for `judge` (its Wilson variances). */
export function measuredCorrection(judge: JudgeError, threshold: number): JudgeErrorCorrection {
  const items = (human: number, judged: number, count: number) => Array.from({ length: count }, () => ({ human, judge: judged }));
  const goodKept = Math.round(GOLDEN_ITEMS_PER_CLASS * judge.sensitivity);
  const badCaught = Math.round(GOLDEN_ITEMS_PER_CLASS * judge.specificity);
  const pairs = [
    ...items(1, 1, goodKept),
    ...items(1, 0, GOLDEN_ITEMS_PER_CLASS - goodKept),
    ...items(0, 0, badCaught),
    ...items(0, 1, GOLDEN_ITEMS_PER_CLASS - badCaught),
  ];
  const correction = correctionOf(verdictAgreement(pairs, threshold));
  if (!correction) throw new Error(`the replay's judge ${JSON.stringify(judge)} cannot be corrected`);
  return correction;
}

export interface JudgeScenario extends Scenario {
  /** The judge error in the calibration record deployed at first. */
  readonly calibrated: JudgeError;
  /** The record deployed after the monthly recalibration, and from which minute after the start. */
  readonly recalibrated?: { readonly judge: JudgeError; readonly afterMinutes: number };
}

const judged = (judge: JudgeError, published: JudgeError, badShare: number): MinuteState => ({
  ...HEALTHY,
  judge,
  publishedCorrection: published,
  badShare: badShare > 0 ? { [FAILING_REQUEST_TYPE]: badShare } : {},
});

export const JUDGE_SCENARIOS: readonly JudgeScenario[] = [
  {
    name: "lenient-judge-incident",
    story: `a judge calibrated as lenient (sensitivity 0.95, specificity 0.5); ${INCIDENT_BAD_SHARE * 100} % of ${FAILING_REQUEST_TYPE} answers truly bad for 8 hours`,
    minutes: 480,
    calibrated: LENIENT_JUDGE,
    state: (offset) => judged(LENIENT_JUDGE, LENIENT_JUDGE, offset >= 0 && offset < 480 ? INCIDENT_BAD_SHARE : 0),
  },
  {
    name: "judge-drift-between-calibrations",
    story: `the judge, calibrated at specificity 0.9, drifts to 0.5 a day before ${INCIDENT_BAD_SHARE * 100} % of ${FAILING_REQUEST_TYPE} answers turn bad for 24 hours; the monthly calibration ${RECALIBRATION_AFTER_MIN / 60} h into the incident measures the drift and its record is deployed`,
    minutes: 1_440,
    calibrated: CALIBRATED_JUDGE,
    recalibrated: { judge: LENIENT_JUDGE, afterMinutes: RECALIBRATION_AFTER_MIN },
    state: (offset) => {
      const judge = offset >= -1_440 ? LENIENT_JUDGE : CALIBRATED_JUDGE;
      const published = offset >= RECALIBRATION_AFTER_MIN ? LENIENT_JUDGE : CALIBRATED_JUDGE;
      return judged(judge, published, offset >= 0 && offset < 1_440 ? INCIDENT_BAD_SHARE : 0);
    },
  },
];

/** The failing request type's quality SLO as deployed with `judge`'s calibration and `reading`. */
export function judgeErrorSlo(volume: number, judge: JudgeError, reading: QualitySliReading): Slo {
  const env = articleEnvironment(volume);
  const readingEnv: ResolvedEnvironment = { ...env, alerting: { ...env.alerting, qualitySliReadings: { default: reading } } };
  const byRequestType = Object.fromEntries(
    [...Object.entries(env.alerting.qualityThresholds), ["default", env.alerting.defaultQualityThreshold] as const].map(([requestType, threshold]) => [
      requestType,
      { threshold, correction: measuredCorrection(judge, threshold) },
    ]),
  );
  const settings: JudgeErrorSettings = { byRequestType, publisher: { judgePair: "replay", corrections: {} } };
  const plan = alertingPlan({
    modelName: env.model.name,
    endpointName: ARTICLE_NAMES.endpointName,
    instanceType: env.model.instanceType,
    ...alertingInputs(readingEnv, settings),
    functionNames: Object.values(ARTICLE_NAMES.functions),
    deadLetterQueueNames: Object.values(ARTICLE_NAMES.queues),
    deliveryStreamName: ARTICLE_NAMES.deliveryStream,
  });
  return plan.slos.find((slo) => slo.name === `quality-${FAILING_REQUEST_TYPE.replace(/_/g, "-")}`)!;
}

export interface JudgeReplayRun {
  readonly scenario: JudgeScenario;
  readonly volume: number;
  readonly reading: QualitySliReading;
  readonly outcome: SignalOutcome;
}

export function runJudgeReplay(scenario: JudgeScenario, volume: number, reading: QualitySliReading): JudgeReplayRun {
  const model = scenarioModel(scenario, volume);
  const slo = judgeErrorSlo(volume, scenario.calibrated, reading);
  const redeployed = scenario.recalibrated
    ? { fromMinute: INCIDENT_START + scenario.recalibrated.afterMinutes, slo: judgeErrorSlo(volume, scenario.recalibrated.judge, reading) }
    : undefined;
  return { scenario, volume, reading, outcome: replaySlo(slo, model, scenario, redeployed) };
}

export function runAllJudgeReplays(): JudgeReplayRun[] {
  return JUDGE_SCENARIOS.flatMap((scenario) => VOLUMES.flatMap((volume) => QUALITY_SLI_READINGS.map((reading) => runJudgeReplay(scenario, volume, reading))));
}

export function judgeReplayLines(runs: readonly JudgeReplayRun[] = runAllJudgeReplays()): string[] {
  const n = (value: number | undefined) => (value === undefined ? "never" : String(value));
  return runs.map(
    ({ scenario, volume, reading, outcome: o }) =>
      `judge-replay scenario=${scenario.name} volume=${volume}x reading=${reading} page_after_min=${n(o.pageAfter)} ticket_after_min=${n(o.ticketAfter)} resolves_after_min=${o.resolvesAfter} alarm_min_before=${o.alarmMinutesBefore}`,
  );
}

export const JUDGE_REPLAY_COMMAND = {
  name: "npm run simulate:judge-error --",
  summary:
    "the judge-error replay table of docs/quality-sli-correction.md: the balance_inquiry quality SLO read raw, corrected and at the corrected lower bound, through a lenient judge during an incident and a judge drifting between calibrations",
  options: {},
} as const satisfies CommandSpec;

if (require.main === module)
  runAsMain(JUDGE_REPLAY_COMMAND, () => {
    process.stdout.write(`${judgeReplayLines().join("\n")}\n`);
    return 0;
  });
