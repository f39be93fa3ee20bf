/**
 * One command-line style: every command a user runs parses with node:util's parseArgs, answers
 * --help (exit 0), and rejects unknown flags and bad values with exit code 2.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../testing/fixtures/run-script";
import { DEMO_COMMAND } from "../demo/main";
import { ADR_TABLES_COMMAND } from "../scripts/adr-tables";
import { BENCH_EVALUATOR_COMMAND } from "../scripts/bench-evaluator";
import { BENCH_GATEWAY_COMMAND } from "../scripts/bench-gateway";
import { BENCH_SYNTH_COMMAND } from "../scripts/bench-synth";
import { type CommandSpec, helpText, parseCommandLine, UsageError } from "../scripts/cli/command-line";
import { COST_COMMAND } from "../scripts/cost";
import { DASHBOARDS_COMMAND } from "../scripts/dashboards";
import { DLQ_REPLAY_COMMAND } from "../scripts/dlq-replay";
import { DOCS_FIGURES_COMMAND } from "../scripts/docs-figures";
import { ENVIRONMENT_REFERENCE_COMMAND } from "../scripts/environment-reference";
import { GET_GRAFANA_COMMAND } from "../scripts/get-grafana";
import { CALIBRATE_COMMAND } from "../scripts/judge-calibrate";
import { IMPORT_REVIEWS_COMMAND } from "../scripts/judge-import-reviews";
import { REVIEW_SAMPLE_COMMAND } from "../scripts/judge-review-sample";
import { PII_BUILD_LEXICON_COMMAND } from "../scripts/pii-build-lexicon";
import { PII_EVAL_COMMAND } from "../scripts/pii-eval";
import { PII_GUARD_EVAL_COMMAND } from "../scripts/pii-guard-eval";
import { PLAN_OFFLINE_COMMAND } from "../scripts/plan-offline";
import { PREFLIGHT_COMMAND } from "../scripts/preflight";
import { RENDER_LAYOUT_COMMAND } from "../scripts/render-dashboard-layout";
import { SIMULATE_SLO_COMMAND } from "../scripts/simulate-slo";
import { SLO_TABLE_COMMAND } from "../scripts/slo-table";
import { JUDGE_REPLAY_COMMAND } from "../scripts/judge-error-replay";

const ROOT = path.resolve(__dirname, "..");

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  "docs:adr": ADR_TABLES_COMMAND,
  "bench:evaluator": BENCH_EVALUATOR_COMMAND,
  "bench:gateway": BENCH_GATEWAY_COMMAND,
  "bench:synth": BENCH_SYNTH_COMMAND,
  cost: COST_COMMAND,
  dashboards: DASHBOARDS_COMMAND,
  demo: DEMO_COMMAND,
  "dlq:replay": DLQ_REPLAY_COMMAND,
  "docs:environment": ENVIRONMENT_REFERENCE_COMMAND,
  "docs:figures": DOCS_FIGURES_COMMAND,
  "get:grafana": GET_GRAFANA_COMMAND,
  "judge:calibrate": CALIBRATE_COMMAND,
  "judge:import-reviews": IMPORT_REVIEWS_COMMAND,
  "pii:build-lexicon": PII_BUILD_LEXICON_COMMAND,
  "pii:eval": PII_EVAL_COMMAND,
  "judge:review-sample": REVIEW_SAMPLE_COMMAND,
  "pii:guard-eval": PII_GUARD_EVAL_COMMAND,
  "plan:offline": PLAN_OFFLINE_COMMAND,
  preflight: PREFLIGHT_COMMAND,
  "docs:dashboard-layout": RENDER_LAYOUT_COMMAND,
  "docs:slo": SLO_TABLE_COMMAND,
  "simulate:slo": SIMULATE_SLO_COMMAND,
  "simulate:judge-error": JUDGE_REPLAY_COMMAND,
};

const run = (script: string, ...args: string[]) => runScript(script, args);

describe("every command", () => {
  it.each(Object.entries(COMMANDS))("npm run %s answers --help with its usage and every option", (script, spec) => {
    expect(parseCommandLine(spec, ["--help"])).toBe("help");
    const help = helpText(spec);
    expect(help).toMatch(new RegExp(`^usage: npm run ${script.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} --`));
    for (const option of Object.keys(spec.options)) expect(help).toContain(`--${option}`);
    expect(help).not.toMatch(/\.ts\b/); // no pointer at a source file the package does not ship
  });

  it.each(Object.entries(COMMANDS))("npm run %s rejects an unknown flag as a usage error naming it", (_script, spec) => {
    expect(() => parseCommandLine(spec, ["--no-such-flag"])).toThrow(UsageError);
    expect(() => parseCommandLine(spec, ["--no-such-flag"])).toThrow("'--no-such-flag'");
  });

  it("is every npm script that runs a command-line file of scripts/ or demo/", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    // Build steps, the test gate and the synth app take no arguments from a user.
    const notCommands = new Set(["build", "synth", "test", "test:watch", "typecheck", "lint", "format", "docs", "prepack", "check:layering", "check:limits"]);
    // docs:demo-report runs demo/main.ts (the demo command) with --screenshot.
    const sameCommand = new Set(["docs:demo-report"]);
    const commands = Object.keys(scripts).filter((name) => !notCommands.has(name) && !sameCommand.has(name));
    expect(commands.sort()).toEqual(Object.keys(COMMANDS).sort());
  });
});

describe("as a process", () => {
  it("prints the help on stdout and exits 0 (preflight does not take --help for an environment name)", () => {
    const result = run("scripts/preflight.ts", "--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("usage: npm run preflight -- <business-line>/<stage> [options]");
    expect(result.stderr).toBe("");
  });

  it("exits 2 on an unknown flag and on a bad value, naming the flag on stderr", () => {
    const unknown = run("scripts/cost.ts", "--per-day", "5");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("npm run cost --: Unknown option '--per-day'");
    expect(unknown.stderr).toContain("run with --help for usage");
    const bad = run("scripts/judge-import-reviews.ts");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("expected <file>");
  });

  it("exits 2 for an environment that does not exist, listing the known ones", () => {
    const result = run("scripts/preflight.ts", "retail-banking/nope");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown environment "retail-banking/nope"; known: ');
    expect(result.stderr).toContain("retail-banking/prod");
  });
});
