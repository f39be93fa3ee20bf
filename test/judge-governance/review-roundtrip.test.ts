/**
 * Human review of production samples, round trip: the evaluator scores records (local S3, DynamoDB,
 * Bedrock), `judge:review-sample` exports N per request type from the synthesized sandbox stack's
 * table, masked and without scores, raters fill in the ratings, `judge:import-reviews` validates them
 * and adds them to the golden-set candidates.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUCKET, Harness } from "../../functions/evaluator/test/integration/harness";
import { inferenceLogLine, PII, s3Event } from "../../functions/evaluator/test/fixtures";
import { parseGoldenSetOrThrow } from "../../functions/judge-calibration/golden-set";
import { runImportReviews } from "../../scripts/judge-import-reviews";
import { parseReviewArgs, reviewSample, stackFacts } from "../../scripts/judge-review-sample";
import { createScoresTable } from "../../testing/local-aws";

const ROOT = path.resolve(__dirname, "..", "..");
const STACK = "sandbox-sandbox";
const harness = new Harness();
let work: string;
let stacksDir: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "review-"));
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], {
    cwd: ROOT,
    stdio: "pipe",
    env: { ...process.env, LLMOBS_ENVIRONMENTS: "sandbox/sandbox", CDKTF_OUTDIR: work },
  });
  stacksDir = path.join(work, "stacks");
  await harness.start();
  await harness.reset();
}, 120_000);
afterAll(async () => {
  await harness.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("review sample and import", () => {
  it("reads the table, region and masking language from the synthesized stack", () => {
    expect(stackFacts(stacksDir, STACK)).toEqual({
      region: "sa-east-1",
      scoresTableName: "llmobs-sandbox-sandbox-evaluation-scores",
      piiLanguages: ["pt"],
      endpointModelNames: { "llmobs-sandbox-sandbox-endpoint": "llama-3-1-8b-instruct" },
      useCases: ["general"],
      requestTypes: ["balance_inquiry", "investment_strategy", "general"],
    });
    expect(() => stackFacts(stacksDir, "nope")).toThrow("no synthesized stack nope");
  });

  it("exports N masked records per request type without judge scores, and imports the rated file as candidates", async () => {
    // Arrange: the evaluator scores six records of two request types into the stack's table.
    const table = stackFacts(stacksDir, STACK).scoresTableName;
    await createScoresTable(harness.dynamo.url, table);
    const handler = await harness.loadHandler({ SAMPLE_RATE: "1", PII_LANGUAGES: "pt", SCORES_TABLE_NAME: table });
    const key = "inference-logs/2025/06/01/12/review.jsonl";
    const lines = Array.from({ length: 6 }, (_, i) =>
      inferenceLogLine({
        requestId: `req-${i}`,
        requestType: i % 2 === 0 ? "balance_inquiry" : "card_services",
        prompt: `Meu CPF é ${PII.cpf}, pergunta ${i}?`,
        response: `Resposta ${i}.`,
      }),
    );
    await harness.putObject(key, lines.join("\n"));
    await handler(s3Event(BUCKET, [key]));
    const out = path.join(work, "review.jsonl");

    // Act
    const result = await reviewSample({
      ...parseReviewArgs([STACK, "--per-request-type", "2", "--out", out]),
      stacksDir,
      now: new Date("2025-06-10T00:00:00Z"),
    });

    // Assert
    expect(result).toEqual({ file: out, perRequestType: { balance_inquiry: 2, card_services: 2 }, unreadable: 0 });
    const exported = fs
      .readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, any>);
    expect(exported).toHaveLength(4);
    for (const line of exported) {
      expect(line).toMatchObject({
        language: "pt",
        category: "production_sample",
        ratings: [{ rater_id: "", factuality: null, completeness: null, tone_compliance: null, undue_refusal: null }],
      });
      expect(line.prompt).toContain("[CPF]");
      expect(line.prompt).not.toContain(PII.cpf);
      expect(JSON.stringify(line)).not.toMatch(/"(qualityScore|judgeModelId)"/);
    }
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe("600");

    // An unfilled file is refused, line by line, and nothing is written.
    const candidates = path.join(work, "candidates.jsonl");
    const refused = runImportReviews(out, candidates);
    expect(refused.exitCode).toBe(1);
    expect(refused.output[1]).toMatch(/^ {2}- .*review\.jsonl line 1: ratings\[0\]\.rater_id is ""; expected the rater's id/);
    expect(refused.output).toContainEqual(expect.stringMatching(/line 4: ratings\[0\]\.factuality is null; expected a whole number from 1 to 5$/));
    expect(fs.existsSync(candidates)).toBe(false);

    // Raters fill it in (one rates all four, a second rates the first); the import adds four candidates.
    const rated = exported.map((line, i) => ({
      ...line,
      ratings: [
        { rater_id: "rater-a", factuality: 4, completeness: 4, tone_compliance: 5, undue_refusal: false },
        ...(i === 0 ? [{ rater_id: "rater-b", factuality: 5, completeness: 4, tone_compliance: 5, undue_refusal: false }] : []),
      ],
    }));
    fs.writeFileSync(out, rated.map((l) => JSON.stringify(l)).join("\n"));
    expect(runImportReviews(out, candidates)).toMatchObject({
      exitCode: 0,
      output: [expect.stringContaining("imported 5 rating(s): 4 new candidate(s), 0 with more raters; 4 candidate(s)"), expect.any(String)],
    });
    const items = parseGoldenSetOrThrow(fs.readFileSync(candidates, "utf8"), "candidates.jsonl");
    expect(items.map((i) => i.ratings.length)).toEqual([2, 1, 1, 1]);

    // A third rater's return merges into the same candidates; a rater changing an old rating is refused.
    fs.writeFileSync(
      out,
      JSON.stringify({ ...rated[1], ratings: [{ rater_id: "rater-c", factuality: 3, completeness: 4, tone_compliance: 5, undue_refusal: false }] }),
    );
    expect(runImportReviews(out, candidates).output[0]).toContain("imported 1 rating(s): 0 new candidate(s), 1 with more raters");
    fs.writeFileSync(
      out,
      JSON.stringify({ ...rated[1], ratings: [{ rater_id: "rater-a", factuality: 1, completeness: 4, tone_compliance: 5, undue_refusal: false }] }),
    );
    expect(runImportReviews(out, candidates).output[1]).toContain('line 1: ratings is "rater-a"; expected the scores rater-a gave');
  });

  it("refuses bad arguments with what is expected", () => {
    expect(() => parseReviewArgs([])).toThrow("expected <stack>");
    expect(() => parseReviewArgs([STACK, "--per-request-type", "0"])).toThrow('--per-request-type must be a whole number from 1 to 1000, got "0"');
    expect(() => parseReviewArgs([STACK, "--per-request-type", "2", "--color", "red"])).toThrow("Unknown option '--color'");
  });
});
