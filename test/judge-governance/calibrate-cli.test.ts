/** `npm run judge:calibrate` against the in-process Bedrock stub: the table, the files, the exit codes. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validateCalibrationRecord } from "../../contracts/calibration-record";
import { parseArgs, runCalibrateCli } from "../../scripts/judge-calibrate";
import { EXAMPLE_GOLDEN_SET, REPO_ROOT } from "../../testing/fixtures/calibration";

const out = fs.mkdtempSync(path.join(os.tmpdir(), "calibrate-cli-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe("judge:calibrate", () => {
  it("prints the per-dimension table and writes the report and the record; exits 0 for an honest judge", async () => {
    const run = await runCalibrateCli(parseArgs(["--golden", EXAMPLE_GOLDEN_SET, "--stub", "honest", "--out", out]));
    expect(run.exitCode).toBe(0);
    const table = run.result.table.split("\n");
    expect(table[0]).toBe("judge pair   anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1");
    expect(table).toContainEqual(
      expect.stringMatching(/^dimension\s+items\s+exact\s+within-1\s+kappa\s+kappa 95% CI\s+spearman\s+judge-human\s+human kappa \(ceiling\)$/),
    );
    expect(table).toContainEqual(expect.stringMatching(/^factuality\s+39\s+0\.\d\d\s+1\.00\s+0\.9\d\s+\[0\.\d\d, 0\.\d\d\]/));
    expect(table.at(-1)).toBe("PASSED: the pair may score production");
    expect(run.files.map((f) => path.basename(f))).toEqual(["report.md", "report.json", "record.json"]);
    const record = JSON.parse(fs.readFileSync(run.files[2]!, "utf8"));
    expect(validateCalibrationRecord(record)).toEqual([]);
    expect(record.judgeService).toBe("local-stub");
  });

  it("exits 1 under a floor: the real command against a length-biased stub", () => {
    const result = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        "scripts/judge-calibrate.ts",
        "--golden",
        EXAMPLE_GOLDEN_SET,
        "--stub",
        "length-biased",
        "--out",
        out,
      ],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("length-error correlation");
    expect(result.stdout).toContain("FAILED (2):");
    expect(result.stdout).toMatch(/padding gap \(6 pairs\)\s+\+0\.\d\d pts\s+ceiling 0\.5 pts\s+FAIL/);
  });

  it("refuses bad options and an invalid golden set before judging anything", async () => {
    expect(() => parseArgs([])).toThrow("--golden <file> is required");
    expect(() => parseArgs(["--golden", "g", "--stub", "random"])).toThrow("--stub must be one of honest, length-biased, generous");
    expect(() => parseArgs(["--golden", "g", "--rubric-version", "v9"])).toThrow("--rubric-version must be one of");
    expect(() => parseArgs(["--golden", "g", "--judge-model-id", "anthropic.claude-3-haiku"])).toThrow("--judge-model-id must be versioned");
    const bad = path.join(out, "bad.jsonl");
    fs.writeFileSync(bad, '{"id":"x"}\n');
    await expect(runCalibrateCli(parseArgs(["--golden", bad, "--stub", "honest", "--out", out]))).rejects.toThrow("line 1: language is missing");
  });
});
