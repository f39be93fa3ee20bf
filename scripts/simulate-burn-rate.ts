/**
 * `npm run simulate:slo`: the replay table. Every SLO and direct alarm `Alerting` deploys for an
 * environment with every default (scripts/article-environment.ts), at 1x and 10x the source article's
 * 10,000 requests a day, through seven incidents. The alarms are not restated: their windows,
 * thresholds, statistics, minimum events and missing-data treatment come from `alertingPlan`, their
 * burn-rate expressions from `burnRateQueries`, and the SLIs' metric math is evaluated as written.
 * The traffic is synthetic (scripts/replay-model.ts) and quality scores arrive as late as the
 * environment's delay. One line per scenario, volume and signal:
 *
 *   replay scenario=<name> volume=<1x|10x> signal=<slo or alarm> page_after_min=<n|never> ticket_after_min=<n|never> resolves_after_min=<n|never|n/a>
 *
 * `*_after_min`: minutes from the incident's start to the first page (ticket) notification.
 * `resolves_after_min`: minutes from the incident's end (for traffic-stop-8h: from the stop) to the
 * signal's last return to OK; `n/a` when it never fired, `never` when it is still firing at the end.
 */
import { alertingInputs } from "../config/alerting-inputs";
import type { ResolvedEnvironment } from "../config/resolved";
import { type AlertingPlan, alarmThreshold, burnRateQueries, type DirectAlarmSpec, directAlarmName, type Slo, sloWindows } from "../modules/alerting";
import { replayThresholdAlarm } from "../testing/cloudwatch/alarm-state";
import { replayBurnRateAlarms } from "../testing/cloudwatch/burn-rate-replay";
import { alarmDatapoint, datapointBreaches, type MetricSource, metricAlarmFromConfig } from "../testing/cloudwatch/metric-alarm";
import { evaluateMetricMath } from "../testing/cloudwatch/metric-math";
import { ARTICLE_NAMES, articleEnvironment, articlePlan } from "./article-environment";
import { environmentNames, environmentPlan } from "./environment-plan";
import { HEALTHY, TrafficModel, type MinuteState } from "./replay-model";

/** Three days of healthy traffic first: every window, the 3-day ones too, starts full. */
export const INCIDENT_START = 3 * 1_440;
/** Two days after the incident's start. */
export const SERIES_MINUTES = INCIDENT_START + 2 * 1_440;
export const VOLUMES = [1, 10] as const;

export interface Scenario {
  readonly name: string;
  readonly story: string;
  /** Minutes the incident lasts. */
  readonly minutes: number;
  /** The state of minute `offset` after the incident began (negative before). */
  readonly state: (offset: number) => MinuteState;
  /** Minutes after the start from which resolution is counted. @default minutes */
  readonly resolveFrom?: number;
}

/** The quality SLO the single-request-type incidents hit. */
export const FAILING_REQUEST_TYPE = "balance_inquiry";
const ALL_TYPES_BAD = (share: number) => Object.fromEntries(["balance_inquiry", "investment_strategy", "general"].map((rt) => [rt, share]));
/** P95 of 3 s from a healthy P95 of 900 ms. */
const TTFT_P95_3S = 3_000 / 900;

const during = (minutes: number, incident: MinuteState) => (offset: number) => (offset >= 0 && offset < minutes ? incident : HEALTHY);

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "total-quality-failure",
    story: `every ${FAILING_REQUEST_TYPE} answer is bad for 3 hours`,
    minutes: 180,
    state: during(180, { ...HEALTHY, badShare: { [FAILING_REQUEST_TYPE]: 1 } }),
  },
  {
    name: "quality-degradation-20",
    story: "20 % of answers of every request type are bad for 24 hours",
    minutes: 1_440,
    state: during(1_440, { ...HEALTHY, badShare: ALL_TYPES_BAD(0.2) }),
  },
  {
    name: "ttft-regression",
    story: "TTFT P95 at 3 s (every request's TTFT x3.3) for 8 hours",
    minutes: 480,
    state: during(480, { ...HEALTHY, ttftScale: TTFT_P95_3S }),
  },
  {
    name: "availability-5pct",
    story: "5 % of requests fail for 8 hours: 1 % Lambda throttles (API Gateway 500), 1 % Lambda errors, 2 % gateway 502/504, 1 % stage throttles (429)",
    minutes: 480,
    state: during(480, { ...HEALTHY, failures: { lambdaThrottle: 0.01, lambdaError: 0.01, gatewayFailure: 0.02, stageThrottle: 0.01 } }),
  },
  {
    name: "blip-50pct-10min",
    story: "50 % of answers of every request type are bad for 10 minutes",
    minutes: 10,
    state: during(10, { ...HEALTHY, badShare: ALL_TYPES_BAD(0.5) }),
  },
  {
    name: "traffic-stop-8h",
    story: `2 hours of incident (every ${FAILING_REQUEST_TYPE} answer bad, 10 % of requests failing, TTFT P95 3 s), then no traffic for 8 hours`,
    minutes: 600,
    resolveFrom: 120,
    state: (offset) => {
      if (offset >= 0 && offset < 120) {
        return {
          ...HEALTHY,
          badShare: { [FAILING_REQUEST_TYPE]: 1 },
          failures: { lambdaThrottle: 0.02, lambdaError: 0.02, gatewayFailure: 0.04, stageThrottle: 0.02 },
          ttftScale: TTFT_P95_3S,
        };
      }
      return offset >= 120 && offset < 600 ? { ...HEALTHY, traffic: 0 } : HEALTHY;
    },
  },
  {
    name: "injection-burst",
    story: "0.5 % of requests are injection attempts at 20x the median prompt, flagged by the guardrail and answered badly, for 2 hours",
    minutes: 120,
    state: during(120, { ...HEALTHY, attackShare: 0.005, attackSize: 20 }),
  },
];

export interface SignalOutcome {
  readonly signal: string;
  /** Minutes after the start; undefined: never. */
  readonly pageAfter?: number;
  readonly ticketAfter?: number;
  readonly resolvesAfter: number | "never" | "n/a";
  /** Minutes the signal was in ALARM during the healthy days before the incident (must be none). */
  readonly alarmMinutesBefore: number;
}

export interface ReplayRun {
  readonly scenario: Scenario;
  readonly volume: number;
  readonly outcomes: readonly SignalOutcome[];
}

function outcome(signal: string, scenario: Scenario, page: readonly number[], ticket: readonly number[], alarm: readonly number[]): SignalOutcome {
  const after = (minutes: readonly number[]) => {
    const first = minutes.find((m) => m >= INCIDENT_START);
    return first === undefined ? undefined : first - INCIDENT_START;
  };
  const during = alarm.filter((m) => m >= INCIDENT_START);
  const last = during.length === 0 ? undefined : during[during.length - 1]!;
  const resolvesAfter =
    last === undefined ? "n/a" : last === SERIES_MINUTES - 1 ? "never" : last + 1 - (INCIDENT_START + (scenario.resolveFrom ?? scenario.minutes));
  return {
    signal,
    ...(after(page) !== undefined ? { pageAfter: after(page) } : {}),
    ...(after(ticket) !== undefined ? { ticketAfter: after(ticket) } : {}),
    resolvesAfter,
    alarmMinutesBefore: alarm.filter((m) => m < INCIDENT_START).length,
  };
}

/**
 * One SLO through the scenario, evaluated with its alarms' own windows, expression and missing-data
 * treatment. `redeployed`: from that minute on the alarms are the ones of another build of the SLO
 * (same windows and queries, other constants: a new calibration record deployed).
 */
export function replaySlo(slo: Slo, model: TrafficModel, scenario: Scenario, redeployed?: { readonly fromMinute: number; readonly slo: Slo }): SignalOutcome {
  const windows = sloWindows(slo);
  const delayMinutes = Math.ceil((slo.dataDelaySeconds ?? 0) / 60);
  // The expression the alarms are created with: IF(total >= min, (1 - good / total) / budget).
  const expressionOf = (built: Slo) => burnRateQueries(built, 60).find((q) => q.returnData)!.expression!;
  const before = expressionOf(slo);
  const after = redeployed ? expressionOf(redeployed.slo) : before;
  const redeployAt = redeployed?.fromMinute ?? Number.POSITIVE_INFINITY;
  const values: Record<string, number | undefined> = {};
  const queries = [...slo.sli.queries, ...(redeployed?.slo.sli.queries ?? []).filter((q) => !slo.sli.queries.some((mine) => mine.id === q.id))];
  const result = replayBurnRateAlarms(
    { minutes: model.length, window: () => undefined },
    {
      objective: slo.objective,
      windows,
      treatMissingData: slo.treatMissingData ?? "notBreaching",
      dataDelayMinutes: delayMinutes,
      datapoint: (from, to, window) => {
        for (const q of queries) values[q.id] = model.aggregate(q.metric.name, q.dimensions, q.stat, from, to);
        const burn = evaluateMetricMath(to > redeployAt ? after : before, values);
        return burn === undefined ? undefined : burn > alarmThreshold(window);
      },
    },
  );
  const alarm = [...new Set([...result.page.alarmMinutes, ...result.ticket.alarmMinutes])].sort((a, b) => a - b);
  return outcome(`slo-${slo.name}`, scenario, result.page.notifiedMinutes, result.ticket.notifiedMinutes, alarm);
}

/** Minutes one direct alarm is in ALARM, evaluated from its own config. */
function directAlarmMinutes(spec: DirectAlarmSpec, model: TrafficModel): readonly number[] {
  const alarm = metricAlarmFromConfig(directAlarmName(spec.kind), spec.config);
  const source: MetricSource = {
    read: (metric, { from, to }) => model.aggregate(metric.metricName, metric.dimensions, metric.stat, from, to),
    // The prompt-size band: what CloudWatch would have learned from the model's healthy traffic.
    anomalyBand: (_metric, sigmas, window) => ({
      kind: "series",
      values: [model.promptBand(window!.from, window!.to, sigmas)],
      periodSeconds: alarm.periodSeconds,
    }),
  };
  const breaches = (from: number, to: number): boolean | undefined => datapointBreaches(alarm, alarmDatapoint(alarm, source, { from, to }));
  return replayThresholdAlarm(model.length, alarm, breaches);
}

/** What a replay runs against: an environment, the plan `Alerting` builds for it, its gateway function. */
export interface ReplayTarget {
  readonly environment: ResolvedEnvironment;
  readonly plan: AlertingPlan;
  readonly gatewayFunctionName: string;
}

/** The source article environment at `volume` times its traffic, with the example names. */
export function articleTarget(volume: number): ReplayTarget {
  const environment = articleEnvironment(volume);
  return { environment, plan: articlePlan(environment), gatewayFunctionName: ARTICLE_NAMES.functions.gateway };
}

/** An environment file's environment at its own declared traffic, with the names its stack gives. */
export function environmentTarget(environment: ResolvedEnvironment): ReplayTarget {
  const names = environmentNames(environment);
  return { environment, plan: environmentPlan(environment, names), gatewayFunctionName: names.functions.gateway };
}

/** The traffic of `scenario` for the target (by default the source article environment at `volume`). */
export function scenarioModel(scenario: Scenario, volume: number, target: ReplayTarget = articleTarget(volume)): TrafficModel {
  const env = target.environment;
  const inputs = alertingInputs(env);
  return new TrafficModel(
    {
      requestsPerDay: env.alerting.expectedRequestsPerDay,
      requestTypes: inputs.requestTypes.map((rt) => ({ requestType: rt.requestType, share: rt.share ?? 1 / inputs.requestTypes.length })),
      sampleRate: env.evaluation.sampleRate,
      instanceType: env.model.instanceType,
      gatewayFunctionName: target.gatewayFunctionName,
    },
    Array.from({ length: SERIES_MINUTES }, (_, minute) => scenario.state(minute - INCIDENT_START)),
  );
}

/** One scenario at one volume: every signal of the plan (by default the source article environment's). */
export function runReplay(scenario: Scenario, volume: number, target: ReplayTarget = articleTarget(volume)): ReplayRun {
  const plan = target.plan;
  const model = scenarioModel(scenario, volume, target);
  const outcomes: SignalOutcome[] = plan.slos.map((slo) => replaySlo(slo, model, scenario));
  // Direct alarms of one kind (one per queue or function) are one signal: the earliest of them.
  const kinds = [...new Set(plan.directAlarms.map((spec) => spec.kind))];
  for (const kind of kinds) {
    const specs = plan.directAlarms.filter((spec) => spec.kind === kind);
    const minutes = [...new Set(specs.flatMap((spec) => directAlarmMinutes(spec, model)))].sort((a, b) => a - b);
    const severity = specs[0]!.severity;
    outcomes.push(outcome(directAlarmName(kind), scenario, severity === "page" ? minutes : [], severity === "ticket" ? minutes : [], minutes));
  }
  return { scenario, volume, outcomes };
}

/** Every scenario at every volume. */
export function runAllReplays(): ReplayRun[] {
  return SCENARIOS.flatMap((scenario) => VOLUMES.map((volume) => runReplay(scenario, volume)));
}

/** The table, one line per scenario, volume and signal. */
export function replayLines(runs: readonly ReplayRun[] = runAllReplays()): string[] {
  const n = (value: number | undefined) => (value === undefined ? "never" : String(value));
  return runs.flatMap((run) =>
    run.outcomes.map(
      (o) =>
        `replay scenario=${run.scenario.name} volume=${run.volume}x signal=${o.signal} page_after_min=${n(o.pageAfter)} ticket_after_min=${n(o.ticketAfter)} resolves_after_min=${o.resolvesAfter}`,
    ),
  );
}
