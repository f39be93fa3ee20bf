/**
 * The dashboard's CloudWatch metric panels over the run's metric store: metric queries, metric math,
 * the Metrics Insights "top models" query and the Serving row's PromQL, each query id resolved once.
 */
import { pointsIn, statistic } from "../../testing/aws/metric-store";
import { evaluate, type Operand, UnsupportedExpression } from "../../testing/cloudwatch/metric-math";
import type { ChartSeries, Context, Json, PanelData } from "./panel-data";
import { servingQueryOf, servingSeries } from "./serving-series";

function resolveVariables(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{?([a-z_]+)\}?/g, (whole, name: string) => variables[name] ?? whole);
}

/** One metric target over the time axis: one series per matching dimension set. */
function metricSeries(target: Json, ctx: Context): { label: string; operand: Operand }[] {
  const dimensions = Object.fromEntries(
    Object.entries((target.dimensions ?? {}) as Record<string, string>).map(([k, v]) => [k, resolveVariables(v, ctx.variables)]),
  );
  const found = ctx.store.find(target.namespace, target.metricName, dimensions);
  const periodMs = target.period ? Math.min(Number(target.period) * 1000, Math.max(ctx.stepMs, ctx.end - ctx.start)) : ctx.stepMs;
  const stat = String(target.statistic ?? "Average");
  return found.map((series) => {
    const values = ctx.ends.map((end) => statistic(pointsIn([series], Math.max(ctx.start, end - periodMs), end), stat));
    const label = String(target.label ?? target.metricName).replace(/\$\{PROP\('Dim\.([^']+)'\)\}/g, (_, name: string) => series.dimensions[name] ?? name);
    return { label, operand: { kind: "series", values, periodSeconds: periodMs / 1000 } };
  });
}

/** The Metrics Insights query of "Top models by requests": SELECT STAT(metric) FROM SCHEMA(ns, dims) GROUP BY dim. */
export function insightsBars(target: Json, ctx: Context): { label: string; value: number }[] {
  const match = /^SELECT\s+(\w+)\((\w+)\)\s+FROM\s+SCHEMA\("([^"]+)"((?:,\s*\w+)*)\)\s+GROUP BY\s+(\w+)/i.exec(String(target.sqlExpression ?? ""));
  if (!match) throw new UnsupportedExpression(`Metrics Insights query not read locally: ${target.sqlExpression}`);
  const [, fn, metricName, namespace, dims, groupBy] = match;
  const names = dims!
    .split(",")
    .map((d) => d.trim())
    .filter(Boolean);
  const series = ctx.store.find(namespace!, metricName!, Object.fromEntries(names.map((n) => [n, "*"])));
  const groups = new Map<string, number>();
  for (const s of series) {
    const value = statistic(pointsIn([s], ctx.start, ctx.end), fn!.toUpperCase() === "SUM" ? "Sum" : fn!.toUpperCase() === "AVG" ? "Average" : fn!) ?? 0;
    const key = s.dimensions[groupBy!] ?? "";
    groups.set(key, (groups.get(key) ?? 0) + value);
  }
  return [...groups].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value);
}

type LabelledOperand = { label: string; operand: Operand };

/** Resolves a panel's query ids: a metric query to its series, a metric-math expression to its value, each once. */
function queryResolver(targets: readonly Json[], ctx: Context): (id: string) => LabelledOperand[] {
  const byId = new Map(targets.map((t) => [String(t.id ?? t.refId), t]));
  const cache = new Map<string, LabelledOperand[]>();
  const resolve = (id: string): LabelledOperand[] => {
    const known = cache.get(id);
    if (known) return known;
    const target = byId.get(id);
    if (!target) throw new UnsupportedExpression(`no query ${id}`);
    let out: LabelledOperand[];
    if (target.expr !== undefined) {
      // The Serving row's PromQL, answered from the simulated container's own metrics.
      const query = servingQueryOf(String(target.expr));
      if (!query) throw new UnsupportedExpression(`PromQL not evaluated locally: ${String(target.expr)}`);
      out = servingSeries(query, { ...ctx.serving, ends: ctx.ends }).map((series) => ({
        label: series.label ?? String(target.legendFormat ?? id),
        operand: { kind: "series" as const, values: series.values.map((v) => v ?? undefined), periodSeconds: ctx.stepMs / 1000 },
      }));
    } else if (target.expression) {
      const operand = evaluate(String(target.expression), (ref) => {
        const found = resolve(ref);
        if (found.length !== 1) throw new UnsupportedExpression(`${ref} matches ${found.length} series`);
        return found[0]!.operand;
      });
      // A DIFF over periods longer than the run has nothing to compare with.
      if (/DIFF\(/.test(String(target.expression)) && Number(target.period ?? 0) * 1000 > ctx.end - ctx.start) {
        throw new UnsupportedExpression(
          `needs two ${Number(target.period) / 86_400}-day periods of history; the run lasted ${Math.round((ctx.end - ctx.start) / 1000)} s`,
        );
      }
      out = [{ label: String(target.label ?? id), operand }];
    } else {
      out = metricSeries(target, ctx);
    }
    cache.set(id, out);
    return out;
  };
  return resolve;
}

/** A stat panel's one value per series, reduced by the panel's calculation (`sum`, `lastNotNull` or the mean). */
function statValues(calc: string, series: readonly ChartSeries[]): { label: string; value: number }[] {
  return series.map((s) => {
    const values = s.values.filter((v): v is number => v !== null);
    const value =
      calc === "sum"
        ? values.reduce((a, b) => a + b, 0)
        : calc === "lastNotNull"
          ? values[values.length - 1]!
          : values.reduce((a, b) => a + b, 0) / values.length;
    return { label: s.label, value };
  });
}

/** A CloudWatch metric-query panel: its shown queries as series (a stat panel: reduced to values). */
export function metricPanel(panel: Json, base: PanelData, targets: readonly Json[], ctx: Context): PanelData {
  const resolve = queryResolver(targets, ctx);
  const series: ChartSeries[] = [];
  for (const target of targets.filter((t) => !t.hide)) {
    for (const { label, operand } of resolve(String(target.id ?? target.refId))) {
      const values = operand.kind === "scalar" ? ctx.ends.map(() => operand.value) : operand.values.map((v) => (v === undefined ? null : v));
      series.push({ label, values, ...(/ threshold /.test(label) ? { dashed: true } : {}) });
    }
  }
  const withData = series.filter((s) => s.values.some((v) => v !== null));
  if (withData.length === 0) return { ...base, skipped: "no data in this run" };
  if (panel.type === "stat") {
    const calc = String(panel.options?.reduceOptions?.calcs?.[0] ?? "mean");
    return { ...base, stats: statValues(calc, withData), notes: [`${calc} over the run`] };
  }
  return { ...base, series: withData };
}
