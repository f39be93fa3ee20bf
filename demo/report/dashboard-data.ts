/**
 * Runs the unified dashboard's own queries against the run's data: the dashboard JSON the Grafana
 * stack deploys (rows, panels, targets) is read as Grafana would read it, with the template
 * variables at their defaults (`request_type` and `use_case` = All): CloudWatch metric queries
 * (statistic, period, dimension wildcards), metric math, the Metrics Insights query of the
 * "top models" panel and the Logs Insights queries over the gateway's log lines. The time axis is
 * the run's, in steps of a second or so; a target with an explicit period (a burn-rate window, a
 * day) is a sliding window over the data so far. Panels whose series only AWS publishes, or that
 * need more history than a run, are listed with the reason instead of drawn.
 */
import { servingQueryOf, servingSeries, type ServingContext } from "./serving-series";
import { type MetricStore, pointsIn, statistic } from "../../testing/aws/metric-store";
import type { DemoResult } from "../run";
import { evaluate, type Operand, UnsupportedExpression } from "../../testing/cloudwatch/metric-math";

type Json = Record<string, any>;

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  /** Drawn dashed (a threshold line of the dashboard). */
  readonly dashed?: boolean;
}

export interface PanelData {
  readonly id: number;
  readonly title: string;
  readonly description?: string;
  readonly type: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly unit: string;
  readonly thresholds: readonly { readonly value: number; readonly color: string }[];
  /** Every threshold step as the dashboard defines it (the base step's value is null): what colours a stat. */
  readonly steps: readonly { readonly value: number | null; readonly color: string }[];
  readonly min?: number;
  readonly max?: number;
  readonly series?: readonly ChartSeries[];
  readonly stats?: readonly { readonly label: string; readonly value: number }[];
  readonly bars?: readonly { readonly label: string; readonly value: number }[];
  readonly table?: { readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number)[])[] };
  /** Set when the panel is not drawn: why. */
  readonly skipped?: string;
  readonly notes?: readonly string[];
}

export interface DashboardData {
  readonly title: string;
  /** Seconds since the start of the traffic, one per step. */
  readonly times: readonly number[];
  readonly stepSeconds: number;
  readonly rows: readonly { readonly title: string; readonly y: number; readonly panels: readonly PanelData[] }[];
  readonly drawn: number;
  readonly skipped: number;
}

const LOCAL_NAMESPACES = new Set(["LLMInference/SageMaker", "LLMInference/Quality", "AWS/SageMaker", "AWS/SQS", "AWS/ApiGateway", "LLMInference/Api"]);
const NOT_LOCAL_REASON: Readonly<Record<string, string>> = {
  "/aws/sagemaker/Endpoints": "SageMaker publishes these instance metrics (GPU, CPU, memory, disk) from the endpoint's instances; the local endpoint has none",
  "AWS/Lambda": "Lambda publishes these itself",
  "AWS/Firehose": "Firehose publishes these itself",
};

interface Context {
  readonly store: MetricStore;
  readonly variables: Readonly<Record<string, string>>;
  readonly useCases: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly stepMs: number;
  /** End of each step (epoch ms). */
  readonly ends: readonly number[];
  readonly logs: readonly Record<string, unknown>[];
  /** What the simulated container's own metrics hold (the Serving row's PromQL). */
  readonly serving: ServingContext;
}

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
function insightsBars(target: Json, ctx: Context): { label: string; value: number }[] {
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

type Row = Record<string, unknown>;

/**
 * The Logs Insights subset the dashboard uses: `fields` (with `x * n as y`), `filter` (`ispresent`,
 * `=~ /re/`, joined by `and`) and `stats` (`count(*)`, `sum`, `avg` ... `by` fields and `bin()`).
 */
function logsInsights(expression: string, ctx: Context): { groups: string[]; rows: Row[]; binned: boolean; binNote?: string } {
  const query = expression.replace(/\$\{use_case:regex\}/g, `(?:${ctx.useCases.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`);
  // Commands are separated by a pipe at the start of a line (a `|` inside a regex is not one).
  const commands = query
    .split(/\n\s*\|\s*/)
    .map((c) => c.trim())
    .filter(Boolean);
  let rows: Row[] = ctx.logs.map((doc) => ({ ...doc, "@timestamp": (doc._aws as { Timestamp?: number } | undefined)?.Timestamp ?? ctx.start }));
  let groups: string[] = [];
  let binned = false;
  let binNote: string | undefined;
  for (const command of commands) {
    const [verb, ...restWords] = command.split(/\s+/);
    const rest = restWords.join(" ");
    if (verb === "fields") {
      const computed = rest
        .split(",")
        .map((f) => f.trim())
        .map((f) => /^(\w+)\s*\*\s*([\d.eE+-]+)\s+as\s+(\w+)$/.exec(f))
        .filter((m): m is RegExpExecArray => m !== null);
      rows = rows.map((row) => {
        const out = { ...row };
        for (const [, field, factor, alias] of computed) if (typeof row[field!] === "number") out[alias!] = (row[field!] as number) * Number(factor);
        return out;
      });
    } else if (verb === "filter") {
      const conditions = rest.split(/\s+and\s+/i).map((c) => c.trim());
      rows = rows.filter((row) =>
        conditions.every((condition) => {
          const present = /^ispresent\((\w+)\)$/.exec(condition);
          if (present) return row[present[1]!] !== undefined && row[present[1]!] !== null;
          const regex = /^(\w+)\s*=~\s*\/(.*)\/$/.exec(condition);
          if (regex) return typeof row[regex[1]!] === "string" && new RegExp(regex[2]!).test(row[regex[1]!] as string);
          throw new UnsupportedExpression(`Logs Insights filter not read locally: ${condition}`);
        }),
      );
    } else if (verb === "stats") {
      const [aggregationsText, byText] = rest.split(/\s+by\s+/);
      const aggregations = aggregationsText!.split(/,\s*(?![^(]*\))/).map((a) => {
        const m = /^(\w+)\(([\w*]+)\)\s+as\s+(\w+)$/.exec(a.trim());
        if (!m) throw new UnsupportedExpression(`Logs Insights aggregation not read locally: ${a}`);
        return { fn: m[1]!, field: m[2]!, alias: m[3]! };
      });
      const by = (byText ?? "")
        .split(",")
        .map((b) => b.trim())
        .filter(Boolean);
      const keyOf = (row: Row): string[] =>
        by.map((b) => {
          const bin = /^bin\((\d+)([smh])\)$/.exec(b);
          if (!bin) return String(row[b] ?? "");
          binned = true;
          const binMs = Math.min(Number(bin[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[bin[2] as "s" | "m" | "h"], ctx.stepMs);
          binNote = `${b} drawn in ${ctx.stepMs / 1000}-s bins (the run is shorter than one of the dashboard's bins)`;
          return String(Math.floor(((row["@timestamp"] as number) - ctx.start) / binMs) * binMs + ctx.start);
        });
      const buckets = new Map<string, { key: string[]; rows: Row[] }>();
      for (const row of rows) {
        const key = keyOf(row);
        const id = JSON.stringify(key);
        const bucket = buckets.get(id) ?? { key, rows: [] };
        bucket.rows.push(row);
        buckets.set(id, bucket);
      }
      rows = [...buckets.values()].map(({ key, rows: members }) => {
        const out: Row = Object.fromEntries(by.map((b, i) => [b, key[i]]));
        for (const { fn, field, alias } of aggregations) {
          const values = members.map((m) => m[field]).filter((v): v is number => typeof v === "number");
          out[alias] =
            fn === "count"
              ? members.length
              : fn === "sum"
                ? values.reduce((a, b) => a + b, 0)
                : fn === "avg"
                  ? values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
                  : Number.NaN;
        }
        return out;
      });
      groups = by;
    } else if (verb !== "sort" && verb !== "limit" && verb !== "display") {
      throw new UnsupportedExpression(`Logs Insights command not read locally: ${verb}`);
    }
  }
  return { groups, rows, binned, ...(binNote ? { binNote } : {}) };
}

function namespacesOf(panel: Json): string[] {
  return [...new Set(((panel.targets ?? []) as Json[]).map((t) => String(t.namespace ?? "")).filter(Boolean))];
}

/** What every panel shows whatever its queries: title, place, unit, thresholds and range. */
function panelBase(panel: Json): PanelData {
  const defaults = panel.fieldConfig?.defaults ?? {};
  return {
    id: panel.id,
    title: panel.title,
    ...(panel.description ? { description: panel.description } : {}),
    type: panel.type,
    gridPos: panel.gridPos,
    unit: defaults.unit ?? "",
    thresholds: ((defaults.thresholds?.steps ?? []) as Json[])
      .filter((s) => typeof s.value === "number" && s.color !== "transparent")
      .map((s) => ({ value: s.value as number, color: s.color as string })),
    steps: ((defaults.thresholds?.steps ?? []) as Json[]).map((s) => ({ value: typeof s.value === "number" ? s.value : null, color: String(s.color) })),
    ...(typeof defaults.min === "number" ? { min: defaults.min } : {}),
    ...(typeof defaults.max === "number" ? { max: defaults.max } : {}),
  };
}

/** A Logs Insights panel: a table, a time series of its `bin()` rows, or bars. */
function logsPanel(panel: Json, base: PanelData, logs: Json, ctx: Context): PanelData {
  const result = logsInsights(String(logs.expression), ctx);
  const notes = result.binNote ? [result.binNote] : [];
  const valueColumns = Object.keys(result.rows[0] ?? {}).filter((k) => !result.groups.includes(k));
  if (panel.type === "table") {
    const columns = [...result.groups, ...valueColumns];
    return { ...base, notes, table: { columns, rows: result.rows.map((r) => columns.map((c) => (r[c] as string | number) ?? "")) } };
  }
  if (panel.type === "timeseries" && result.binned) {
    const labelField = result.groups.find((g) => !g.startsWith("bin("))!;
    const binField = result.groups.find((g) => g.startsWith("bin("))!;
    const labels = [...new Set(result.rows.map((r) => String(r[labelField])))].sort();
    const series = labels.map((label) => ({
      label,
      values: ctx.ends.map((end) => {
        const row = result.rows.find((r) => String(r[labelField]) === label && Number(r[binField]) >= end - ctx.stepMs && Number(r[binField]) < end);
        return row ? (row[valueColumns[0]!] as number) : null;
      }),
    }));
    return { ...base, notes, series };
  }
  const groupField = result.groups[0]!;
  return {
    ...base,
    notes,
    bars: result.rows.map((r) => ({ label: String(r[groupField]), value: Number(r[valueColumns[0]!]) })).sort((a, b) => b.value - a.value),
  };
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
function metricPanel(panel: Json, base: PanelData, targets: readonly Json[], ctx: Context): PanelData {
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

function evaluatePanel(panel: Json, full: Context): PanelData {
  // A stat reduces one value over the dashboard's range: one window over the whole run.
  const ctx: Context = panel.type === "stat" ? { ...full, stepMs: full.end - full.start, ends: [full.end] } : full;
  const base = panelBase(panel);
  const targets = (panel.targets ?? []) as Json[];
  const foreign = namespacesOf(panel).find((ns) => !LOCAL_NAMESPACES.has(ns));
  if (foreign) return { ...base, skipped: NOT_LOCAL_REASON[foreign] ?? `${foreign} is not published locally` };
  try {
    const logs = targets.find((t) => t.queryMode === "Logs");
    if (logs) return logsPanel(panel, base, logs, ctx);
    const insights = targets.find((t) => t.metricQueryType === 1);
    if (insights) return { ...base, bars: insightsBars(insights, ctx) };
    return metricPanel(panel, base, targets, ctx);
  } catch (error) {
    if (error instanceof UnsupportedExpression) return { ...base, skipped: error.message };
    throw error;
  }
}

export function dashboardData(result: DemoResult): DashboardData {
  const { platform } = result;
  const input = platform.dashboardInput;
  const start = result.startedAt;
  const end = result.trafficEndedAt + 1000;
  const stepMs = Math.max(1000, Math.ceil((end - start) / 90 / 1000) * 1000);
  const ends: number[] = [];
  for (let t = start + stepMs; t < end + stepMs; t += stepMs) ends.push(t);
  const ctx: Context = {
    store: result.metrics,
    variables: {
      environment: input.namePrefix,
      endpoint: input.model.endpointName,
      model: input.model.name,
      request_type: "*",
      use_case: "*",
    },
    useCases: input.useCases,
    start,
    end,
    stepMs,
    ends,
    logs: result.gatewayLogs,
    serving: {
      invocations: result.invocations ?? [],
      ends,
      start,
      slots: input.model.decodeConcurrencyPerInstance * input.model.instanceCount,
      instances: input.model.instanceCount,
      region: input.region,
    },
  };
  const rows: { title: string; y: number; panels: PanelData[] }[] = [];
  for (const panel of platform.dashboard.panels as Json[]) {
    if (panel.type === "row") {
      rows.push({ title: panel.title, y: panel.gridPos.y, panels: [] });
      continue;
    }
    if (rows.length === 0) rows.push({ title: "", y: 0, panels: [] });
    rows[rows.length - 1]!.panels.push(evaluatePanel(panel, ctx));
  }
  const all = rows.flatMap((r) => r.panels);
  return {
    title: String(platform.dashboard.title),
    times: ends.map((t) => (t - start) / 1000),
    stepSeconds: stepMs / 1000,
    rows,
    drawn: all.filter((p) => !p.skipped).length,
    skipped: all.filter((p) => p.skipped).length,
  };
}
