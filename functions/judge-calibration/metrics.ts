/** Calibration and shadow figures as CloudWatch datums (catalogue metrics only); undefined figures are not published. */
import { RUBRIC_DIMENSIONS, type CalibrationRecord } from "../../contracts/calibration-record";
import { CALIBRATION_METRICS, DIMENSIONS, type MetricDefinition } from "../../contracts/metric-catalogue";

import type { Datum } from "../../contracts/metric-datum";

export type { Datum };

export function datum(metric: MetricDefinition, dimensions: Readonly<Record<string, string>>, value: number | null, timestamp: Date): Datum[] {
  if (value === null || !Number.isFinite(value)) return [];
  const names = Object.keys(dimensions);
  if (!metric.dimensionSets.some((set) => set.length === names.length && set.every((name) => names.includes(name)))) {
    throw new RangeError(`${metric.name} is not published with dimensions ${names.join(", ")} (catalogue: ${JSON.stringify(metric.dimensionSets)})`);
  }
  return [
    {
      MetricName: metric.name,
      Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      Timestamp: timestamp,
      Value: value,
      Unit: metric.unit === "Count" ? "Count" : "None",
    },
  ];
}

/** Every defined figure of a record, timestamped at the run's end. */
export function calibrationDatums(record: CalibrationRecord): Datum[] {
  const at = new Date(record.calibratedAt);
  const pair = { [DIMENSIONS.judgePair]: record.judgePair };
  const out: Datum[] = [];
  for (const dimension of RUBRIC_DIMENSIONS) {
    const d = record.dimensions[dimension];
    const dims = { ...pair, [DIMENSIONS.rubricDimension]: dimension };
    out.push(
      ...datum(CALIBRATION_METRICS.kappa, dims, d.kappa, at),
      ...datum(CALIBRATION_METRICS.kappaLow, dims, d.kappaInterval.low, at),
      ...datum(CALIBRATION_METRICS.kappaHigh, dims, d.kappaInterval.high, at),
      ...datum(CALIBRATION_METRICS.exactAgreement, dims, d.exactAgreement, at),
      ...datum(CALIBRATION_METRICS.withinOneAgreement, dims, d.withinOneAgreement, at),
      ...datum(CALIBRATION_METRICS.spearman, dims, d.spearman, at),
      ...datum(CALIBRATION_METRICS.meanSignedDifference, dims, d.meanSignedDifference, at),
      ...datum(CALIBRATION_METRICS.humanKappa, dims, d.humanAgreement.kappa, at),
    );
  }
  out.push(
    ...datum(CALIBRATION_METRICS.lengthErrorCorrelation, pair, record.bias.lengthErrorCorrelation, at),
    ...datum(CALIBRATION_METRICS.paddingGap, pair, record.bias.paddingGapPoints, at),
    ...datum(CALIBRATION_METRICS.refusalPrecision, pair, record.bias.refusalPrecision, at),
    ...datum(CALIBRATION_METRICS.refusalRecall, pair, record.bias.refusalRecall, at),
    ...datum(CALIBRATION_METRICS.passed, pair, record.passed ? 1 : 0, at),
  );
  return out;
}
