/**
 * What CloudWatch would hold after the run: every datapoint the gateway wrote as Embedded Metric
 * Format lines on stdout, every PutMetricData the quality publisher sent, and the SageMaker and
 * SQS series the local stand-ins publish. Raw values are kept, so statistics (percentiles,
 * percentile ranks) are computed the way CloudWatch computes them from raw values.
 */

export interface Datapoint {
  /** Epoch milliseconds. */
  readonly t: number;
  readonly value: number;
  /** How many samples `value` stands for (PutMetricData `Counts`). */
  readonly count: number;
}

export interface Series {
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension name -> value. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly points: Datapoint[];
}

/** A series' identity: namespace, metric and its exact dimension set. */
export function seriesKey(namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>): string {
  const dims = Object.keys(dimensions)
    .sort()
    .map((name) => `${name}=${dimensions[name]}`)
    .join(",");
  return `${namespace}|${metricName}|${dims}`;
}

interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string }[];
}

/** One PutMetricData datum as the CloudWatch JSON protocol carries it. */
export interface MetricDatum {
  readonly MetricName: string;
  readonly Dimensions?: readonly { readonly Name: string; readonly Value: string }[];
  /** Epoch seconds (JSON protocol) or an ISO string. */
  readonly Timestamp?: number | string;
  readonly Value?: number;
  readonly Values?: readonly number[];
  readonly Counts?: readonly number[];
  readonly StatisticValues?: { readonly SampleCount: number; readonly Sum: number; readonly Minimum: number; readonly Maximum: number };
}

export class MetricStore {
  private readonly series = new Map<string, Series>();
  public emfDocuments = 0;
  public putMetricDataCalls = 0;

  public add(namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>, t: number, value: number, count = 1): void {
    const key = seriesKey(namespace, metricName, dimensions);
    let series = this.series.get(key);
    if (!series) {
      series = { namespace, metricName, dimensions: { ...dimensions }, points: [] };
      this.series.set(key, series);
    }
    series.points.push({ t, value, count });
  }

  /**
   * Reads one stdout line of a function: an EMF document becomes datapoints (one per value, per
   * dimension set), anything else is ignored. Returns the parsed document when it was EMF.
   */
  public ingestEmfLine(line: string): Record<string, unknown> | undefined {
    if (!line.startsWith("{") || !line.includes('"_aws"')) return undefined;
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const aws = doc._aws as { Timestamp?: number; CloudWatchMetrics?: EmfDirective[] } | undefined;
    if (!aws?.CloudWatchMetrics) return undefined;
    this.emfDocuments += 1;
    const t = typeof aws.Timestamp === "number" ? aws.Timestamp : Date.now();
    for (const directive of aws.CloudWatchMetrics) {
      for (const set of directive.Dimensions) {
        const dimensions: Record<string, string> = {};
        for (const name of set) dimensions[name] = String(doc[name]);
        for (const metric of directive.Metrics) {
          const raw = doc[metric.Name];
          const values = Array.isArray(raw) ? raw : [raw];
          for (const value of values) if (typeof value === "number" && Number.isFinite(value)) this.add(directive.Namespace, metric.Name, dimensions, t, value);
        }
      }
    }
    return doc;
  }

  /** One PutMetricData call (namespace and data as the publisher sent them). */
  public ingestPutMetricData(namespace: string, data: readonly MetricDatum[]): void {
    this.putMetricDataCalls += 1;
    for (const datum of data) {
      const dimensions = Object.fromEntries((datum.Dimensions ?? []).map((d) => [d.Name, d.Value]));
      const ts = datum.Timestamp;
      const t = typeof ts === "number" ? (ts < 1e12 ? ts * 1000 : ts) : typeof ts === "string" ? Date.parse(ts) : Date.now();
      if (datum.Values) {
        datum.Values.forEach((value, i) => this.add(namespace, datum.MetricName, dimensions, t, value, datum.Counts?.[i] ?? 1));
      } else if (typeof datum.Value === "number") {
        this.add(namespace, datum.MetricName, dimensions, t, datum.Value);
      } else if (datum.StatisticValues) {
        // Only the mean is kept for statistic sets (percentiles are not defined for them).
        const s = datum.StatisticValues;
        this.add(namespace, datum.MetricName, dimensions, t, s.Sum / Math.max(1, s.SampleCount), s.SampleCount);
      }
    }
  }

  /** The series of a metric whose dimensions match `dimensions` exactly; `*` matches any value of that name. */
  public find(namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>): Series[] {
    const wanted = Object.keys(dimensions).sort();
    const found: Series[] = [];
    for (const series of this.series.values()) {
      if (series.namespace !== namespace || series.metricName !== metricName) continue;
      const names = Object.keys(series.dimensions).sort();
      if (names.length !== wanted.length || names.some((name, i) => name !== wanted[i])) continue;
      if (wanted.every((name) => dimensions[name] === "*" || dimensions[name] === series.dimensions[name])) found.push(series);
    }
    return found.sort((a, b) => seriesKey(a.namespace, a.metricName, a.dimensions).localeCompare(seriesKey(b.namespace, b.metricName, b.dimensions)));
  }

  public all(): Series[] {
    return [...this.series.values()];
  }

  /** Earliest and latest datapoint time over all series. */
  public timeRange(): { from: number; to: number } | undefined {
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const series of this.series.values()) {
      for (const point of series.points) {
        if (point.t < from) from = point.t;
        if (point.t > to) to = point.t;
      }
    }
    return Number.isFinite(from) ? { from, to } : undefined;
  }
}

/** Points of `series` with `from <= t < to`. */
export function pointsIn(series: readonly Series[], from: number, to: number): Datapoint[] {
  const out: Datapoint[] = [];
  for (const s of series) for (const p of s.points) if (p.t >= from && p.t < to) out.push(p);
  return out;
}

/**
 * A CloudWatch statistic over datapoints: Sum, Average, SampleCount, Minimum, Maximum, `pNN`
 * (percentile, nearest rank over the raw values) and `PR(:x)` / `PR(a:b)` (percentile rank: the
 * percentage of values in the range). Undefined when there is no datapoint.
 */
export function statistic(points: readonly Datapoint[], stat: string): number | undefined {
  if (points.length === 0) return undefined;
  const count = points.reduce((n, p) => n + p.count, 0);
  const sum = points.reduce((n, p) => n + p.value * p.count, 0);
  switch (stat) {
    case "Sum":
      return sum;
    case "SampleCount":
      return count;
    case "Average":
      return sum / count;
    case "Minimum":
      return Math.min(...points.map((p) => p.value));
    case "Maximum":
      return Math.max(...points.map((p) => p.value));
  }
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (percentile) {
    const sorted = points.map((p) => p.value).sort((a, b) => a - b);
    const rank = Math.ceil((Number(percentile[1]) / 100) * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }
  const rank = /^PR\(([^:]*):([^)]*)\)$/.exec(stat);
  if (rank) {
    const low = rank[1] === "" ? Number.NEGATIVE_INFINITY : Number(rank[1]);
    const high = rank[2] === "" ? Number.POSITIVE_INFINITY : Number(rank[2]);
    const inside = points.filter((p) => p.value > low && p.value <= high).reduce((n, p) => n + p.count, 0);
    return (100 * inside) / count;
  }
  throw new Error(`statistic ${stat} is not supported locally`);
}
