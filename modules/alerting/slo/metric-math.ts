/**
 * Evaluates the subset of CloudWatch metric math the alarms use: numbers, query ids, `+ - * /`,
 * `^` (exponent, binding tighter than `*` and right-associative), parentheses, unary minus, `FILL(x, n)`, `IF(a <op> b, x[, y])` with `> < >= <= ==`, and
 * `MIN([...])` / `MAX([...])` over a list. A query with no datapoint in the window is `undefined`,
 * and, as in CloudWatch, so is any arithmetic on it unless `FILL` replaces it; an `IF` without an
 * else branch has no value when its condition is false; `MIN` and `MAX` take the members that have
 * a value (none: no value). The replay evaluates the deployed expressions with it instead of restating them.
 */

type Token =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "id"; readonly value: string }
  | { readonly kind: "op"; readonly value: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|[-+*/^(),<>[\]]))/y;
  const text = expression.trimEnd();
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) throw new Error(`metric math "${expression}": cannot read "${text.slice(at)}"`);
    at = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: "number", value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: "id", value: match[2] });
    else tokens.push({ kind: "op", value: match[3]! });
  }
  return tokens;
}

type Node =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "id"; readonly name: string }
  | { readonly kind: "negate"; readonly operand: Node }
  | { readonly kind: "binary"; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: "fill"; readonly value: Node; readonly fill: Node }
  | { readonly kind: "extreme"; readonly op: "MIN" | "MAX"; readonly members: readonly Node[] }
  | { readonly kind: "if"; readonly op: string; readonly left: Node; readonly right: Node; readonly then: Node; readonly otherwise?: Node };

/** Parses an expression once into a tree (recursive descent: sums of products of primaries). */
function parse(expression: string): Node {
  const tokens = tokenize(expression);
  let position = 0;
  const fail = (why: string): never => {
    throw new Error(`metric math "${expression}": ${why}`);
  };
  const isOp = (value: string) => tokens[position]?.kind === "op" && tokens[position]!.value === value;
  const expect = (value: string): void => {
    if (!isOp(value)) fail(`expected "${value}"`);
    position += 1;
  };
  const primary = (): Node => {
    const token = tokens[position++];
    if (token === undefined) return fail("unexpected end");
    if (token.kind === "number") return { kind: "number", value: token.value };
    if (token.kind === "op" && token.value === "(") {
      const inner = sum();
      expect(")");
      return inner;
    }
    if (token.kind === "op" && token.value === "-") return { kind: "negate", operand: primary() };
    if (token.kind === "id") {
      if (!isOp("(")) return { kind: "id", name: token.value };
      expect("(");
      if (token.value === "IF") {
        const left = sum();
        const op = tokens[position++];
        if (op?.kind !== "op" || ![">", "<", ">=", "<=", "=="].includes(op.value)) return fail("IF needs a comparison");
        const right = sum();
        expect(",");
        const then = sum();
        let otherwise: Node | undefined;
        if (isOp(",")) {
          expect(",");
          otherwise = sum();
        }
        expect(")");
        return { kind: "if", op: op.value, left, right, then, ...(otherwise ? { otherwise } : {}) };
      }
      if (token.value === "MIN" || token.value === "MAX") {
        expect("[");
        const members = [sum()];
        while (isOp(",")) {
          expect(",");
          members.push(sum());
        }
        expect("]");
        expect(")");
        return { kind: "extreme", op: token.value, members };
      }
      if (token.value !== "FILL") return fail(`function ${token.value} is not supported`);
      const value = sum();
      expect(",");
      const fill = sum();
      expect(")");
      return { kind: "fill", value, fill };
    }
    return fail(`unexpected "${String(token.value)}"`);
  };
  const power = (): Node => {
    const base = primary();
    if (!isOp("^")) return base;
    position += 1;
    return { kind: "binary", op: "^", left: base, right: power() };
  };
  const product = (): Node => {
    let node = power();
    while (isOp("*") || isOp("/")) {
      const op = tokens[position++]!.value as string;
      node = { kind: "binary", op, left: node, right: power() };
    }
    return node;
  };
  const sum = (): Node => {
    let node = product();
    while (isOp("+") || isOp("-")) {
      const op = tokens[position++]!.value as string;
      node = { kind: "binary", op, left: node, right: product() };
    }
    return node;
  };
  const root = sum();
  if (position !== tokens.length) fail(`unexpected "${String(tokens[position]!.value)}"`);
  return root;
}

function evaluate(node: Node, values: Readonly<Record<string, number | undefined>>, expression: string): number | undefined {
  switch (node.kind) {
    case "number":
      return node.value;
    case "id":
      if (!(node.name in values)) throw new Error(`metric math "${expression}": no query "${node.name}"`);
      return values[node.name];
    case "negate": {
      const value = evaluate(node.operand, values, expression);
      return value === undefined ? undefined : -value;
    }
    case "fill":
      return evaluate(node.value, values, expression) ?? evaluate(node.fill, values, expression);
    case "extreme": {
      const present = node.members.map((member) => evaluate(member, values, expression)).filter((v): v is number => v !== undefined);
      if (present.length === 0) return undefined;
      return node.op === "MIN" ? Math.min(...present) : Math.max(...present);
    }
    case "binary": {
      const a = evaluate(node.left, values, expression);
      const b = evaluate(node.right, values, expression);
      if (a === undefined || b === undefined) return undefined;
      if (node.op === "+") return a + b;
      if (node.op === "-") return a - b;
      if (node.op === "*") return a * b;
      if (node.op === "^") {
        const value = a ** b;
        return Number.isFinite(value) ? value : undefined;
      }
      return b === 0 ? undefined : a / b;
    }
    case "if": {
      const a = evaluate(node.left, values, expression);
      const b = evaluate(node.right, values, expression);
      if (a === undefined || b === undefined) return undefined;
      const holds = node.op === ">" ? a > b : node.op === "<" ? a < b : node.op === ">=" ? a >= b : node.op === "<=" ? a <= b : a === b;
      if (holds) return evaluate(node.then, values, expression);
      return node.otherwise ? evaluate(node.otherwise, values, expression) : undefined;
    }
  }
}

const parsed = new Map<string, Node>();

/** The value of `expression` with the given query values (`undefined`: no datapoint). */
export function evaluateMetricMath(expression: string, values: Readonly<Record<string, number | undefined>>): number | undefined {
  let tree = parsed.get(expression);
  if (!tree) {
    tree = parse(expression);
    parsed.set(expression, tree);
  }
  return evaluate(tree, values, expression);
}
