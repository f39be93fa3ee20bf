/**
 * The judge error the corrected quality SLI uses, per request type, from the calibration record synth
 * accepted: the publisher's `JUDGE_ERROR` (sensitivity and specificity to weigh each score) and the
 * alarms' corrections (with the calibration's variances for the 90 % band). A request type whose
 * threshold the record did not measure, or measured as `insufficient`, has none: its SLO reads the
 * raw SLI and synth says why.
 */
import { verdictAt, type CalibrationRecord } from "../../contracts/calibration-record";
import { correctionOf, type JudgeErrorCorrection, type PublisherJudgeError } from "../../contracts/judge-error";

/** One request type's correction, or why there is none. */
export type RequestTypeJudgeError =
  | { readonly threshold: number; readonly correction: JudgeErrorCorrection; readonly reason?: undefined }
  | { readonly threshold: number; readonly correction?: undefined; readonly reason: string };

export interface JudgeErrorSettings {
  /** Per request type the thresholds name, and `default`. */
  readonly byRequestType: Readonly<Record<string, RequestTypeJudgeError>>;
  /** The publisher's `JUDGE_ERROR`: the request types that have a correction. */
  readonly publisher: PublisherJudgeError;
}

/** The settings of `record` for the request types' thresholds (`default` for the rest). */
export function judgeErrorSettings(
  record: Pick<CalibrationRecord, "verdicts" | "judgePair" | "calibratedAt">,
  thresholds: Readonly<Record<string, number>>,
  defaultThreshold: number,
): JudgeErrorSettings {
  const byRequestType: Record<string, RequestTypeJudgeError> = {};
  for (const [requestType, threshold] of Object.entries({ ...thresholds, default: defaultThreshold })) {
    const agreement = verdictAt(record, threshold);
    const correction = agreement ? correctionOf(agreement) : undefined;
    byRequestType[requestType] = correction
      ? { threshold, correction }
      : {
          threshold,
          reason: agreement
            ? `the calibration record of ${record.judgePair} (${record.calibratedAt}) calls the judge's error at threshold ${threshold} insufficient: ${agreement.reason}`
            : `the calibration record of ${record.judgePair} (${record.calibratedAt}) holds no sensitivity and specificity at threshold ${threshold}; recalibrate with it (VERDICT_THRESHOLDS, --verdict-thresholds)`,
        };
  }
  const corrections = Object.fromEntries(
    Object.entries(byRequestType)
      .filter(([, entry]) => entry.correction !== undefined)
      .map(([requestType, entry]) => [requestType, { sensitivity: entry.correction!.sensitivity, specificity: entry.correction!.specificity }]),
  );
  return { byRequestType, publisher: { judgePair: record.judgePair, corrections } };
}

/** The correction a request type uses: its own entry, else `default`'s. */
export function judgeErrorFor(settings: JudgeErrorSettings, requestType: string): RequestTypeJudgeError | undefined {
  return settings.byRequestType[requestType] ?? settings.byRequestType.default;
}
