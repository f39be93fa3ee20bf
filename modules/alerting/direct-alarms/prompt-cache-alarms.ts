/** The endpoint's token alarms: an unusually large prompt, and a prefix cache that stopped paying off. */
import { GATEWAY_METRICS } from "../../../contracts/metric-catalogue";
import { FIVE_MINUTES, metricQuery, singleMetric, type DirectAlarmDraft } from "./alarm-config";
import { endpointDimensions } from "./dimensions";
import type { DirectAlarmKindOf } from "./kinds";
import type { ResolvedDirectAlarmInput } from "./props";

/**
 * The `promptAnomaly` family: the largest prompt of each 5-minute period against its learned band,
 * a statistic that one attacking request moves, however small its share (a P99 over 5 minutes
 * needs more than 1 % of the traffic). One anomalous period of six raises it; it clears 30 minutes
 * after the last.
 */
export function promptAnomalyAlarms(input: ResolvedDirectAlarmInput): DirectAlarmDraft<DirectAlarmKindOf<"promptAnomaly">>[] {
  const sigmas = input.promptTokensAnomalyStdDevs;
  return [
    {
      kind: "promptTokensAnomaly",
      text: {
        what: `The largest prompt on endpoint ${input.endpointName} was above its learned band (${sigmas} standard deviations) in a 5-minute period of the last 30 minutes: an unusually large prompt arrived (blocked and failed requests count too).`,
        causes: "prompt injection stuffing the context, a client sending whole documents, a retrieval change returning too many chunks.",
      },
      config: {
        comparisonOperator: "GreaterThanUpperThreshold",
        thresholdMetricId: "band",
        evaluationPeriods: 6,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
        metricQuery: [
          { ...metricQuery("prompt_max", GATEWAY_METRICS.promptTokens, endpointDimensions(input), "Maximum", FIVE_MINUTES), returnData: true },
          { id: "band", expression: `ANOMALY_DETECTION_BAND(prompt_max, ${sigmas})`, label: "expected largest prompt", returnData: true },
        ],
      },
    },
  ];
}

/** The `cacheHitRate` family: the prefix-cache hit rate over the last hour under its minimum. */
export function cacheHitRateAlarms(input: ResolvedDirectAlarmInput): DirectAlarmDraft<DirectAlarmKindOf<"cacheHitRate">>[] {
  const cacheMin = input.cacheHitRateMinPercent;
  return [
    {
      kind: "cacheHitRate",
      text: {
        what: `Prefix-cache hit rate of endpoint ${input.endpointName} below ${cacheMin}% over the last hour: prefix caching is not paying off (efficiency warning, not an outage).`,
        causes:
          "the system prompt or fixed context changed per request (timestamps, user data placed before the fixed part), a new prompt template, cache evicted by memory pressure.",
      },
      config: {
        ...singleMetric(GATEWAY_METRICS.cacheHitRate, endpointDimensions(input), "Average", 3_600),
        comparisonOperator: "LessThanThreshold",
        threshold: cacheMin,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
      },
    },
  ];
}
