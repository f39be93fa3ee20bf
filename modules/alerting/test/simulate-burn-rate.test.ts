import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { articleEnvironment, articlePlan } from "../../../scripts/article-environment";
import {
  FAILING_REQUEST_TYPE,
  replayLines,
  replaySlo,
  runAllReplays,
  SCENARIOS,
  scenarioModel,
  type ReplayRun,
  type SignalOutcome,
} from "../../../scripts/simulate-burn-rate";
import { sloWindows } from "../slo/burn-rate";
import { deriveBurnRateWindows, SRE_WORKBOOK_POLICY } from "../slo/burn-rate";
import { replayBurnRateAlarms, type MinuteSample } from "../../../testing/cloudwatch/burn-rate-replay";
import type { Slo } from "../slo/slo";

const REPLAY_DOC = join(__dirname, "..", "..", "..", "docs", "reference", "replay-table.md");
const FAILING_SLO = `slo-quality-${FAILING_REQUEST_TYPE.replace(/_/g, "-")}`;

let runs: ReplayRun[];
beforeAll(() => {
  runs = runAllReplays();
}, 120_000);

const run = (scenario: string, volume: number) => runs.find((r) => r.scenario.name === scenario && r.volume === volume)!;
const signal = (r: ReplayRun, name: string): SignalOutcome => {
  const found = r.outcomes.find((o) => o.signal === name);
  if (!found) throw new Error(`no signal ${name} in ${r.scenario.name}`);
  return found;
};
const fired = (o: SignalOutcome) => o.pageAfter !== undefined || o.ticketAfter !== undefined;
const volumes = [1, 10] as const;

describe("the replay table", () => {
  it("is in docs/reference/replay-table.md exactly as npm run simulate:slo prints it", () => {
    const readme = readFileSync(REPLAY_DOC, "utf8");
    const between = /<!-- replay-table:start -->\n```\n([\s\S]*?)```\n<!-- replay-table:end -->/.exec(readme);
    expect(between).not.toBeNull();
    expect(between![1]).toBe(`${replayLines(runs).join("\n")}\n`);
  });

  it("prints one line per scenario, volume and signal in the documented form", () => {
    const lines = replayLines(runs);
    const plan = articlePlan();
    const signals = plan.slos.length + new Set(plan.directAlarms.map((a) => a.kind)).size;
    expect(lines).toHaveLength(SCENARIOS.length * 2 * signals);
    for (const line of lines) {
      expect(line).toMatch(
        /^replay scenario=[a-z0-9-]+ volume=(1x|10x) signal=[a-z0-9-]+ page_after_min=(\d+|never) ticket_after_min=(\d+|never) resolves_after_min=(-?\d+|never|n\/a)$/,
      );
    }
    expect(SCENARIOS.map((s) => s.name)).toEqual([
      "total-quality-failure",
      "quality-degradation-20",
      "ttft-regression",
      "availability-5pct",
      "blip-50pct-10min",
      "traffic-stop-8h",
      "injection-burst",
    ]);
  });

  it("keeps every signal quiet through the three healthy days before each incident", () => {
    for (const r of runs) for (const o of r.outcomes) expect(o.alarmMinutesBefore, `${r.scenario.name} ${r.volume}x ${o.signal}`).toBe(0);
  });
});

describe("outcomes at 1x and 10x the source article's traffic", () => {
  it.each(volumes)("total-quality-failure at %sx: the failing request type pages within 60 minutes, nothing else pages", (volume) => {
    const r = run("total-quality-failure", volume);
    expect(signal(r, FAILING_SLO).pageAfter).toBeLessThanOrEqual(60);
    for (const o of r.outcomes.filter((o) => o.signal !== FAILING_SLO)) expect(fired(o), o.signal).toBe(false);
  });

  it.each(volumes)("blip-50pct-10min at %sx pages nobody (and tickets nobody)", (volume) => {
    for (const o of run("blip-50pct-10min", volume).outcomes) expect(fired(o), o.signal).toBe(false);
  });

  it.each(volumes)("traffic-stop-8h at %sx: every signal that fired returns to OK within its long window after traffic stops", (volume) => {
    const r = run("traffic-stop-8h", volume);
    const plan = articlePlan(articleEnvironment(volume));
    const firing = r.outcomes.filter(fired);
    expect(firing.map((o) => o.signal)).toEqual(expect.arrayContaining(["slo-availability", FAILING_SLO]));
    for (const o of firing) {
      const slo = plan.slos.find((s) => `slo-${s.name}` === o.signal);
      // An SLO's long window: its longest page pair's; a direct alarm's: its evaluation range.
      const longWindow = slo
        ? Math.max(
            ...sloWindows(slo)
              .filter((w) => w.severity === "page")
              .map((w) => w.longWindowSeconds / 60),
          )
        : Math.max(
            ...plan.directAlarms
              .filter((a) => a.kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) === o.signal)
              .map((a) => (((a.config.period as number | undefined) ?? 300) * (a.config.evaluationPeriods as number)) / 60),
          );
      expect(typeof o.resolvesAfter, o.signal).toBe("number");
      expect(o.resolvesAfter as number, o.signal).toBeLessThanOrEqual(longWindow);
    }
  });

  it.each(volumes)(
    "injection-burst at %sx: the largest-prompt alarm sees attacks at half a percent of the traffic, and the quality SLOs do not burn",
    (volume) => {
      const r = run("injection-burst", volume);
      // At 1x one attack arrives every 29 minutes: the first raises the ticket.
      expect(signal(r, "prompt-tokens-anomaly").ticketAfter).toBeLessThanOrEqual(30);
      for (const o of r.outcomes.filter((o) => o.signal.startsWith("slo-"))) expect(fired(o), o.signal).toBe(false);
    },
  );

  it.each(volumes)("availability-5pct at %sx: API Gateway 5XX and 429s page, Lambda throttles and errors ticket, quality is untouched", (volume) => {
    const r = run("availability-5pct", volume);
    expect(signal(r, "slo-availability").pageAfter).toBeLessThanOrEqual(360);
    expect(signal(r, "lambda-throttles").ticketAfter).toBeDefined();
    expect(signal(r, "lambda-errors").ticketAfter).toBeDefined();
    // Failed requests are skipped by the evaluator, never judged: the outage burns no quality budget.
    for (const o of r.outcomes.filter((o) => o.signal.startsWith("slo-quality"))) expect(fired(o), o.signal).toBe(false);
  });

  it.each(volumes)("ttft-regression at %sx: the TTFT P95 ticket within 15 minutes, the TTFT SLO pages", (volume) => {
    const r = run("ttft-regression", volume);
    expect(signal(r, "ttft-p95").ticketAfter).toBeLessThanOrEqual(15);
    expect(signal(r, "slo-ttft").pageAfter).toBeDefined();
  });

  it.each(volumes)("quality-degradation-20 at %sx: a ticket for every request type within a day, no page", (volume) => {
    const r = run("quality-degradation-20", volume);
    for (const o of r.outcomes.filter((o) => o.signal.startsWith("slo-quality"))) {
      expect(o.pageAfter, o.signal).toBeUndefined();
      expect(o.ticketAfter, o.signal).toBeLessThanOrEqual(1_440);
    }
  });
});

describe("what the replay shows the sizing fixed (the checks can fail)", () => {
  const model = () => scenarioModel(SCENARIOS.find((s) => s.name === "total-quality-failure")!, 1);
  const sized = (): Slo => articlePlan().slos.find((s) => `slo-${s.name}` === FAILING_SLO)!;

  it("the landed quality SLO (workbook windows, 10 evaluations, ignore) pages only after an hour at the source article's traffic", () => {
    const scenario = SCENARIOS.find((s) => s.name === "total-quality-failure")!;
    const landed: Slo = { ...sized(), policy: undefined, minEventsPerWindow: 10, treatMissingData: "ignore", dataDelaySeconds: 300 };
    const before = replaySlo(landed, model(), scenario);
    expect(before.pageAfter === undefined || before.pageAfter > 60).toBe(true);
    expect(replaySlo(sized(), model(), scenario).pageAfter).toBeLessThanOrEqual(60);
  });

  it("with missing data ignored, a page holds once traffic stops; treated as not breaching, it clears", () => {
    const scenario = SCENARIOS.find((s) => s.name === "traffic-stop-8h")!;
    const stopped = scenarioModel(scenario, 1);
    const ignoring = replaySlo({ ...sized(), treatMissingData: "ignore" }, stopped, scenario);
    expect(ignoring.pageAfter).toBeDefined();
    // Still in ALARM at the end of the 8 hours without traffic: it only clears when traffic resumes.
    expect(ignoring.resolvesAfter === "never" || (ignoring.resolvesAfter as number) >= 480).toBe(true);
    expect(replaySlo(sized(), stopped, scenario).resolvesAfter).toBeLessThanOrEqual(60);
  });
});

describe("burn-rate replay mechanics", () => {
  const windows = deriveBurnRateWindows(0.995, 30 * 86_400);
  const steady = (minutes: number, errorRatio: number): MinuteSample[] =>
    Array.from({ length: minutes }, () => ({ good: 1000 - 1000 * errorRatio, total: 1000 }));

  it("pages on a fast burn after the hand-computed 43 minutes and opens no ticket", () => {
    // Burn rate 20 over a 0.1 % baseline: (14.4 x 60 - 0.2 x 60) / (20 - 0.2) = 43 minutes.
    const series = [...steady(5_000, 0.001), ...steady(60, 0.1), ...steady(600, 0.001)];
    const result = replayBurnRateAlarms(series, { objective: 0.995, windows });
    expect(result.page.notifiedMinutes[0]! - 5_000).toBe(43);
    expect(result.ticket.notifiedMinutes).toEqual([]);
  });

  it("sees late data late, and a short window under the delay never sees any", () => {
    const series = [...steady(5_000, 0.001), ...steady(120, 0.1)];
    const longShort = deriveBurnRateWindows(0.995, 30 * 86_400, {
      policy: SRE_WORKBOOK_POLICY.map((e) => ({ ...e, shortWindowSeconds: Math.max(900, e.longWindowSeconds / 12) })),
    });
    const onTime = replayBurnRateAlarms(series, { objective: 0.995, windows: longShort }).page.notifiedMinutes[0]!;
    const late = replayBurnRateAlarms(series, { objective: 0.995, windows: longShort, dataDelayMinutes: 7 }).page.notifiedMinutes[0]!;
    expect(late).toBeGreaterThan(onTime);
    expect(late - onTime).toBeLessThanOrEqual(7);
    // The workbook's 5-minute short window holds nothing 7 minutes late: the 1 h pair cannot page.
    const workbook = replayBurnRateAlarms(series, { objective: 0.995, windows, dataDelayMinutes: 7 }).page.notifiedMinutes[0]!;
    expect(workbook - 5_000).toBeGreaterThan(60);
  });
});
