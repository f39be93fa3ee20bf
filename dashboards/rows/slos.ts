/**
 * SLOs: how much error budget is left, and how fast it burns. Drawn from the SLIs and windows the
 * burn-rate alarms are built from: the same metric queries, the same good/total expressions, the
 * same long and short windows, and the page and ticket factors as lines.
 */
import { lineAt, statPanel, thresholds, timeseriesPanel, UNITS, type AnyPanel, type Step } from "../panels";
import { type RowPanel, rowPanels } from "../row-panel";
import { mathQuery, metricQuery, renameIds } from "../queries";
import type { DashboardSlo, UnifiedDashboardInput } from "../types";

const DAY = 86_400;
/** Periods of a burn-down: hourly points over the SLO period. */
const BURN_DOWN_PERIOD_SECONDS = 3_600;
/** Longest datapoint the alarms use: windows over a day are judged day by day. */
const MAX_PERIOD_SECONDS = DAY;

const COLORS = { page: "red", ticket: "yellow" } as const;

/** `3600` -> `1h`, `300` -> `5m`, `86400` -> `1d`. */
export function duration(seconds: number): string {
  if (seconds % DAY === 0) return `${seconds / DAY}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${Math.round(seconds / 60)}m`;
}

const sloId = (slo: DashboardSlo): string => slo.name.replace(/[^a-z0-9]+/g, "_");

/** The SLI's metric queries under prefixed ids, and its good/total expressions renamed to match. */
export function sliQueries(slo: DashboardSlo, prefix: string, period: number) {
  const names = Object.fromEntries(slo.sli.queries.map((q) => [q.id, `${prefix}_${q.id}`]));
  return {
    queries: slo.sli.queries.map((q) => metricQuery(q.metric, q.dimensions, q.stat, { id: names[q.id]!, period, hide: true })),
    good: `(${renameIds(slo.sli.good, names)})`,
    total: `(${renameIds(slo.sli.total, names)})`,
  };
}

/** Error ratio over the error budget ratio: 1 means the budget lasts exactly the period. */
export function burnRateExpression(good: string, total: string, objective: number): string {
  return `(${total} - ${good}) / ${total} / ${Number((1 - objective).toPrecision(6))}`;
}

/** Share of the period's budget left: 1 - bad so far / (total so far x budget ratio). */
export function budgetRemainingExpression(good: string, total: string, objective: number): string {
  return `1 - (RUNNING_SUM(${total}) - RUNNING_SUM(${good})) / RUNNING_SUM(${total}) / ${Number((1 - objective).toPrecision(6))}`;
}

/** Distinct datapoint periods of an SLO's windows (long and short), as its alarms sample them. */
export function windowPeriods(slo: DashboardSlo): number[] {
  const periods = new Set<number>();
  for (const w of slo.windows) {
    periods.add(Math.min(w.shortWindowSeconds, MAX_PERIOD_SECONDS));
    periods.add(Math.min(w.longWindowSeconds, MAX_PERIOD_SECONDS));
  }
  return [...periods].sort((a, b) => a - b);
}

/** The factors as threshold lines: each factor in its severity's colour. */
export function factorSteps(slo: DashboardSlo): Step[] {
  const byFactor = new Map<number, "page" | "ticket">();
  for (const w of slo.windows) if (byFactor.get(w.factor) !== "page") byFactor.set(w.factor, w.severity);
  return [...byFactor.entries()].sort(([a], [b]) => a - b).map(([value, severity]) => ({ value: Number(value.toPrecision(6)), color: COLORS[severity] }));
}

/** An SLO's period in days. */
const days = (slo: DashboardSlo) => Math.round(slo.periodSeconds / DAY);

/** The range of the budget panels: the longest SLO period. */
const budgetRange = (input: UnifiedDashboardInput) => `${Math.round(Math.max(...input.slos.map((s) => s.periodSeconds)) / DAY)}d`;

/** Each SLO's budget left, from hourly running sums of its good and total events. */
function budgetTargets(input: UnifiedDashboardInput) {
  return input.slos.flatMap((slo) => {
    const sli = sliQueries(slo, `b_${sloId(slo)}`, BURN_DOWN_PERIOD_SECONDS);
    return [
      ...sli.queries,
      mathQuery(`budget_${sloId(slo)}`, budgetRemainingExpression(sli.good, sli.total, slo.objective), slo.name, { period: BURN_DOWN_PERIOD_SECONDS }),
    ];
  });
}

const errorBudgetRemaining: RowPanel = (input) =>
  statPanel({
    title: "Error budget remaining",
    description: `Share of each SLO's error budget left over its period (${[...new Set(input.slos.map(days))].join(", ")} days): ${input.slos.map((s) => `${s.name} ${s.objective * 100} %`).join(", ")}. Below zero the objective is missed.`,
    unit: UNITS.percentUnit,
    targets: budgetTargets(input),
    thresholds: thresholds([
      { value: null, color: "red" },
      { value: 0, color: "orange" },
      { value: 0.25, color: "green" },
    ]),
    timeFrom: budgetRange(input),
    width: 8,
    height: 8,
  });

const errorBudgetBurnDown: RowPanel = (input) =>
  timeseriesPanel({
    title: "Error budget burn-down",
    description: "Budget left as the period goes by (hourly running sums of good and total events); a steep drop is a fast burn.",
    unit: UNITS.percentUnit,
    targets: budgetTargets(input),
    thresholds: lineAt({ value: 0, color: "red" }),
    timeFrom: budgetRange(input),
    width: 16,
    height: 8,
  });

/** One SLO's burn rate over each alarm window, with the alarm factors as lines. */
function burnRatePanel(slo: DashboardSlo): AnyPanel {
  const targets = windowPeriods(slo).flatMap((period) => {
    const prefix = `w${duration(period)}`;
    const sli = sliQueries(slo, prefix, period);
    return [
      ...sli.queries,
      mathQuery(`burn_${duration(period)}`, burnRateExpression(sli.good, sli.total, slo.objective), `burn rate over ${duration(period)}`, { period }),
    ];
  });
  const pairs = slo.windows
    .map((w) => `${w.severity} when ${duration(w.longWindowSeconds)} and ${duration(w.shortWindowSeconds)} both exceed ${Number(w.factor.toPrecision(4))}`)
    .join("; ");
  return timeseriesPanel({
    title: `Burn rate: ${slo.name}`,
    description: `${slo.sli.description}; objective ${slo.objective * 100} % over ${days(slo)} days. Burn rate = error ratio / (1 - objective), over each alarm window (windows over a day are judged day by day). Alarms: ${pairs}.`,
    unit: UNITS.ratio,
    targets,
    thresholds: thresholds([{ value: null, color: "transparent" }, ...factorSteps(slo)]),
    min: 0,
    width: 12,
  });
}

const burnRates: RowPanel = (input) => input.slos.map(burnRatePanel);

export function sloPanels(input: UnifiedDashboardInput): AnyPanel[] {
  if (input.slos.length === 0) throw new Error("the SLO row needs the environment's SLOs; input.slos is empty");
  return rowPanels(input, [errorBudgetRemaining, errorBudgetBurnDown, burnRates]);
}
