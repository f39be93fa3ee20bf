/**
 * Alarms on the serving container's own metrics, as the serving-metrics bridge republishes them
 * (`LLMInference/Serving`): the source article's `cache_hit_rate` floor from the server's prefix-cache
 * counters, for endpoints serving a use case that declares a repeated system prompt, and the bridged
 * series gone missing (the bridge or SageMaker's detailed observability blind). Kept apart from the
 * direct alarms: their source is the bridge, not the gateway or an AWS service namespace.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { DIMENSIONS, SERVING_BRIDGE_METRICS } from "../../contracts/metric-catalogue";
import { CACHE_HIT_RATE_MIN_PERCENT } from "../../contracts/serving-metrics";
import { type DirectAlarmConfig, type DirectAlarmText, FIVE_MINUTES, singleMetric } from "./direct-alarms/alarm-config";
import { alarmDescription, type RunbookFamily, runbookUrl, validateRunbookBaseUrl } from "./runbooks";
import type { Severity } from "./slo/slo";

/** What the serving alarms watch. */
export interface ServingAlarmProps {
  /** The SageMaker endpoint whose bridged serving metrics to watch (`EndpointName` dimension). */
  readonly endpointName: string;
  /**
   * The use cases the endpoint serves that declare a repeated system prompt
   * (`gateway.repeatedPrefixUseCases`): with one or more, the prefix-cache hit-rate alarm is created.
   * @default [] - no prefix-cache alarm
   */
  readonly repeatedPrefixUseCases?: readonly string[];
  /** Prefix-cache hit rate, percent, below which prefix caching is not paying off. @default 40 (CACHE_HIT_RATE_MIN_PERCENT) */
  readonly cacheHitRateMinPercent?: number;
  /** Severity per alarm kind. @default - ticket for both: an efficiency warning and a blind bridge, not outages */
  readonly severityOverrides?: Partial<Record<ServingAlarmKind, Severity>>;
}

export type ServingAlarmKind = "servingPrefixCacheHitRate" | "servingMetricsMissing";

/** Both alarms lead to one runbook: the prefix-cache floor and the bridge that feeds it. */
export const SERVING_RUNBOOK_FAMILY: RunbookFamily = "serving-prefix-cache";

export interface ServingAlarmSpec {
  readonly kind: ServingAlarmKind;
  readonly severity: Severity;
  readonly text: DirectAlarmText;
  readonly config: DirectAlarmConfig;
}

export function servingAlarmSpecs(props: ServingAlarmProps): ServingAlarmSpec[] {
  const floor = props.cacheHitRateMinPercent ?? CACHE_HIT_RATE_MIN_PERCENT;
  if (!(floor > 0 && floor <= 100)) throw new Error(`cacheHitRateMinPercent must be in (0, 100], got ${floor}`);
  const severity = (kind: ServingAlarmKind): Severity => props.severityOverrides?.[kind] ?? "ticket";
  const endpoint = props.endpointName;
  const onEndpoint = (metric: (typeof SERVING_BRIDGE_METRICS)[keyof typeof SERVING_BRIDGE_METRICS], statistic: string) =>
    singleMetric(metric, { [DIMENSIONS.endpointName]: endpoint }, statistic, FIVE_MINUTES);
  const specs: ServingAlarmSpec[] = [];
  const repeated = props.repeatedPrefixUseCases ?? [];
  if (repeated.length > 0) {
    specs.push({
      kind: "servingPrefixCacheHitRate",
      severity: severity("servingPrefixCacheHitRate"),
      text: {
        what: `Server prefix-cache hit rate of endpoint ${endpoint} below ${floor}% for 15 minutes; it serves use cases declaring a repeated system prompt (${repeated.join(", ")}): prefix caching is not paying off (efficiency, not an outage).`,
        causes:
          "the system prompt or fixed context changed per request (timestamps or user data before the fixed part), a new prompt template, prefix caching off in the container, cache evicted under KV-cache pressure.",
      },
      config: {
        ...onEndpoint(SERVING_BRIDGE_METRICS.prefixCacheHitRate, "Average"),
        comparisonOperator: "LessThanThreshold",
        threshold: floor,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        // No datum means no prefix-cache lookups (no traffic): nothing is inefficient. A blind bridge is servingMetricsMissing.
        treatMissingData: "notBreaching",
      },
    });
  }
  specs.push({
    kind: "servingMetricsMissing",
    severity: severity("servingMetricsMissing"),
    text: {
      what: `No serving metrics of endpoint ${endpoint} bridged for 15 minutes (RequestsRunning, a gauge reported even when idle): the Serving row and the prefix-cache alarm are blind.`,
      causes:
        "the serving-metrics bridge failing (see its dead-letter queue and errors alarm), detailed observability off on the endpoint configuration, the PromQL endpoint unreachable from the VPC, metric names changed by SageMaker.",
    },
    config: {
      ...onEndpoint(SERVING_BRIDGE_METRICS.requestsRunning, "SampleCount"),
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // The gauge exists whenever the container runs: its absence is the fault this alarm is for.
      treatMissingData: "breaching",
    },
  });
  return specs;
}

export interface ServingAlarmsProps extends ServingAlarmProps {
  /** Leading part of every alarm name, e.g. `llmobs-retail-banking-prod`. */
  readonly namePrefix: string;
  readonly runbookBaseUrl: string;
  readonly pageTopicArn: string;
  readonly ticketTopicArn: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The serving alarms as CloudWatch metric alarms, each linking the serving runbook. */
export class ServingAlarms extends Construct {
  readonly specs: readonly ServingAlarmSpec[];
  readonly alarms: readonly { readonly kind: ServingAlarmKind; readonly severity: Severity; readonly alarm: CloudwatchMetricAlarm }[];

  constructor(scope: Construct, id: string, props: ServingAlarmsProps) {
    super(scope, id);
    validateRunbookBaseUrl(props.runbookBaseUrl);
    this.specs = servingAlarmSpecs(props);
    this.alarms = this.specs.map((spec) => {
      const topic = spec.severity === "page" ? props.pageTopicArn : props.ticketTopicArn;
      const alarm = new CloudwatchMetricAlarm(this, spec.kind, {
        ...spec.config,
        alarmName: `${props.namePrefix}-${servingAlarmName(spec.kind)}`,
        alarmDescription: alarmDescription({ ...spec.text, runbookUrl: runbookUrl(props.runbookBaseUrl, SERVING_RUNBOOK_FAMILY) }),
        alarmActions: [topic],
        okActions: [topic],
        tags: { ...(props.tags ?? {}), severity: spec.severity, alarm_family: SERVING_RUNBOOK_FAMILY },
      });
      return { kind: spec.kind, severity: spec.severity, alarm };
    });
  }
}

/** Alarm name suffix of a kind: `servingPrefixCacheHitRate` -> `serving-prefix-cache-hit-rate`. */
export function servingAlarmName(kind: ServingAlarmKind): string {
  return kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
