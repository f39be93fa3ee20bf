import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { judgeReplayLines, type JudgeReplayRun, RECALIBRATION_AFTER_MIN, runAllJudgeReplays } from "../../../scripts/judge-error-replay";

const DOC = path.resolve(__dirname, "../../../docs/quality-sli-correction.md");
/** What docs/quality-sli-correction.md promises: a 50 % incident under a lenient judge pages the corrected SLO within 4 hours. */
const CORRECTED_PAGE_WITHIN_MIN = 240;
/** And a drifted judge's incident pages within an hour of the recalibrated record's deployment. */
const AFTER_RECALIBRATION_WITHIN_MIN = 60;

let runs: JudgeReplayRun[];
beforeAll(() => {
  runs = runAllJudgeReplays();
});
const of = (scenario: string, reading: string) => runs.filter((r) => r.scenario.name === scenario && r.reading === reading);

describe("judge-error replay", () => {
  it("a lenient judge hides a real incident from the raw SLI: it never pages", () => {
    for (const run of of("lenient-judge-incident", "raw")) expect(run.outcome.pageAfter, `${run.volume}x`).toBeUndefined();
  });

  it("the corrected SLI pages for it within the time the docs state, and was quiet while healthy", () => {
    for (const run of of("lenient-judge-incident", "corrected")) {
      expect(run.outcome.pageAfter, `${run.volume}x`).toBeLessThanOrEqual(CORRECTED_PAGE_WITHIN_MIN);
      expect(run.outcome.alarmMinutesBefore, `${run.volume}x`).toBe(0);
    }
  });

  it("a judge that drifts between calibrations keeps the corrected SLI quiet until the monthly recalibration, which makes it page", () => {
    for (const run of of("judge-drift-between-calibrations", "corrected")) {
      expect(run.outcome.pageAfter, `${run.volume}x`).toBeGreaterThanOrEqual(RECALIBRATION_AFTER_MIN);
      expect(run.outcome.pageAfter, `${run.volume}x`).toBeLessThanOrEqual(RECALIBRATION_AFTER_MIN + AFTER_RECALIBRATION_WITHIN_MIN);
      expect(run.outcome.alarmMinutesBefore, `${run.volume}x`).toBe(0);
    }
  });

  it("is the table in docs/quality-sli-correction.md (npm run simulate:judge-error)", () => {
    const doc = readFileSync(DOC, "utf8");
    const between = /<!-- judge-replay-table:start -->\n```\n([\s\S]*?)```\n<!-- judge-replay-table:end -->/.exec(doc);
    expect(between).not.toBeNull();
    expect(between![1]).toBe(`${judgeReplayLines(runs).join("\n")}\n`);
  });
});
