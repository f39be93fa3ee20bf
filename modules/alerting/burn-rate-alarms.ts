import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { alarmDescription, runbookUrl, validateRunbookBaseUrl } from "./runbooks";
import {
  alarmThreshold,
  formatDuration,
  sloWindows,
  SRE_WORKBOOK_POLICY,
  type AlarmShape,
  type BurnRatePolicyEntry,
  type BurnRateWindow,
} from "./slo/burn-rate";
import { sloPeriodSeconds, type Severity, type Slo } from "./slo/slo";

export interface BurnRateAlarmsProps {
  /** The SLO to guard. */
  readonly slo: Slo;
  /** Leading part of every alarm name, e.g. `llmobs-retail-banking-prod`. */
  readonly namePrefix: string;
  /** Base URL of the `runbooks/` folder; each alarm links `<base>/<family>.md`. */
  readonly runbookBaseUrl: string;
  /** SNS topic ARN the page composite alarm notifies (routed to PagerDuty, high urgency). */
  readonly pageTopicArn: string;
  /** SNS topic ARN the ticket composite alarm notifies (low urgency). */
  readonly ticketTopicArn: string;
  /**
   * Window pairs and budget shares; factors are derived from the SLO's objective and period. An SLO
   * with a `policy` of its own (the sized quality SLOs) uses that instead.
   * @default SRE_WORKBOOK_POLICY (2 % in 1 h and 5 % in 6 h page, 10 % in 1 d and in 3 d ticket)
   */
  readonly policy?: readonly BurnRatePolicyEntry[];
  /**
   * Also notify the topics when a composite alarm returns to OK, so PagerDuty resolves the incident.
   * @default true
   */
  readonly notifyOnOk?: boolean;
  /**
   * Seconds the ticket alarm waits for the page alarm before notifying (actions suppressor wait period).
   * @default 120
   */
  readonly suppressorWaitSeconds?: number;
  /**
   * Seconds the ticket stays suppressed after the page alarm returns to OK (suppressor extension period).
   * @default 900
   */
  readonly suppressorExtensionSeconds?: number;
  /**
   * Tags on every alarm.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The two metric alarms (long and short window) of one burn-rate window pair. */
export interface BurnRateAlarmPair {
  readonly window: BurnRateWindow;
  readonly long: CloudwatchMetricAlarm;
  readonly short: CloudwatchMetricAlarm;
}

const SEVERITY_ORDER: readonly Severity[] = ["page", "ticket"];

/**
 * The multi-window, multi-burn-rate alarm graph of one SLO: per window pair a long-window and a
 * short-window metric-math alarm on the burn rate; per severity a composite alarm
 * `(long AND short) OR (long AND short)` that alone notifies; the ticket composite names the page
 * composite as its actions suppressor, so one incident does not both page and ticket.
 */
export class BurnRateAlarms extends Construct {
  /** Window pairs with derived factors, in policy order. */
  readonly windows: readonly BurnRateWindow[];
  readonly pairs: readonly BurnRateAlarmPair[];
  /** Composite alarm per severity present in the policy. */
  readonly composites: Readonly<Partial<Record<Severity, CloudwatchCompositeAlarm>>>;

  constructor(scope: Construct, id: string, props: BurnRateAlarmsProps) {
    super(scope, id);
    const { slo } = props;
    validateRunbookBaseUrl(props.runbookBaseUrl);
    validateSlo(slo);
    this.windows = sloWindows(slo, props.policy ?? SRE_WORKBOOK_POLICY);
    const link = runbookUrl(props.runbookBaseUrl, slo.runbookFamily);
    const tags = { ...(props.tags ?? {}), slo: slo.name };
    const baseName = `${props.namePrefix}-slo-${slo.name}`;
    // Missing data: a window with no (or too few) events counts as good, so a page returns to OK
    // once traffic stops instead of holding overnight. Sparse SLIs size their windows to hold
    // enough events at the expected traffic (`sizeQualityWindows`) rather than hold state.
    const treatMissingData = slo.treatMissingData ?? "notBreaching";

    this.pairs = this.windows.map((window) => {
      const label = `${window.severity}-${formatDuration(window.longWindowSeconds)}`;
      const make = (which: "long" | "short", shape: AlarmShape, seconds: number) =>
        new CloudwatchMetricAlarm(this, `${label}-${which}`, {
          alarmName: `${baseName}-${label}-${which}-${formatDuration(seconds)}`,
          alarmDescription: alarmDescription({
            what:
              `SLO ${slo.name} (${formatObjective(slo.objective)} over ${formatDuration(sloPeriodSeconds(slo))}): burn rate above ${roundFactor(window.factor)} ` +
              `over ${formatDuration(seconds)} (${which} window of the ${window.severity} pair ${formatDuration(window.longWindowSeconds)}). ` +
              `Notifies only through the ${window.severity} composite alarm.`,
            causes: slo.breachMeaning,
            runbookUrl: link,
          }),
          comparisonOperator: "GreaterThanThreshold",
          threshold: alarmThreshold(window),
          evaluationPeriods: shape.evaluationPeriods,
          datapointsToAlarm: shape.datapointsToAlarm,
          treatMissingData,
          metricQuery: burnRateQueries(slo, shape.periodSeconds),
          tags,
        });
      return {
        window,
        long: make("long", window.longShape, window.longWindowSeconds),
        short: make("short", window.shortShape, window.shortWindowSeconds),
      };
    });

    const composites: Partial<Record<Severity, CloudwatchCompositeAlarm>> = {};
    const topics: Record<Severity, string> = { page: props.pageTopicArn, ticket: props.ticketTopicArn };
    const okActions = (props.notifyOnOk ?? true) ? (severity: Severity) => [topics[severity]] : () => undefined;
    for (const severity of SEVERITY_ORDER) {
      const pairs = this.pairs.filter((p) => p.window.severity === severity);
      if (pairs.length === 0) continue;
      const rule = pairs.map((p) => `(ALARM("${p.long.alarmName}") AND ALARM("${p.short.alarmName}"))`).join(" OR ");
      const higher = SEVERITY_ORDER.slice(0, SEVERITY_ORDER.indexOf(severity))
        .map((s) => composites[s])
        .find((c): c is CloudwatchCompositeAlarm => c !== undefined);
      composites[severity] = new CloudwatchCompositeAlarm(this, severity, {
        alarmName: `${baseName}-${severity}`,
        alarmDescription: alarmDescription({
          what:
            `SLO ${slo.name} (${slo.sli.description}; objective ${formatObjective(slo.objective)} over ${formatDuration(sloPeriodSeconds(slo))}) ` +
            `is burning its error budget: ${pairs.map((p) => `${roundFactor(p.window.factor)}x over ${formatDuration(p.window.longWindowSeconds)} and ${formatDuration(p.window.shortWindowSeconds)}`).join(", or ")}.`,
          causes: slo.breachMeaning,
          runbookUrl: link,
        }),
        alarmRule: rule,
        alarmActions: [topics[severity]],
        okActions: okActions(severity),
        actionsSuppressor: higher
          ? {
              alarm: higher.alarmName,
              waitPeriod: props.suppressorWaitSeconds ?? 120,
              extensionPeriod: props.suppressorExtensionSeconds ?? 900,
            }
          : undefined,
        tags: { ...tags, severity },
      });
    }
    this.composites = composites;
  }
}

/**
 * Metric queries of one burn-rate alarm: the SLI's metrics at `periodSeconds` and one expression
 * `IF(total >= min, (1 - good / total) / (1 - objective))`, the only query returning data. A window
 * with fewer events than the minimum has no datapoint (the IF has no else branch).
 */
export function burnRateQueries(slo: Slo, periodSeconds: number): CloudwatchMetricAlarmMetricQuery[] {
  const budget = Number((1 - slo.objective).toPrecision(12));
  const minEvents = slo.minEventsPerWindow ?? 1;
  const total = `(${slo.sli.total})`;
  return [
    ...slo.sli.queries.map(
      (q): CloudwatchMetricAlarmMetricQuery => ({
        id: q.id,
        returnData: false,
        metric: {
          namespace: q.metric.namespace,
          metricName: q.metric.name,
          dimensions: { ...q.dimensions },
          stat: q.stat,
          period: periodSeconds,
        },
      }),
    ),
    {
      id: "burn_rate",
      label: `${slo.name} burn rate (${formatDuration(periodSeconds)})`,
      expression: `IF(${total} >= ${minEvents}, (1 - (${slo.sli.good}) / ${total}) / ${budget})`,
      returnData: true,
    },
  ];
}

const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

function validateSlo(slo: Slo): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slo.name)) throw new Error(`slo name must be kebab-case, got "${slo.name}"`);
  if (slo.sli.queries.length === 0) throw new Error(`slo ${slo.name} has no sli metric queries`);
  for (const q of slo.sli.queries) {
    if (!QUERY_ID.test(q.id) || q.id === "burn_rate") {
      throw new Error(`slo ${slo.name}: metric query id must start with a lower-case letter and not be "burn_rate", got "${q.id}"`);
    }
    const names = Object.keys(q.dimensions).sort().join(",");
    if (!q.metric.dimensionSets.some((set) => [...set].sort().join(",") === names)) {
      throw new Error(
        `slo ${slo.name}: ${q.metric.name} is not published with dimensions [${names}]; use one of ${q.metric.dimensionSets.map((s) => `[${s.join(",")}]`).join(" ")}`,
      );
    }
  }
  if ((slo.minEventsPerWindow ?? 1) < 1) throw new Error(`slo ${slo.name}: minEventsPerWindow must be at least 1, got ${slo.minEventsPerWindow}`);
}

function roundFactor(factor: number): number {
  return Math.round(factor * 1000) / 1000;
}

function formatObjective(objective: number): string {
  return `${Number((objective * 100).toPrecision(10))}%`;
}
