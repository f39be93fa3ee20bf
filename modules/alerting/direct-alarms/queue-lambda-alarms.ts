/** The pipeline's queue and function alarms: a non-empty dead-letter queue, Lambda errors and throttles. */
import { AWS_SERVICE_DIMENSIONS, LAMBDA_METRICS, SQS_METRICS } from "../../../contracts/metric-catalogue";
import { FIVE_MINUTES, singleMetric, type DirectAlarmDraft } from "./alarm-config";
import type { DirectAlarmKindOf } from "./kinds";
import type { ResolvedDirectAlarmInput } from "./props";

/** The `deadLetterQueues` family: one alarm per queue of `deadLetterQueueNames`. */
export function deadLetterQueueAlarms(input: ResolvedDirectAlarmInput): DirectAlarmDraft<DirectAlarmKindOf<"deadLetterQueues">>[] {
  return input.deadLetterQueueNames.map((queue) => ({
    kind: "deadLetterQueue",
    idSuffix: queue,
    text: {
      what: `Dead-letter queue ${queue} is not empty: records failed processing and wait for a redrive.`,
      causes:
        "a poison record (malformed capture line), a downstream outage (Bedrock, Comprehend, DynamoDB) outlasting the retries, a code defect in the consumer.",
    },
    config: {
      ...singleMetric(SQS_METRICS.messagesVisible, { [AWS_SERVICE_DIMENSIONS.queueName]: queue }, "Maximum", FIVE_MINUTES),
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    },
  }));
}

/** Any errors (or throttles) in 2 of the last 3 five-minute periods. */
const TWO_OF_THREE_PERIODS = {
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  treatMissingData: "notBreaching",
} as const;

/** The `lambda` family: errors and throttles of each function of `functionNames`, in that order per function. */
export function lambdaAlarms(input: ResolvedDirectAlarmInput): DirectAlarmDraft<DirectAlarmKindOf<"lambda">>[] {
  return input.functionNames.flatMap((fn): DirectAlarmDraft<DirectAlarmKindOf<"lambda">>[] => {
    const dims = { [AWS_SERVICE_DIMENSIONS.functionName]: fn };
    return [
      {
        kind: "lambdaErrors",
        idSuffix: fn,
        text: {
          what: `Lambda function ${fn} reported errors in 2 of the last 3 five-minute periods.`,
          causes: "a downstream dependency failing or throttling, a bad deployment, malformed input, timeouts.",
        },
        config: { ...singleMetric(LAMBDA_METRICS.errors, dims, "Sum", FIVE_MINUTES), ...TWO_OF_THREE_PERIODS },
      },
      {
        kind: "lambdaThrottles",
        idSuffix: fn,
        text: {
          what: `Lambda function ${fn} was throttled in 2 of the last 3 five-minute periods: invocations are delayed or lost to retries.`,
          causes: "reserved concurrency too low for the load, the account concurrency limit shared with other functions, a burst of S3 events.",
        },
        config: { ...singleMetric(LAMBDA_METRICS.throttles, dims, "Sum", FIVE_MINUTES), ...TWO_OF_THREE_PERIODS },
      },
    ];
  });
}
