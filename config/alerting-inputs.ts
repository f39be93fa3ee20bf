/**
 * What an environment says about its alerting, as `Alerting` props: one quality SLO per request type
 * the gateway accepts (its threshold, else the default; its traffic share, else an even one), read
 * from the current judge pair's series; the objectives; the calibration floors; and what sizes the
 * quality windows (expected traffic, the evaluator's sample rate, the delay of a score). The stack
 * and `npm run simulate:slo` both call this, so the replay is of the alarms an environment deploys.
 */
import { judgePairId } from "../contracts/judge-pair";
import type { AlertingProps } from "../modules/alerting/alerting";
import { judgeErrorFor, type JudgeErrorSettings } from "../modules/evaluation-layer/judge-error-settings";
import type { ResolvedEnvironment } from "./resolved";

/**
 * Seconds from an inference log reaching S3 to its score reaching CloudWatch (S3 event, SQS, judge,
 * DynamoDB stream, publisher), on top of Firehose's buffering interval.
 */
export const EVALUATION_PIPELINE_SECONDS = 120;

export type AlertingInputs = Required<
  Pick<
    AlertingProps,
    | "requestTypes"
    | "objectives"
    | "expectedRequestsPerDay"
    | "qualitySampleRate"
    | "qualityDataDelaySeconds"
    | "judgeDailyBudgetUsd"
    | "judgePair"
    | "calibrationThresholds"
  >
>;

/**
 * @param judgeError - the judge's error per request type from the calibration record synth accepted
 *   (`EvaluationLayer.judgeError`); without it every quality SLO reads the raw SLI.
 */
export function alertingInputs(env: ResolvedEnvironment, judgeError?: JudgeErrorSettings): AlertingInputs {
  const { alerting } = env;
  return {
    requestTypes: env.gateway.requestTypes.map((requestType) => {
      const error = judgeError ? judgeErrorFor(judgeError, requestType) : undefined;
      return {
        requestType,
        threshold: alerting.qualityThresholds[requestType] ?? alerting.defaultQualityThreshold,
        ...(alerting.requestTypeShares?.[requestType] !== undefined ? { share: alerting.requestTypeShares[requestType] } : {}),
        ...(error
          ? {
              sliReading: alerting.qualitySliReadings[requestType] ?? alerting.qualitySliReadings.default ?? "corrected",
              judgeError: error.correction ? { correction: error.correction } : { reason: error.reason },
            }
          : {}),
      };
    }),
    objectives: alerting.sloObjectives,
    expectedRequestsPerDay: alerting.expectedRequestsPerDay,
    qualitySampleRate: env.evaluation.sampleRate,
    // A score is published at its inference's time, but only once Firehose delivered the log.
    qualityDataDelaySeconds: env.telemetry.firehoseBufferingIntervalSeconds + EVALUATION_PIPELINE_SECONDS,
    judgeDailyBudgetUsd: alerting.judgeDailyBudgetUsd,
    // The evaluation layer derives the same id (`EvaluationLayer.judgePair`) and thresholds.
    judgePair: judgePairId({ judgeModelId: env.evaluation.judgeModelId, rubricVersion: env.evaluation.judgeRubricVersion }),
    calibrationThresholds: env.evaluation.calibration.thresholds,
  };
}
