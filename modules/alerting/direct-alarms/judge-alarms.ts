/** The judge's alarms: Bedrock spend over the daily budget, and the current judge pair's monthly calibration runs. */
import { DEFAULT_CALIBRATION_THRESHOLDS, ORDINAL_DIMENSIONS, type CalibrationThresholds } from "../../../contracts/calibration-record";
import { CALIBRATION_METRICS, DIMENSIONS, QUALITY_METRICS } from "../../../contracts/metric-catalogue";
import { metricQuery, ONE_DAY, singleMetric, type DirectAlarmDraft } from "./alarm-config";
import type { DirectAlarmKindOf } from "./kinds";
import type { ResolvedDirectAlarmInput } from "./props";

type CalibrationAlarm = DirectAlarmDraft<DirectAlarmKindOf<"judgeCalibration">>;

/** The `judgeSpend` family: judge cost summed over a day above `judgeDailyBudgetUsd`. */
export function judgeSpendAlarms(input: ResolvedDirectAlarmInput): DirectAlarmDraft<DirectAlarmKindOf<"judgeSpend">>[] {
  return [
    {
      kind: "judgeSpend",
      text: {
        what: `Judge (Bedrock) spend for model ${input.modelName} above ${input.judgeDailyBudgetUsd} USD over the last 24 hours.`,
        causes:
          "sampling rate raised or stratification sending everything to the judge (guardrail storm), a pricier judge model id, longer responses, re-delivered captures evaluated twice.",
      },
      config: {
        ...singleMetric(QUALITY_METRICS.judgeCost, { [DIMENSIONS.modelName]: input.modelName }, "Sum", ONE_DAY),
        comparisonOperator: "GreaterThanThreshold",
        threshold: input.judgeDailyBudgetUsd,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
      },
    },
  ];
}

/** A run publishes once a month: "ignore" keeps the state a run set until the next run. */
const MONTHLY = { evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: "ignore" } as const;

/** The `judgeCalibration` family, when `judgeCalibration` is given: kappa, bias probes, and the run's verdict. */
export function judgeCalibrationAlarms(input: ResolvedDirectAlarmInput): CalibrationAlarm[] {
  if (input.judgeCalibration === undefined) return [];
  const pair = input.judgeCalibration.judgePair;
  const thresholds = input.judgeCalibration.thresholds ?? DEFAULT_CALIBRATION_THRESHOLDS;
  return [kappaAlarm(pair, thresholds), biasAlarm(pair, thresholds), failedRunAlarm(pair)];
}

/** The lowest kappa over the ordinal rubric dimensions under its floor. */
function kappaAlarm(pair: string, thresholds: CalibrationThresholds): CalibrationAlarm {
  const kappaOf = (dimension: string) => ({ [DIMENSIONS.judgePair]: pair, [DIMENSIONS.rubricDimension]: dimension });
  return {
    kind: "judgeCalibrationKappa",
    text: {
      what: `Golden-set calibration of judge ${pair}: kappa under the floor ${thresholds.kappaFloor} on a rubric dimension. Scores of this judge no longer agree with the human raters well enough to hold a quality SLO.`,
      causes: "a silent model change behind the id, a rubric edit, golden items that no longer match the questions asked, a golden set re-rated by new raters.",
    },
    config: {
      ...MONTHLY,
      comparisonOperator: "LessThanThreshold",
      threshold: thresholds.kappaFloor,
      metricQuery: [
        ...ORDINAL_DIMENSIONS.map((dimension, index) => metricQuery(`k${index}`, CALIBRATION_METRICS.kappa, kappaOf(dimension), "Minimum", ONE_DAY)),
        {
          id: "lowest",
          expression: `MIN([${ORDINAL_DIMENSIONS.map((_, index) => `k${index}`).join(", ")}])`,
          label: "lowest kappa over the 1-5 dimensions",
          returnData: true,
        },
      ],
    },
  };
}

/** Any bias probe past its bound: length correlation, padding gap, refusal precision or recall. */
function biasAlarm(pair: string, t: CalibrationThresholds): CalibrationAlarm {
  const onPair = { [DIMENSIONS.judgePair]: pair };
  return {
    kind: "judgeCalibrationBias",
    text: {
      what:
        `Golden-set calibration of judge ${pair}: a bias probe is over its bound (length-error correlation > ${t.lengthCorrelationCeiling}, ` +
        `padding gap > ${t.paddingGapCeiling} points, refusal precision < ${t.refusalPrecisionFloor} or recall < ${t.refusalRecallFloor}).`,
      causes: "the judge rewarding long or padded answers, the judge missing undue refusals or calling policy refusals undue, a rubric edit.",
    },
    config: {
      ...MONTHLY,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      metricQuery: [
        metricQuery("len", CALIBRATION_METRICS.lengthErrorCorrelation, onPair, "Maximum", ONE_DAY),
        metricQuery("gap", CALIBRATION_METRICS.paddingGap, onPair, "Maximum", ONE_DAY),
        metricQuery("prec", CALIBRATION_METRICS.refusalPrecision, onPair, "Minimum", ONE_DAY),
        metricQuery("rec", CALIBRATION_METRICS.refusalRecall, onPair, "Minimum", ONE_DAY),
        {
          id: "breach",
          // Above 0 when any probe is past its bound: each term is how far past it is.
          expression: `MAX([len - ${t.lengthCorrelationCeiling}, gap - ${t.paddingGapCeiling}, ${t.refusalPrecisionFloor} - prec, ${t.refusalRecallFloor} - rec])`,
          label: "largest bias-probe breach",
          returnData: true,
        },
      ],
    },
  };
}

/** The run's own verdict (`CalibrationPassed` = 0), which also covers figures that could not be computed. */
function failedRunAlarm(pair: string): CalibrationAlarm {
  return {
    kind: "judgeCalibrationFailed",
    text: {
      what: `Golden-set calibration of judge ${pair} failed (CalibrationPassed = 0). The run's report names every floor missed, including figures that could not be computed and golden items the judge gave no verdict for.`,
      causes: "any cause of the kappa and bias alarms, judge calls failing or throttled during the run, a golden set without padded copies or refusal labels.",
    },
    config: {
      ...singleMetric(CALIBRATION_METRICS.passed, { [DIMENSIONS.judgePair]: pair }, "Minimum", ONE_DAY),
      ...MONTHLY,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
    },
  };
}
