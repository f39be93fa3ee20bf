/**
 * Evaluates CloudWatch metric math the way CloudWatch does, for every expression this platform's
 * alarms and dashboards deploy: arithmetic, comparisons, `AND` / `OR`, and the functions `IF`,
 * `FILL`, `MIN` / `MAX` (over a `[...]` list: per datapoint, over the members that have a value;
 * over one series: its extreme), `PERIOD`, `DIFF`, `RUNNING_SUM`, `ABS` and, when the caller models
 * one, `ANOMALY_DETECTION_BAND`. Queries are series on one time axis (`undefined`: no datapoint) or
 * scalars, which broadcast. A query with no datapoint has no value, and neither has any arithmetic
 * on it unless `FILL` replaces it; `IF` without an else branch has no value where its condition is
 * false; a division by zero has no value.
 *
 * One engine for the replay table (scripts/simulate-burn-rate.ts, one datapoint at a time, some ten
 * million times), the demo's alarms and dashboard (series over a run) and the tests. It evaluates
 * one datapoint at a time, on plain numbers: a series is that, index by index.
 */
import { type MathNode, parseMetricMath, unsupported } from "./metric-math-parser";

export { idsOf, UnsupportedExpression } from "./metric-math-parser";

export type Value = number | undefined;
/** A series on the shared time axis, or a scalar. */
export type Operand =
  | { readonly kind: "series"; readonly values: readonly Value[]; readonly periodSeconds: number }
  | { readonly kind: "scalar"; readonly value: number };

/** The time span of the datapoint evaluated, in the caller's unit (replay minutes, epoch ms). */
export interface DatapointWindow {
  readonly from: number;
  readonly to: number;
}

export interface MetricMathOptions {
  /**
   * `ANOMALY_DETECTION_BAND(metric, sigmas)`'s upper edge: CloudWatch learns the band from two weeks
   * of the metric's history, so only a caller that models that history can answer.
   * @default - the band throws `UnsupportedExpression`
   */
  readonly anomalyBand?: (metric: Operand, sigmas: number, window: DatapointWindow | undefined) => Operand;
  /** The datapoint's window, passed to `anomalyBand`. */
  readonly window?: DatapointWindow;
}

const DEFAULT_PERIOD_SECONDS = 60;

/** One evaluation of one expression: where its query ids' values come from. */
interface Evaluation {
  readonly expression: string;
  readonly options: MetricMathOptions;
  /** Each query id's operand, looked up once. */
  readonly operands?: ReadonlyMap<string, Operand>;
  /** Or each id's value at the only datapoint evaluated. */
  readonly values?: Readonly<Record<string, Value>>;
  /** Band operands, computed once per call node. */
  readonly bands: Map<MathNode, Operand>;
}

const finite = (value: number): Value => (Number.isFinite(value) ? value : undefined);

const BINARY: Readonly<Record<string, (a: number, b: number) => Value>> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "^": (a, b) => finite(a ** b),
  "/": (a, b) => (b === 0 ? undefined : finite(a / b)),
  ">": (a, b) => (a > b ? 1 : 0),
  "<": (a, b) => (a < b ? 1 : 0),
  ">=": (a, b) => (a >= b ? 1 : 0),
  "<=": (a, b) => (a <= b ? 1 : 0),
  "==": (a, b) => (a === b ? 1 : 0),
  "!=": (a, b) => (a !== b ? 1 : 0),
  AND: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  OR: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
};

function at(operand: Operand, index: number): Value {
  return operand.kind === "scalar" ? operand.value : operand.values[index];
}

/** The series `node` reads (in order of first appearance); none for an expression of constants. */
function seriesUnder(node: MathNode, evaluation: Evaluation): Extract<Operand, { kind: "series" }>[] {
  const found: Extract<Operand, { kind: "series" }>[] = [];
  const visit = (inner: MathNode): void => {
    if (inner.type === "id") {
      const operand = evaluation.operands?.get(inner.name);
      if (operand?.kind === "series" || (operand === undefined && evaluation.values)) {
        found.push(operand?.kind === "series" ? operand : { kind: "series", values: [evaluation.values![inner.name]], periodSeconds: DEFAULT_PERIOD_SECONDS });
      }
    } else if (inner.type === "call") inner.args.forEach(visit);
    else if (inner.type === "list") inner.members.forEach(visit);
    else if (inner.type === "unary") visit(inner.arg);
    else if (inner.type === "binary") {
      visit(inner.left);
      visit(inner.right);
    }
  };
  visit(node);
  return found;
}

function lengthUnder(node: MathNode, evaluation: Evaluation): number {
  return Math.max(0, ...seriesUnder(node, evaluation).map((s) => s.values.length));
}

function extreme(name: string, node: MathNode, index: number, evaluation: Evaluation): Value {
  const pick = name === "MIN" ? Math.min : Math.max;
  const members = node.type === "list" ? node.members.map((member) => valueAt(member, index, evaluation)) : [];
  if (node.type !== "list") {
    const length = lengthUnder(node, evaluation);
    if (length === 0) return valueAt(node, index, evaluation);
    for (let i = 0; i < length; i++) members.push(valueAt(node, i, evaluation));
  }
  const present = members.filter((v): v is number => v !== undefined);
  return present.length === 0 ? undefined : pick(...present);
}

function band(node: Extract<MathNode, { type: "call" }>, index: number, evaluation: Evaluation): Value {
  let operand = evaluation.bands.get(node);
  if (!operand) {
    if (!evaluation.options.anomalyBand) {
      throw unsupported(evaluation.expression, "ANOMALY_DETECTION_BAND needs two weeks of the metric's history, which this evaluation does not model");
    }
    const sigmas = (node.args[1] as Extract<MathNode, { type: "number" }>).value;
    operand = evaluation.options.anomalyBand(seriesOf(node.args[0]!, evaluation), sigmas, evaluation.options.window);
    evaluation.bands.set(node, operand);
  }
  return at(operand, index);
}

/** The value of a function call at one datapoint (its arguments were checked when it was parsed). */
function callAt(node: Extract<MathNode, { type: "call" }>, index: number, evaluation: Evaluation): Value {
  const [first, second, third] = node.args as [MathNode, MathNode | undefined, MathNode | undefined];
  switch (node.name) {
    case "IF": {
      const condition = valueAt(first, index, evaluation);
      if (condition === undefined) return undefined;
      if (condition !== 0) return valueAt(second!, index, evaluation);
      return third ? valueAt(third, index, evaluation) : undefined;
    }
    case "FILL":
      return valueAt(first, index, evaluation) ?? valueAt(second!, index, evaluation);
    case "MIN":
    case "MAX":
      return extreme(node.name, first, index, evaluation);
    case "PERIOD":
      return seriesUnder(first, evaluation)[0]?.periodSeconds ?? DEFAULT_PERIOD_SECONDS;
    case "ABS": {
      const value = valueAt(first, index, evaluation);
      return value === undefined ? undefined : Math.abs(value);
    }
    case "DIFF": {
      if (index === 0 || lengthUnder(first, evaluation) === 0) return undefined;
      const now = valueAt(first, index, evaluation);
      const before = valueAt(first, index - 1, evaluation);
      return now === undefined || before === undefined ? undefined : now - before;
    }
    case "RUNNING_SUM": {
      if (lengthUnder(first, evaluation) === 0) return valueAt(first, index, evaluation);
      let total = 0;
      for (let i = 0; i <= index; i++) total += valueAt(first, i, evaluation) ?? 0;
      return total;
    }
    default:
      return band(node, index, evaluation);
  }
}

/** The value of `node` at datapoint `index`. */
function valueAt(node: MathNode, index: number, evaluation: Evaluation): Value {
  switch (node.type) {
    case "number":
      return node.value;
    case "id":
      return evaluation.values ? evaluation.values[node.name] : at(evaluation.operands!.get(node.name)!, index);
    case "unary": {
      const value = valueAt(node.arg, index, evaluation);
      return value === undefined ? undefined : -value;
    }
    case "binary": {
      const a = valueAt(node.left, index, evaluation);
      if (a === undefined) return undefined;
      const b = valueAt(node.right, index, evaluation);
      return b === undefined ? undefined : BINARY[node.op]!(a, b);
    }
    case "list":
      throw unsupported(evaluation.expression, "a list [...] is read only as the argument of MIN or MAX");
    case "call":
      return callAt(node, index, evaluation);
  }
}

/** `node` over the whole time axis: a series when it reads one, otherwise a scalar. */
function seriesOf(node: MathNode, evaluation: Evaluation): Operand {
  const series = seriesUnder(node, evaluation);
  if (series.length === 0) {
    const value = valueAt(node, 0, evaluation);
    return value === undefined ? { kind: "series", values: [undefined], periodSeconds: DEFAULT_PERIOD_SECONDS } : { kind: "scalar", value };
  }
  const length = Math.max(...series.map((s) => s.values.length));
  const values: Value[] = [];
  for (let i = 0; i < length; i++) values.push(valueAt(node, i, evaluation));
  return { kind: "series", values, periodSeconds: series[0]!.periodSeconds };
}

/** Evaluates `expression` with `lookup` giving the operand of each query id (each is looked up once). */
export function evaluate(expression: string, lookup: (id: string) => Operand, options: MetricMathOptions = {}): Operand {
  const { tree, ids } = parseMetricMath(expression);
  const operands = new Map(ids.map((id) => [id, lookup(id)]));
  return seriesOf(tree, { expression, options, operands, bands: new Map() });
}

/**
 * The value of `expression` at one datapoint, with the value of each query there (`undefined`: no
 * datapoint). A query id missing from `values` throws.
 */
export function evaluateMetricMath(expression: string, values: Readonly<Record<string, Value>>, options: MetricMathOptions = {}): Value {
  const { tree, ids } = parseMetricMath(expression);
  for (const id of ids) if (!(id in values)) throw unsupported(expression, `no query "${id}"`);
  return valueAt(tree, 0, { expression, options, values, bands: new Map() });
}
