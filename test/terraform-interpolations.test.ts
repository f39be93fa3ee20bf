/**
 * Terraform reads every string of a stack's JSON as a template. The AWS stacks are planned offline
 * (test/offline-plan.test.ts), which parses every template; the Grafana and operations stacks cannot
 * be (no provider binary here), so this test reads the interpolations of every stack itself: each
 * `${…}` must be a reference to something the stack declares or a call of a Terraform function. A
 * dashboard's own `${environment}` written unescaped, for example, fails here.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
/** Named values Terraform itself provides. */
const BUILT_IN_ROOTS = new Set(["terraform", "path", "module", "each", "count", "self"]);
/** Terraform's built-in functions are lower-case snake_case (provider functions have `::`). */
const FUNCTION_CALL = /^(?:provider::[a-z0-9_]+::)?[a-z][a-z0-9_]*\(/;

interface Interpolation {
  readonly where: string;
  readonly expression: string;
}

/** Every `${…}` Terraform would evaluate in the strings of a value (`$${` is an escape, not one). */
function interpolations(value: unknown, where: string, found: Interpolation[]): Interpolation[] {
  if (typeof value === "string") {
    for (const match of value.matchAll(/(?<!\$)\$\{/g)) {
      let depth = 1;
      let end = match.index + 2;
      for (; end < value.length && depth > 0; end += 1) depth += value[end] === "{" ? 1 : value[end] === "}" ? -1 : 0;
      found.push({ where, expression: value.slice(match.index + 2, end - 1).trim() });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => interpolations(v, `${where}[${i}]`, found));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) interpolations(v, `${where}.${k}`, found);
  }
  return found;
}

/** Whether an expression starts with a reference to something the stack declares (or Terraform provides). */
function isDeclaredReference(stack: Record<string, any>, expression: string): boolean {
  const [root, first, second] = expression.split(/[.[]/);
  if (root === undefined || first === undefined) return false;
  if (BUILT_IN_ROOTS.has(root)) return true;
  if (root === "var") return first in (stack.variable ?? {});
  if (root === "local") return first in (stack.locals ?? {});
  if (root === "data") return second !== undefined && second in (stack.data?.[first] ?? {});
  return first in (stack.resource?.[root] ?? {});
}

/** The interpolations of a stack that are neither a reference to what it declares nor a function call. */
function unknownInterpolations(stack: Record<string, any>): Interpolation[] {
  return interpolations(stack, "", []).filter(({ expression }) => !isDeclaredReference(stack, expression) && !FUNCTION_CALL.test(expression));
}

describe("interpolations in the synthesized stacks", { timeout: 120_000 }, () => {
  const stacks: Record<string, Record<string, any>> = {};

  beforeAll(() => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "interpolations-"));
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], { cwd: ROOT, stdio: "pipe", env: { ...process.env, CDKTF_OUTDIR: outdir } });
    const dir = path.join(outdir, "stacks");
    for (const id of fs.readdirSync(dir)) stacks[id] = JSON.parse(fs.readFileSync(path.join(dir, id, "cdk.tf.json"), "utf8"));
  }, 120_000);

  it("are references to what the stack declares or Terraform function calls, in every stack", () => {
    const ids = Object.keys(stacks);
    // Cross-stack stacks: the PagerDuty operations stack and the Grafana stack of each environment with a Grafana (grafana.mode).
    expect(ids.filter((id) => id.endsWith("-operations")).length).toBeGreaterThan(0);
    expect(ids.filter((id) => id.endsWith("-grafana")).length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(interpolations(stacks[id], "", []).length, id).toBeGreaterThan(0);
      expect(unknownInterpolations(stacks[id]!), id).toEqual([]);
    }
  });

  it("catch a Grafana variable, a CloudWatch dynamic label and a Logs Insights variable written unescaped", () => {
    const stack = {
      resource: {
        grafana_dashboard: { d: { config_json: '{"regex":"/^${environment}-.*/","label":"${PROP(\'Dim.InstanceId\')}","q":"/^${use_case:regex}$/"}' } },
      },
      variable: { x: {} },
    };
    expect(unknownInterpolations(stack).map((i) => i.expression)).toEqual(["environment", "PROP('Dim.InstanceId')", "use_case:regex"]);
    // Escaped as the stacks write them, and next to real references, nothing is reported.
    const escaped = {
      resource: {
        grafana_folder: { f: {} },
        grafana_dashboard: { d: { config_json: '{"regex":"/^$${environment}-.*/"}', folder: "${grafana_folder.f.uid}" } },
      },
      variable: { auth: {} },
      provider: { grafana: [{ auth: "${var.auth}" }] },
    };
    expect(unknownInterpolations(escaped)).toEqual([]);
    // A reference to something the stack does not declare is reported too.
    expect(
      unknownInterpolations({ ...escaped, provider: { grafana: [{ auth: "${var.token}", url: "${grafana_folder.g.url}" }] } }).map((i) => i.expression),
    ).toEqual(["var.token", "grafana_folder.g.url"]);
  });
});
