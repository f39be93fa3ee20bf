/**
 * CloudWatch metric math, for the expressions this platform's alarms and dashboard use: numbers,
 * ids, + - * /, comparisons, AND/OR, and the functions IF, FILL, PERIOD, DIFF, RUNNING_SUM, ABS,
 * MIN, MAX. Values are time series aligned on one time axis (`undefined` = no datapoint), or
 * scalars, which broadcast. Anything else throws `UnsupportedExpression` naming it, so a panel or an
 * alarm the demo cannot evaluate says why instead of showing a wrong line.
 */

export type Value = number | undefined;
/** A series on the shared time axis, or a scalar. */
export type Operand =
  | { readonly kind: "series"; readonly values: readonly Value[]; readonly periodSeconds: number }
  | { readonly kind: "scalar"; readonly value: number };

export class UnsupportedExpression extends Error {
  public override readonly name = "UnsupportedExpression";
}

type Node =
  | { type: "number"; value: number }
  | { type: "id"; name: string }
  | { type: "call"; name: string; args: Node[] }
  | { type: "unary"; op: "-"; arg: Node }
  | { type: "binary"; op: string; left: Node; right: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|[-+*/(),<>^]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) throw new UnsupportedExpression(`cannot read "${text.slice(at, at + 20)}" in ${text}`);
    tokens.push(match[1] ?? match[2] ?? match[3]!);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** Parses an expression (precedence: OR < AND < comparison < + - < * / < unary). */
export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const take = (expected?: string): string => {
    const token = tokens[i++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new UnsupportedExpression(`expected ${expected ?? "more"} in ${text}`);
    return token;
  };
  const binary =
    (next: () => Node, ops: readonly string[]): (() => Node) =>
    () => {
      let left = next();
      while (peek() !== undefined && ops.includes(peek()!.toUpperCase())) {
        const op = take().toUpperCase();
        left = { type: "binary", op, left, right: next() };
      }
      return left;
    };
  const primary = (): Node => {
    const token = take();
    if (token === "(") {
      const inner = or();
      take(")");
      return inner;
    }
    if (token === "-") return { type: "unary", op: "-", arg: primary() };
    if (/^\d/.test(token)) return { type: "number", value: Number(token) };
    if (peek() === "(") {
      take("(");
      const args: Node[] = [];
      if (peek() !== ")") {
        args.push(or());
        while (peek() === ",") {
          take(",");
          args.push(or());
        }
      }
      take(")");
      return { type: "call", name: token.toUpperCase(), args };
    }
    return { type: "id", name: token };
  };
  const product = binary(primary, ["*", "/"]);
  const sum = binary(product, ["+", "-"]);
  const comparison = binary(sum, [">", "<", ">=", "<=", "==", "!="]);
  const and = binary(comparison, ["AND"]);
  const or = binary(and, ["OR"]);
  const tree = or();
  if (i !== tokens.length) throw new UnsupportedExpression(`unexpected "${tokens[i]}" in ${text}`);
  return tree;
}

/** Every id an expression reads. */
export function idsOf(text: string): string[] {
  const ids = new Set<string>();
  const walk = (node: Node): void => {
    if (node.type === "id") ids.add(node.name);
    else if (node.type === "call") node.args.forEach(walk);
    else if (node.type === "unary") walk(node.arg);
    else if (node.type === "binary") {
      walk(node.left);
      walk(node.right);
    }
  };
  walk(parseExpression(text));
  return [...ids];
}

const scalar = (value: number): Operand => ({ kind: "scalar", value });

function lengthOf(operands: readonly Operand[]): number {
  return Math.max(1, ...operands.map((o) => (o.kind === "series" ? o.values.length : 1)));
}

function at(operand: Operand, index: number): Value {
  return operand.kind === "scalar" ? operand.value : operand.values[index];
}

function periodOf(operands: readonly Operand[]): number {
  return operands.find((o): o is Extract<Operand, { kind: "series" }> => o.kind === "series")?.periodSeconds ?? 60;
}

function map(operands: readonly Operand[], fn: (values: Value[]) => Value): Operand {
  if (operands.every((o) => o.kind === "scalar")) {
    const value = fn(operands.map((o) => at(o, 0)));
    return value === undefined ? { kind: "series", values: [undefined], periodSeconds: 60 } : scalar(value);
  }
  const length = lengthOf(operands);
  return { kind: "series", values: Array.from({ length }, (_, index) => fn(operands.map((o) => at(o, index)))), periodSeconds: periodOf(operands) };
}

const finite = (value: number): Value => (Number.isFinite(value) ? value : undefined);

const BINARY: Readonly<Record<string, (a: number, b: number) => Value>> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
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

/** Evaluates `text` with `lookup` giving the operand of each id. */
export function evaluate(text: string, lookup: (id: string) => Operand): Operand {
  const walk = (node: Node): Operand => {
    switch (node.type) {
      case "number":
        return scalar(node.value);
      case "id":
        return lookup(node.name);
      case "unary":
        return map([walk(node.arg)], ([v]) => (v === undefined ? undefined : -v));
      case "binary": {
        const fn = BINARY[node.op]!;
        return map([walk(node.left), walk(node.right)], ([a, b]) => (a === undefined || b === undefined ? undefined : fn(a, b)));
      }
      case "call":
        return call(node.name, node.args.map(walk), text);
    }
  };
  return walk(parseExpression(text));
}

function call(name: string, args: Operand[], text: string): Operand {
  switch (name) {
    case "IF": {
      const [condition, then, otherwise] = args;
      if (!condition || !then) throw new UnsupportedExpression(`IF needs a condition and a value in ${text}`);
      return map(otherwise ? [condition, then, otherwise] : [condition, then], ([c, t, e]) => (c === undefined ? undefined : c !== 0 ? t : e));
    }
    case "FILL": {
      const [series, fill] = args;
      if (!series || !fill || fill.kind !== "scalar") throw new UnsupportedExpression(`FILL needs a series and a number in ${text}`);
      return map([series], ([v]) => v ?? fill.value);
    }
    case "PERIOD":
      return scalar(periodOf(args));
    case "ABS":
      return map(args.slice(0, 1), ([v]) => (v === undefined ? undefined : Math.abs(v)));
    case "DIFF": {
      const series = args[0];
      if (series?.kind !== "series") return { kind: "series", values: [undefined], periodSeconds: 60 };
      return {
        ...series,
        values: series.values.map((v, i) => (i === 0 || v === undefined || series.values[i - 1] === undefined ? undefined : v - series.values[i - 1]!)),
      };
    }
    case "RUNNING_SUM": {
      const series = args[0];
      if (series?.kind !== "series") return series ?? scalar(0);
      let total = 0;
      return { ...series, values: series.values.map((v) => (total += v ?? 0)) };
    }
    case "MIN":
    case "MAX":
      if (args.length > 1)
        return map(args, (values) => (values.some((v) => v === undefined) ? undefined : (name === "MIN" ? Math.min : Math.max)(...(values as number[]))));
      return args[0] ?? scalar(0);
    default:
      throw new UnsupportedExpression(`${name}() is not evaluated locally`);
  }
}
