import type { JudgeErrorCorrection } from "../contracts/judge-error";
import type { MetricDefinition } from "../contracts/metric-catalogue";

/** One metric an SLI reads (the shape the alarms are built from). */
export interface DashboardSliQuery {
  /** Metric-math id used in `good` and `total`. */
  readonly id: string;
  readonly metric: MetricDefinition;
  /** Dimension values; the names are one of the metric's dimension sets. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** CloudWatch statistic, e.g. `Sum` or `PR(:1500)`. */
  readonly stat: string;
}

/** One burn-rate window pair of an SLO, with the factor both windows must exceed. */
export interface DashboardBurnRateWindow {
  readonly severity: "page" | "ticket";
  readonly longWindowSeconds: number;
  readonly shortWindowSeconds: number;
  readonly factor: number;
}

/** An SLO as the alerting module builds its alarms from it, with the derived windows. */
export interface DashboardSlo {
  /** Kebab-case name, e.g. `availability`, `quality-balance-inquiry`. */
  readonly name: string;
  /** Share of good events, e.g. `0.995`. */
  readonly objective: number;
  /** Rolling period in seconds (30 days by default). */
  readonly periodSeconds: number;
  readonly sli: {
    readonly queries: readonly DashboardSliQuery[];
    /** Metric-math expression for good events over the query ids. */
    readonly good: string;
    /** Metric-math expression for all events. */
    readonly total: string;
    readonly description: string;
  };
  readonly windows: readonly DashboardBurnRateWindow[];
}

/** Everything the unified dashboard of one environment is drawn from. */
export interface UnifiedDashboardInput {
  /** `<business-line>-<stage>`, e.g. `retail-banking-prod`. */
  readonly environmentId: string;
  /** Leading part of the environment's resource names (endpoint names start with it). */
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  /** uid of the CloudWatch data source every CloudWatch query uses. */
  readonly dataSourceUid: string;
  /**
   * uid of the PromQL data source (CloudWatch's PromQL endpoint) the Serving row reads SageMaker's
   * detailed serving metrics from.
   */
  readonly promqlDataSourceUid: string;
  /**
   * Use cases that declare a repeated system prompt: the prefix-cache hit rate is their efficiency
   * KPI, shown with its 40 % floor. @default [] - the KPI panel is still drawn, without the floor
   */
  readonly repeatedPrefixUseCases?: readonly string[];
  /** Dashboard uid (at most 40 characters). @default - derived from the environment id */
  readonly uid?: string;
  readonly model: {
    /** `ModelName` dimension value. */
    readonly name: string;
    /** `EndpointName` dimension value. */
    readonly endpointName: string;
    /** `InstanceType` dimension value. */
    readonly instanceType: string;
    /** `VariantName` dimension value. */
    readonly variantName: string;
    /** On-demand price of one instance per hour, USD. */
    readonly hourlyPriceUsd: number;
    /** Instances the endpoint runs (the minimum when it autoscales: costs are then a lower bound). */
    readonly instanceCount: number;
    /**
     * Requests one instance decodes at once: the rolling batch size (`OPTION_MAX_ROLLING_BATCH_SIZE`),
     * not the job queue size (requests beyond the batch wait and hold no decode slot). A request's
     * share of the instance hour is its duration over this many slots.
     */
    readonly decodeConcurrencyPerInstance: number;
  };
  /** Use cases callers declare (`use_case`, a field of the gateway's log lines). */
  readonly useCases: readonly string[];
  /**
   * The judge pair scoring production (`judgePairId`, the evaluation layer's `judgePair`): quality
   * panels read its series, as the quality SLOs do.
   */
  readonly judgePair: string;
  /** Minimum judge score per `request_type`, one quality SLO each. */
  readonly qualityThresholds: Readonly<Record<string, number>>;
  /**
   * The judge's error per `request_type` from its calibration record: the quality row draws the
   * corrected good share with its 90 % band beside the raw one. A request type without one shows raw only.
   * @default {} - raw only
   */
  readonly qualityCorrections?: Readonly<Record<string, JudgeErrorCorrection>>;
  /** The TTFT SLO's threshold, ms. */
  readonly ttftThresholdMs: number;
  /** GPU memory utilisation above which memory pressure is paged on (%). @default 85 */
  readonly gpuMemoryAlarmPercent?: number;
  /** Judge spend per day that raises a ticket, USD. */
  readonly judgeDailyBudgetUsd: number;
  /** The gateway function's log group (EMF lines with `use_case`). */
  readonly gatewayLogGroup: { readonly name: string; readonly arn: string };
  /** Dead-letter queues of the evaluation pipeline. */
  readonly deadLetterQueueNames: readonly string[];
  /**
   * Client data kept out of the judge: the evaluator whose last check and PII canary to draw (its
   * function name, the `Evaluator` dimension) and the canary's period. @default - no privacy panel
   */
  readonly privacy?: { readonly evaluatorName: string; readonly canaryIntervalMinutes?: number };
  /** The SLOs, as the burn-rate alarms are built from them. */
  readonly slos: readonly DashboardSlo[];
}
