/**
 * `npm run simulate:slo`: feeds synthetic good/total series (a fast burn, a slow burn, a blip)
 * through the same burn-rate windows and alarm shapes the alarms are built from, and prints which
 * severity would fire when. For availability at 99.5 % over 30 days, 1000 requests a minute.
 */
import { deriveBurnRateWindows, type BurnRateWindow } from "../modules/alerting/slo/burn-rate";
import { replayBurnRateAlarms, type MinuteSample, type ReplayResult } from "../modules/alerting/slo/evaluate";
import { DEFAULT_SLO_PERIOD_SECONDS } from "../modules/alerting/slo/slo";

export const SIMULATION_OBJECTIVE = 0.995;
const REQUESTS_PER_MINUTE = 1000;
/** Four days: enough history for the 3-day ticket window. */
const SERIES_MINUTES = 4 * 24 * 60;
/** Healthy background error ratio: 0.1 %, a burn rate of 0.2. */
const BASELINE_ERROR_RATIO = 0.001;

/** An incident: error ratio `errorRatio` from minute `start` for `minutes` minutes. */
export interface Incident {
  readonly start: number;
  readonly minutes: number;
  readonly errorRatio: number;
}

export interface Scenario {
  readonly name: string;
  readonly story: string;
  readonly incident: Incident;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: "fast-burn", story: "10 % of requests fail for one hour (burn rate 20)", incident: { start: 5_000, minutes: 60, errorRatio: 0.1 } },
  { name: "slow-burn", story: "2 % of requests fail for 36 hours (burn rate 4)", incident: { start: SERIES_MINUTES - 36 * 60, minutes: 36 * 60, errorRatio: 0.02 } },
  { name: "blip", story: "every request fails for two minutes, then all is well", incident: { start: 5_000, minutes: 2, errorRatio: 1 } },
];

export function scenarioSeries(incident: Incident): MinuteSample[] {
  return Array.from({ length: SERIES_MINUTES }, (_, minute) => {
    const inIncident = minute >= incident.start && minute < incident.start + incident.minutes;
    const bad = Math.round(REQUESTS_PER_MINUTE * (inIncident ? incident.errorRatio : BASELINE_ERROR_RATIO));
    return { good: REQUESTS_PER_MINUTE - bad, total: REQUESTS_PER_MINUTE };
  });
}

export interface ScenarioVerdict {
  readonly scenario: Scenario;
  readonly result: ReplayResult;
  /** Minutes after the incident began at which each severity first notified, if it did. */
  readonly firstPageAfter: number | undefined;
  readonly firstTicketAfter: number | undefined;
}

export function simulationWindows(): BurnRateWindow[] {
  return deriveBurnRateWindows(SIMULATION_OBJECTIVE, DEFAULT_SLO_PERIOD_SECONDS);
}

export function runScenario(scenario: Scenario, windows: readonly BurnRateWindow[] = simulationWindows()): ScenarioVerdict {
  const result = replayBurnRateAlarms(scenarioSeries(scenario.incident), { objective: SIMULATION_OBJECTIVE, windows });
  const after = (minutes: readonly number[]) => (minutes.length === 0 ? undefined : minutes[0]! - scenario.incident.start);
  return { scenario, result, firstPageAfter: after(result.page.notifiedMinutes), firstTicketAfter: after(result.ticket.notifiedMinutes) };
}

function describe(verdict: ScenarioVerdict): string {
  const { scenario, result } = verdict;
  const line = (severity: string, first: number | undefined, minutes: readonly number[]) =>
    first === undefined ? `  ${severity}: silent` : `  ${severity}: fires ${first} min after the incident began, notifying for ${minutes.length} min`;
  const trace = result.transitions
    .filter((t) => t.minute >= scenario.incident.start - 1)
    .slice(0, 12)
    .map((t) => `    t+${t.minute - scenario.incident.start} min  ${t.alarm.padEnd(18)} -> ${t.state}`);
  return [
    `${scenario.name}: ${scenario.story}`,
    line("page", verdict.firstPageAfter, result.page.notifiedMinutes),
    line("ticket", verdict.firstTicketAfter, result.ticket.notifiedMinutes),
    ...(trace.length > 0 ? ["  window alarms:", ...trace] : []),
  ].join("\n");
}

if (require.main === module) {
  const windows = simulationWindows();
  console.log(`availability ${SIMULATION_OBJECTIVE * 100}% over 30d, ${REQUESTS_PER_MINUTE} requests/min, baseline error ratio ${BASELINE_ERROR_RATIO * 100}%`);
  for (const w of windows) {
    console.log(`  ${w.severity}: burn rate > ${Number(w.factor.toFixed(3))} over ${w.longWindowSeconds / 60} min and ${w.shortWindowSeconds / 60} min`);
  }
  console.log("");
  for (const scenario of SCENARIOS) console.log(describe(runScenario(scenario, windows)) + "\n");
}
