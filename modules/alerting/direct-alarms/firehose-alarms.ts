/** The inference-log stream's alarms: failed S3 deliveries and stale data (lost audit logs page). */
import { AWS_SERVICE_DIMENSIONS, FIREHOSE_METRICS } from "../../../contracts/metric-catalogue";
import { FIVE_MINUTES, singleMetric, type DirectAlarmDraft } from "./alarm-config";
import type { DirectAlarmKindOf } from "./kinds";
import type { ResolvedDirectAlarmInput } from "./props";

/** The `firehose` family, when `deliveryStreamName` is given. */
export function firehoseAlarms(input: ResolvedDirectAlarmInput): DirectAlarmDraft<DirectAlarmKindOf<"firehose">>[] {
  const stream = input.deliveryStreamName;
  if (stream === undefined) return [];
  const dims = { [AWS_SERVICE_DIMENSIONS.deliveryStreamName]: stream };
  const freshness = input.firehoseFreshnessThresholdSeconds;
  return [
    {
      kind: "firehoseDeliveryFailure",
      text: {
        what: `Firehose stream ${stream} failed S3 deliveries in 3 consecutive five-minute periods: inference logs required for audit are not reaching S3.`,
        causes: "the role lost s3:PutObject or kms:GenerateDataKey, the bucket policy or KMS key policy changed, the bucket was deleted or renamed.",
      },
      config: {
        ...singleMetric(FIREHOSE_METRICS.deliveryToS3Success, dims, "Average", FIVE_MINUTES),
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
      },
    },
    {
      kind: "firehoseDataFreshness",
      text: {
        what: `The oldest undelivered record in Firehose stream ${stream} is older than ${freshness} s: delivery to S3 is stuck.`,
        causes: "S3 or KMS access denied (see delivery failures), throttling on the destination, a record format conversion error.",
      },
      config: {
        ...singleMetric(FIREHOSE_METRICS.deliveryToS3DataFreshness, dims, "Maximum", FIVE_MINUTES),
        comparisonOperator: "GreaterThanThreshold",
        threshold: freshness,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
      },
    },
  ];
}
