/** The quality-SLO decision record states the thresholds, floors and figures the configuration actually has. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../config/resolved";
import { ADR_FILE, renderAdr } from "../scripts/adr-tables";

const ROOT = path.resolve(__dirname, "..");
// Environment files load with require(), as synth loads them: in a process of their own.
const environments = JSON.parse(
  execFileSync(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(ROOT, "scripts", "adr-tables.ts"), "--environments"], {
    cwd: ROOT,
    encoding: "utf8",
  }),
) as ResolvedEnvironment[];
const adr = fs.readFileSync(ADR_FILE, "utf8");

describe("docs/adr/0001-quality-slo.md", () => {
  it("has the thresholds, calibration floors and figures of the configured environments (npm run docs:adr -- --write)", () => {
    expect(adr).toBe(renderAdr(adr, environments));
  });

  it("lists the quality SLO of every request type the gateway accepts, at its threshold or the default, row by row", () => {
    const rows = [...adr.matchAll(/^\| ([a-z0-9-]+) \| ([a-z][a-z0-9_]*) \| ([\d.]+)(?: \(default\))? \| ([\d.]+)% \|/gm)].map((m) => [
      m[1],
      m[2],
      Number(m[3]),
      Number(m[4]) / 100,
    ]);
    const configured = environments.flatMap((env) =>
      env.gateway.requestTypes.map((requestType) => [
        env.id,
        requestType,
        env.alerting.qualityThresholds[requestType] ?? env.alerting.defaultQualityThreshold,
        env.alerting.sloObjectives.quality ?? 0.95,
      ]),
    );
    expect(rows).toEqual(configured);
    expect(configured.length).toBeGreaterThan(0);
  });

  it("names the judge pair of every environment and a template for the business lines' own records", () => {
    for (const env of environments) expect(adr).toContain(`${env.evaluation.judgeModelId}\\|${env.evaluation.judgeRubricVersion}`);
    const template = fs.readFileSync(path.join(path.dirname(ADR_FILE), "template-business-line-quality-slo.md"), "utf8");
    for (const heading of [
      "## What quality means here",
      "## Thresholds",
      "## Judge",
      "## Golden set",
      "## Calibration evidence",
      "## Shadow judging and promotions",
      "## Quarterly review log",
    ]) {
      expect(template).toContain(heading);
    }
  });
});
