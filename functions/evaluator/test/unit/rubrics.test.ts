import { describe, expect, it } from "vitest";
import { RUBRIC_VERSIONS } from "../../../../contracts/judge-pair";
import { judgePairRefusal } from "../../judge-pair-check";
import { RUBRICS, rubricFingerprint, rubricFor } from "../../judge/rubrics";

describe("rubric versions", () => {
  it("the evaluator holds exactly the versions the contract lists", () => {
    expect(Object.keys(RUBRICS).sort()).toEqual(Object.keys(RUBRIC_VERSIONS).sort());
  });

  it("each rubric's text is what its version's fingerprint says: a changed text is a new version", () => {
    // On failure: the rubric text (instructions, examples, schema or judge message template) changed.
    // Add a new version in contracts/judge-pair.ts and judge/rubrics.ts instead of editing this one,
    // then calibrate the new pair before it scores.
    for (const rubric of Object.values(RUBRICS)) expect(rubricFingerprint(rubric), rubric.version).toBe(RUBRIC_VERSIONS[rubric.version].fingerprint);
  });

  it("version 2 adds length neutrality and keeps version 1's tool schema", () => {
    const [v1, v2] = [rubricFor("bank-qa-rubric/2025-06-v1")!, rubricFor("bank-qa-rubric/2026-07-v2")!];
    expect(v2.systemPrompt).toContain("Length is never a merit");
    expect(v1.systemPrompt).not.toContain("Length is never a merit");
    expect(v2.verdictSchema).toBe(v1.verdictSchema);
    expect(rubricFor("nope")).toBeUndefined();
  });

  it("refuses pairs that are not calibrated or whose rubric is not held", () => {
    const pair = { judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0", rubricVersion: "bank-qa-rubric/2025-06-v1" };
    expect(judgePairRefusal(pair, ["anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1"])).toBeUndefined();
    expect(judgePairRefusal(pair, [])).toBe(
      'judge pair "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1" has no passing calibration record (calibrated pairs: none); calibrate it before it scores',
    );
    expect(judgePairRefusal({ ...pair, rubricVersion: "x" }, ["anthropic.claude-3-haiku-20240307-v1:0|x"])).toMatch(
      /^rubric version "x" is not held by this evaluator/,
    );
  });
});

describe("judge configuration", () => {
  const base = {
    SCORES_TABLE_NAME: "t",
    FAILED_RECORDS_QUEUE_URL: "q",
    JUDGE_MODEL_ID: "anthropic.claude-3-haiku-20240307-v1:0",
    JUDGE_INPUT_PRICE_PER_1K: "0",
    JUDGE_OUTPUT_PRICE_PER_1K: "0",
    USE_CASES: "general",
    REQUEST_TYPES: "general",
  };

  it("reads the rubric version, the calibrated pairs and a candidate", async () => {
    const { loadConfig } = await import("../../config");
    expect(loadConfig(base)).toMatchObject({ rubricVersion: "bank-qa-rubric/2025-06-v1", calibratedJudgePairs: [], shadowShare: 1 });
    expect(loadConfig(base).candidateJudge).toBeUndefined();
    const config = loadConfig({
      ...base,
      CANDIDATE_JUDGE_PAIR: "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2026-07-v2",
      SHADOW_SCORES_TABLE_NAME: "s",
      SHADOW_SHARE: "0.2",
    });
    expect(config).toMatchObject({ candidateJudge: { rubricVersion: "bank-qa-rubric/2026-07-v2" }, shadowScoresTableName: "s", shadowShare: 0.2 });
  });

  it("names the bad variable", async () => {
    const { loadConfig } = await import("../../config");
    expect(() => loadConfig({ ...base, CALIBRATED_JUDGE_PAIRS: '["no-separator"]' })).toThrow(
      'CALIBRATED_JUDGE_PAIRS must be a JSON list of judge pairs "<model id>|<rubric version>"',
    );
    expect(() => loadConfig({ ...base, CANDIDATE_JUDGE_PAIR: "anthropic.claude-3-haiku|v2", SHADOW_SCORES_TABLE_NAME: "s" })).toThrow(
      "CANDIDATE_JUDGE_PAIR must be",
    );
    expect(() => loadConfig({ ...base, CANDIDATE_JUDGE_PAIR: "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2026-07-v2" })).toThrow(
      "SHADOW_SCORES_TABLE_NAME is required with CANDIDATE_JUDGE_PAIR",
    );
  });
});
