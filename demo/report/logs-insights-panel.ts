/** The dashboard's Logs Insights panels, evaluated over the gateway's log lines of the run. */
import { UnsupportedExpression } from "../../testing/cloudwatch/metric-math";
import type { Context, Json, PanelData } from "./panel-data";

type Row = Record<string, unknown>;

interface LogsResult {
  readonly groups: string[];
  readonly rows: Row[];
  readonly binned: boolean;
  readonly binNote?: string;
}

/** `fields`: adds the computed fields (`x * n as y`); the others are on every row already. */
function fieldsCommand(rows: Row[], rest: string): Row[] {
  const computed = rest
    .split(",")
    .map((f) => f.trim())
    .map((f) => /^(\w+)\s*\*\s*([\d.eE+-]+)\s+as\s+(\w+)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null);
  return rows.map((row) => {
    const out = { ...row };
    for (const [, field, factor, alias] of computed) if (typeof row[field!] === "number") out[alias!] = (row[field!] as number) * Number(factor);
    return out;
  });
}

/** `filter`: `ispresent(f)` and `f =~ /re/` conditions joined by `and`. */
function filterCommand(rows: Row[], rest: string): Row[] {
  const conditions = rest.split(/\s+and\s+/i).map((c) => c.trim());
  return rows.filter((row) =>
    conditions.every((condition) => {
      const present = /^ispresent\((\w+)\)$/.exec(condition);
      if (present) return row[present[1]!] !== undefined && row[present[1]!] !== null;
      const regex = /^(\w+)\s*=~\s*\/(.*)\/$/.exec(condition);
      if (regex) return typeof row[regex[1]!] === "string" && new RegExp(regex[2]!).test(row[regex[1]!] as string);
      throw new UnsupportedExpression(`Logs Insights filter not read locally: ${condition}`);
    }),
  );
}

/** One `stats` aggregation over a group's rows. */
function aggregate(fn: string, members: readonly Row[], field: string): number {
  const values = members.map((m) => m[field]).filter((v): v is number => typeof v === "number");
  if (fn === "count") return members.length;
  if (fn === "sum") return values.reduce((a, b) => a + b, 0);
  if (fn === "avg") return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return Number.NaN;
}

/** `stats`: `count(*)`, `sum`, `avg` ... `by` fields and `bin()`, a bin no wider than a step of the run. */
function statsCommand(rows: Row[], rest: string, ctx: Context): LogsResult {
  let binned = false;
  let binNote: string | undefined;
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
  const grouped = [...buckets.values()].map(({ key, rows: members }) => {
    const out: Row = Object.fromEntries(by.map((b, i) => [b, key[i]]));
    for (const { fn, field, alias } of aggregations) out[alias] = aggregate(fn, members, field);
    return out;
  });
  return { groups: by, rows: grouped, binned, ...(binNote ? { binNote } : {}) };
}

/**
 * The Logs Insights subset the dashboard uses: `fields` (with `x * n as y`), `filter` (`ispresent`,
 * `=~ /re/`, joined by `and`) and `stats` (`count(*)`, `sum`, `avg` ... `by` fields and `bin()`).
 */
function logsInsights(expression: string, ctx: Context): LogsResult {
  const query = expression.replace(/\$\{use_case:regex\}/g, `(?:${ctx.useCases.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`);
  // Commands are separated by a pipe at the start of a line (a `|` inside a regex is not one).
  const commands = query
    .split(/\n\s*\|\s*/)
    .map((c) => c.trim())
    .filter(Boolean);
  let result: LogsResult = {
    groups: [],
    rows: ctx.logs.map((doc) => ({ ...doc, "@timestamp": (doc._aws as { Timestamp?: number } | undefined)?.Timestamp ?? ctx.start })),
    binned: false,
  };
  for (const command of commands) {
    const [verb, ...restWords] = command.split(/\s+/);
    const rest = restWords.join(" ");
    if (verb === "fields") result = { ...result, rows: fieldsCommand(result.rows, rest) };
    else if (verb === "filter") result = { ...result, rows: filterCommand(result.rows, rest) };
    else if (verb === "stats") result = statsCommand(result.rows, rest, ctx);
    else if (verb !== "sort" && verb !== "limit" && verb !== "display") throw new UnsupportedExpression(`Logs Insights command not read locally: ${verb}`);
  }
  return result;
}

/** A Logs Insights panel: a table, a time series of its `bin()` rows, or bars. */
export function logsPanel(panel: Json, base: PanelData, logs: Json, ctx: Context): PanelData {
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
