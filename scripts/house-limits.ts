/**
 * The house limits on hand-written, non-test sources (docs/development.md#house-limits):
 * no file over 400 lines, no function, method, arrow function, accessor or constructor over 100 lines
 * except a literal data table named in DATA_TABLES, and no comment pointing at a repository path that
 * does not exist (scripts/comment-paths.ts). Tests, generated code and data files are left out of the
 * length limits; every source file, tests included, is held to the comment rule.
 *
 * Usage: npm run check:limits  (prints each offender as file:line, name and length; exits 1 when any)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { handWrittenSources } from "./cli/source-files";
import { checkCommentPaths } from "./comment-paths";

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 100;

/**
 * Functions allowed over MAX_FUNCTION_LINES because their body is a literal table (one `return` of an
 * array or object literal, or an arrow whose body is one): reading it row by row is the point. Keyed
 * `<file> <name>` as the check prints them, each with the one-line reason. The check refuses an entry
 * whose body is not a literal table.
 */
export const DATA_TABLES: Readonly<Record<string, string>> = {};

/** One source over a limit. */
export interface LimitOffence {
  readonly file: string;
  /** 1-based line where the file or function starts. */
  readonly line: number;
  /** The function's name (`Class.method`, `Class constructor`, the variable or property it is assigned to); absent for a whole file. */
  readonly name?: string;
  readonly lines: number;
}

export interface HouseLimitsReport {
  readonly filesChecked: number;
  readonly offences: readonly LimitOffence[];
  /** DATA_TABLES entries whose function is not a literal table: errors. */
  readonly notDataTables: readonly string[];
  /** DATA_TABLES entries that match no function over the limit: errors, so the list stays true. */
  readonly staleExemptions: readonly string[];
}

export interface Exemptions {
  readonly dataTables: Readonly<Record<string, string>>;
}

/** The key an offender is listed under in DATA_TABLES. */
export const offenceKey = (offence: Pick<LimitOffence, "file" | "name">): string => (offence.name ? `${offence.file} ${offence.name}` : offence.file);

/** `file:line name: N lines (limit L)`, as the check prints an offender. */
export const describeOffence = (offence: LimitOffence): string =>
  `${offence.file}:${offence.line}${offence.name ? ` ${offence.name}` : ""}: ${offence.lines} lines (limit ${offence.name ? MAX_FUNCTION_LINES : MAX_FILE_LINES})`;

/** Lines as `wc -l` and an editor count them: a final newline does not start another line. */
const lineCount = (text: string): number => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

type FunctionNode = ts.FunctionLikeDeclaration;

const isFunctionNode = (node: ts.Node): node is FunctionNode =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

/** How a reader finds the function: its own name, its class's, or what it is assigned or passed to. */
function functionName(node: FunctionNode, source: ts.SourceFile): string {
  const owner = ts.isClassLike(node.parent) ? (node.parent.name?.text ?? "(anonymous class)") : undefined;
  if (ts.isConstructorDeclaration(node)) return `${owner} constructor`;
  if (node.name) return owner ? `${owner}.${node.name.getText(source)}` : node.name.getText(source);
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) {
    return parent.name.getText(source);
  }
  if (ts.isCallExpression(parent)) return `callback of ${parent.expression.getText(source).replace(/\s+/g, "")}`;
  return "(anonymous function)";
}

/** An array or object literal, seen through parentheses, `as const` and `satisfies`. */
function isLiteralTable(expression: ts.Expression | undefined): boolean {
  let inner = expression;
  while (inner && (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner))) inner = inner.expression;
  return inner !== undefined && (ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner));
}

/** True when the function's whole body is one literal table. */
function bodyIsLiteralTable(node: FunctionNode): boolean {
  const body = node.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return isLiteralTable(body);
  const [only, ...rest] = body.statements;
  return rest.length === 0 && only !== undefined && ts.isReturnStatement(only) && isLiteralTable(only.expression);
}

interface MeasuredFunction {
  readonly offence: LimitOffence;
  readonly literalTable: boolean;
}

function longFunctions(file: string, text: string): MeasuredFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: MeasuredFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_FUNCTION_LINES) {
        const offence = { file, line: first + 1, name: functionName(node, source), lines };
        found.push({ offence, literalTable: bodyIsLiteralTable(node) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Checks every hand-written, non-test source under `root` against the length limits. */
export function checkHouseLimits(root: string, exemptions: Exemptions = { dataTables: DATA_TABLES }): HouseLimitsReport {
  const files = handWrittenSources(root, { tests: false });
  const offences: LimitOffence[] = [];
  const notDataTables: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const lines = lineCount(text);
    const measured: MeasuredFunction[] = lines > MAX_FILE_LINES ? [{ offence: { file, line: 1, lines }, literalTable: false }] : [];
    measured.push(...longFunctions(file, text));
    for (const { offence, literalTable } of measured) {
      const key = offenceKey(offence);
      if (exemptions.dataTables[key] !== undefined) {
        used.add(key);
        if (!literalTable) notDataTables.push(`${describeOffence(offence)}: listed in DATA_TABLES but its body is not one literal table`);
      } else {
        offences.push(offence);
      }
    }
  }
  const staleExemptions = Object.keys(exemptions.dataTables).filter((key) => !used.has(key));
  return { filesChecked: files.length, offences, notDataTables, staleExemptions };
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const limits = checkHouseLimits(root);
  const comments = checkCommentPaths(root);
  for (const offence of limits.offences) console.error(`over the limit: ${describeOffence(offence)}`);
  for (const entry of limits.notDataTables) console.error(`not a data table: ${entry}`);
  for (const pointer of comments.brokenPointers) console.error(`comment points at nothing: ${pointer}`);
  for (const key of limits.staleExemptions) console.error(`listed in DATA_TABLES but not over a limit: ${key}`);
  const failures = limits.offences.length + limits.notDataTables.length + limits.staleExemptions.length + comments.brokenPointers.length;
  console.log(
    `${limits.filesChecked} sources measured, ${limits.offences.length} over a limit; ` +
      `${comments.filesChecked} sources' comments read, ${comments.brokenPointers.length} pointing at nothing`,
  );
  process.exitCode = failures > 0 ? 1 : 0;
}
