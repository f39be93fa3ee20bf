/**
 * `PiiSurvivedMasking` as an embedded-metric-format (EMF) log line: CloudWatch Logs extracts the
 * metric from the evaluator's own log, so publishing it needs no API call and no permission.
 */
import { DIMENSIONS, PRIVACY_METRICS } from "../../../contracts/metric-catalogue";
import { emfDocument } from "../../emf/emf-document";

/** The EMF document for one invocation's count of records the last check stopped. */
export function survivedMaskingEmf(count: number, evaluatorName: string, now: Date): Record<string, unknown> {
  return emfDocument(now, { [DIMENSIONS.evaluator]: evaluatorName }, [{ metric: PRIVACY_METRICS.survivedMasking, value: count }]);
}
