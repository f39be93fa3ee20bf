/**
 * Reads CloudWatch metric math into a tree: numbers, query ids, `+ - * /`, `^` (exponent, binding
 * tighter than `*` and right-associative), unary minus,
 * comparisons (`> < >= <= == !=`), `AND` / `OR`, function calls and `[a, b, ...]` lists (the
 * arguments of `MIN` and `MAX`). Precedence, loosest first: OR, AND, comparison, `+ -`, `* /`,
 * unary minus. Each function's arguments are checked as it is read, so an expression this engine
 * cannot evaluate fails here, whatever its data. What it cannot read throws `UnsupportedExpression`
 * naming the expression.
 */

/** An expression, or a part of one, that this engine does not read or evaluate. */
export class UnsupportedExpression extends Error {
  public override readonly name = "UnsupportedExpression";
}

export type MathNode =
  | { readonly type: "number"; readonly value: number }
  | { readonly type: "id"; readonly name: string }
  | { readonly type: "list"; readonly members: readonly MathNode[] }
  | { readonly type: "call"; readonly name: string; readonly args: readonly MathNode[] }
  | { readonly type: "unary"; readonly op: "-"; readonly arg: MathNode }
  | { readonly type: "binary"; readonly op: string; readonly left: MathNode; readonly right: MathNode };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|[-+*/^(),<>[\]]))/y;

/** The failure of one expression: `metric math "<expression>": <why>`. */
export function unsupported(expression: string, why: string): UnsupportedExpression {
  return new UnsupportedExpression(`metric math "${expression}": ${why}`);
}

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const text = expression.trimEnd();
  let at = 0;
  while (at < text.length) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) throw unsupported(expression, `cannot read "${text.slice(at).trim()}"`);
    tokens.push(match[1] ?? match[2] ?? match[3]!);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** Parses an expression into its tree (recursive descent, one function per precedence level). */
function parse(expression: string): MathNode {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const take = (expected?: string): string => {
    const token = tokens[position++];
    if (token === undefined) throw unsupported(expression, expected ? `expected "${expected}" at the end` : "unexpected end");
    if (expected !== undefined && token !== expected) throw unsupported(expression, `expected "${expected}", got "${token}"`);
    return token;
  };
  const separated = (close: string): MathNode[] => {
    const members: MathNode[] = [];
    if (peek() !== close) {
      members.push(or());
      while (peek() === ",") {
        take(",");
        members.push(or());
      }
    }
    take(close);
    return members;
  };
  const primary = (): MathNode => {
    const token = take();
    if (token === "(") {
      const inner = or();
      take(")");
      return inner;
    }
    if (token === "[") return { type: "list", members: separated("]") };
    if (token === "-") return { type: "unary", op: "-", arg: primary() };
    if (/^\d/.test(token)) return { type: "number", value: Number(token) };
    if (!/^[A-Za-z_]/.test(token)) throw unsupported(expression, `unexpected "${token}"`);
    if (peek() !== "(") return { type: "id", name: token };
    take("(");
    return { type: "call", name: token.toUpperCase(), args: separated(")") };
  };
  const level =
    (next: () => MathNode, ops: readonly string[]): (() => MathNode) =>
    () => {
      let left = next();
      while (peek() !== undefined && ops.includes(peek()!.toUpperCase())) {
        const op = take().toUpperCase();
        left = { type: "binary", op, left, right: next() };
      }
      return left;
    };
  const power = (): MathNode => {
    const base = primary();
    if (peek() !== "^") return base;
    take("^");
    return { type: "binary", op: "^", left: base, right: power() };
  };
  const product = level(power, ["*", "/"]);
  const sum = level(product, ["+", "-"]);
  const comparison = level(sum, [">", "<", ">=", "<=", "==", "!="]);
  const and = level(comparison, ["AND"]);
  const or = level(and, ["OR"]);
  const tree = or();
  if (position !== tokens.length) throw unsupported(expression, `unexpected "${tokens[position]}"`);
  return tree;
}

/** The functions evaluated, with how many arguments each takes. */
const ARITY: Readonly<Record<string, readonly [min: number, max: number]>> = {
  IF: [2, 3],
  FILL: [2, 2],
  MIN: [1, 1],
  MAX: [1, 1],
  PERIOD: [1, 1],
  ABS: [1, 1],
  DIFF: [1, 1],
  RUNNING_SUM: [1, 1],
  ANOMALY_DETECTION_BAND: [2, 2],
};

/** Throws for a function this engine does not evaluate, a wrong argument count, or a list out of place. */
function check(node: MathNode, expression: string, listAllowed = false): void {
  switch (node.type) {
    case "list":
      if (!listAllowed) throw unsupported(expression, "a list [...] is read only as the argument of MIN or MAX");
      for (const member of node.members) check(member, expression);
      return;
    case "unary":
      check(node.arg, expression);
      return;
    case "binary":
      check(node.left, expression);
      check(node.right, expression);
      return;
    case "call": {
      const arity = ARITY[node.name];
      if (!arity) throw unsupported(expression, `function ${node.name} is not supported`);
      if (node.args.length < arity[0] || node.args.length > arity[1]) throw unsupported(expression, `${node.name} takes ${arity.join(" to ")} arguments`);
      if (node.name === "ANOMALY_DETECTION_BAND" && node.args[1]!.type !== "number") {
        throw unsupported(expression, "ANOMALY_DETECTION_BAND takes a number of standard deviations");
      }
      for (const arg of node.args) check(arg, expression, node.name === "MIN" || node.name === "MAX");
      return;
    }
    default:
      return;
  }
}

/** A parsed expression and the query ids it reads. */
export interface ParsedMetricMath {
  readonly tree: MathNode;
  readonly ids: readonly string[];
}

/** Every query id under `node`, in order of first appearance. */
export function idsUnder(node: MathNode, into: Set<string> = new Set()): Set<string> {
  if (node.type === "id") into.add(node.name);
  else if (node.type === "call") for (const arg of node.args) idsUnder(arg, into);
  else if (node.type === "list") for (const member of node.members) idsUnder(member, into);
  else if (node.type === "unary") idsUnder(node.arg, into);
  else if (node.type === "binary") {
    idsUnder(node.left, into);
    idsUnder(node.right, into);
  }
  return into;
}

const parsed = new Map<string, ParsedMetricMath>();

/** `expression` parsed and checked, once per distinct expression (the replay evaluates each one millions of times). */
export function parseMetricMath(expression: string): ParsedMetricMath {
  let known = parsed.get(expression);
  if (!known) {
    const tree = parse(expression);
    check(tree, expression);
    known = { tree, ids: [...idsUnder(tree)] };
    parsed.set(expression, known);
  }
  return known;
}

/** Every query id an expression reads. */
export function idsOf(expression: string): string[] {
  return [...parseMetricMath(expression).ids];
}
