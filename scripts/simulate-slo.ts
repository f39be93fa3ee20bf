/**
 * `npm run simulate:slo -- [<business-line>/<stage>] [--all]`: replays every SLO and direct alarm
 * `Alerting` deploys through the scenarios of scripts/simulate-burn-rate.ts. Without an environment
 * it prints the replay table of docs/reference/replay-table.md (the source article environment at
 * 1x and 10x). With one it replays that environment file at its own declared traffic and prints,
 * per scenario, only what pages or tickets and when; `--all` prints every signal's line instead.
 */
import * as path from "node:path";
import { listEnvironmentFiles, loadEnvironments } from "../config/discover";
import { EnvironmentConfigError } from "../config/errors";
import type { ResolvedEnvironment } from "../config/resolved";
import { type CommandSpec, runAsMain, UsageError } from "./cli/command-line";
import { projectRoot } from "./cli/project-root";
import { loadTypeScriptFiles } from "./cli/typescript-files";
import { environmentTarget, type ReplayRun, replayLines, runAllReplays, runReplay, SCENARIOS, type SignalOutcome } from "./simulate-burn-rate";

const ROOT = projectRoot();

export const SIMULATE_SLO_COMMAND = {
  name: "npm run simulate:slo --",
  summary: "replays every SLO and direct alarm an environment deploys through seven incidents and prints what pages and what tickets, and when",
  positionals: { usage: "[<business-line>/<stage>]", max: 1 },
  options: {
    all: { type: "boolean", help: "print one machine-readable line per scenario and signal, the quiet ones included" },
  },
  notes: [
    "without an environment: the replay table of the source article's environment at 1x and 10x its 10,000 requests a day, one line per scenario, volume and signal (what docs/reference/replay-table.md holds)",
    "with an environment: its own alerting.expectedRequestsPerDay, request-type shares and sample rate; a compact table per scenario unless --all",
    "exit codes: 0 printed, 1 the environment file is invalid, 2 usage error (unknown environment included)",
  ],
} as const satisfies CommandSpec;

/** `retail-banking/prod` or `retail-banking-prod` -> that environment file, resolved. */
export function loadNamedEnvironment(wanted: string, root: string = ROOT): ResolvedEnvironment {
  const environmentsDir = path.join(root, "environments");
  loadTypeScriptFiles(root);
  const known = listEnvironmentFiles(environmentsDir, root).map((f) => `${f.businessLine}/${f.stage}`);
  const key = known.includes(wanted) ? wanted : known.find((k) => k.replace("/", "-") === wanted);
  if (!key) throw new UsageError(`unknown environment "${wanted}"; known: ${known.join(", ")}`);
  return loadEnvironments(environmentsDir, root, [key])[0]!;
}

/** Every scenario against the environment, at its own traffic. */
export function replayEnvironment(environment: ResolvedEnvironment): ReplayRun[] {
  const target = environmentTarget(environment);
  return SCENARIOS.map((scenario) => runReplay(scenario, 1, target));
}

const fired = (o: SignalOutcome) => o.pageAfter !== undefined || o.ticketAfter !== undefined;
const minute = (value: number | undefined) => (value === undefined ? "-" : `${value} min`);
const resolves = (value: SignalOutcome["resolvesAfter"]) => (value === "never" ? "still firing" : value === "n/a" ? "-" : `${value} min`);

/** Per scenario, the signals that page or ticket and when; one line for a scenario where nothing does. */
export function compactTable(environment: ResolvedEnvironment, runs: readonly ReplayRun[]): string[] {
  const header = [
    `${environment.id}: ${environment.alerting.expectedRequestsPerDay.toLocaleString("en-US")} requests/day (alerting.expectedRequestsPerDay), judge sample rate ${environment.evaluation.sampleRate}`,
    "minutes from the incident's start to the first page / ticket; resolves: minutes from its end to the last return to OK (negative: before the end)",
  ];
  const out = [...header];
  for (const run of runs) {
    const firing = run.outcomes.filter(fired);
    if (firing.length === 0) {
      out.push("", `${run.scenario.name}: nothing pages or tickets (${run.scenario.story})`);
      continue;
    }
    const width = Math.max(6, ...firing.map((o) => o.signal.length));
    out.push("", `${run.scenario.name}: ${run.scenario.story}`, `  ${"signal".padEnd(width)}  ${"page".padEnd(8)}  ${"ticket".padEnd(8)}  resolves`);
    for (const o of firing) {
      out.push(`  ${o.signal.padEnd(width)}  ${minute(o.pageAfter).padEnd(8)}  ${minute(o.ticketAfter).padEnd(8)}  ${resolves(o.resolvesAfter)}`);
    }
  }
  return out;
}

/** What the command prints for its arguments. */
export function simulateSlo(positionals: readonly string[], all: boolean, root: string = ROOT): string {
  if (positionals.length === 0) return `${replayLines(runAllReplays()).join("\n")}\n`;
  const environment = loadNamedEnvironment(positionals[0]!, root);
  return formatReplay(environment, replayEnvironment(environment), all);
}

/** An environment's replay as printed: the compact table, or with `all` every signal's line. */
export function formatReplay(environment: ResolvedEnvironment, runs: readonly ReplayRun[], all: boolean): string {
  return `${(all ? replayLines(runs) : compactTable(environment, runs)).join("\n")}\n`;
}

if (require.main === module) {
  runAsMain(SIMULATE_SLO_COMMAND, ({ positionals, values }) => {
    try {
      process.stdout.write(simulateSlo(positionals, values.all === true));
      return 0;
    } catch (error) {
      if (!(error instanceof EnvironmentConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
  });
}
