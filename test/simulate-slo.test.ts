/**
 * `npm run simulate:slo -- <business-line>/<stage>`: a repository environment file replayed at its
 * own traffic, printed as the compact table (what pages, what tickets, when) or, with --all, as
 * every signal's line. One environment, one replay: it takes seconds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../config/resolved";
import { UsageError } from "../scripts/cli/command-line";
import { environmentPlan } from "../scripts/environment-plan";
import { FAILING_REQUEST_TYPE, type ReplayRun, SCENARIOS } from "../scripts/simulate-burn-rate";
import { formatReplay, loadNamedEnvironment, replayEnvironment } from "../scripts/simulate-slo";

let environment: ResolvedEnvironment;
let runs: ReplayRun[];
beforeAll(() => {
  environment = loadNamedEnvironment("retail-banking/prod");
  runs = replayEnvironment(environment);
}, 120_000);

/** The compact table's section of one scenario: its title line to the next blank line. */
function section(table: string, scenario: string): string[] {
  const lines = table.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${scenario}:`));
  expect(start, `no section for ${scenario}`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf("", start);
  return lines.slice(start, end === -1 ? undefined : end);
}

describe("simulate:slo -- retail-banking/prod", () => {
  it("replays the environment file's own traffic", () => {
    const table = formatReplay(environment, runs, false);
    expect(environment.id).toBe("retail-banking-prod");
    expect(table.split("\n")[0]).toContain(`retail-banking-prod: ${environment.alerting.expectedRequestsPerDay.toLocaleString("en-US")} requests/day`);
  });

  it("prints, for total-quality-failure, the failing request type's quality SLO paging, and no never/never line", () => {
    const table = formatReplay(environment, runs, false);
    const failing = section(table, "total-quality-failure");
    const row = failing.find((line) => line.trim().startsWith(`slo-quality-${FAILING_REQUEST_TYPE.replace(/_/g, "-")} `));
    expect(row, failing.join("\n")).toBeDefined();
    expect(row).toMatch(/^\s+slo-quality-balance-inquiry\s+\d+ min\s/);
    expect(table).not.toMatch(/never/);
    expect(table).not.toMatch(/n\/a/);
    // One section per scenario, and a 10-minute blip at 50 % pages and tickets nobody.
    for (const scenario of SCENARIOS) section(table, scenario.name);
    expect(section(table, "blip-50pct-10min")[0]).toMatch(/^blip-50pct-10min: nothing pages or tickets/);
  });

  it("prints with --all one machine-readable line per scenario and signal, the quiet ones included", () => {
    const lines = formatReplay(environment, runs, true).trimEnd().split("\n");
    const plan = environmentPlan(environment);
    const signals = plan.slos.length + new Set(plan.directAlarms.map((a) => a.kind)).size;
    expect(lines).toHaveLength(SCENARIOS.length * signals);
    for (const line of lines) {
      expect(line).toMatch(
        /^replay scenario=[a-z0-9-]+ volume=1x signal=[a-z0-9-]+ page_after_min=(\d+|never) ticket_after_min=(\d+|never) resolves_after_min=(-?\d+|never|n\/a)$/,
      );
    }
    expect(lines).toContain(
      "replay scenario=blip-50pct-10min volume=1x signal=slo-quality-balance-inquiry page_after_min=never ticket_after_min=never resolves_after_min=n/a",
    );
  });

  it("rejects an environment that does not exist as a usage error listing the known ones", () => {
    expect(() => loadNamedEnvironment("retail-banking/nope")).toThrow(UsageError);
    expect(() => loadNamedEnvironment("retail-banking/nope")).toThrow(/known: .*retail-banking\/prod/);
  });
});
