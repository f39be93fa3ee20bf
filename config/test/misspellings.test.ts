import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblem } from "../errors";
import { closestName } from "../schema/check";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";

const FILE = "environments/retail-banking/staging.ts";
const ROOT = path.resolve(__dirname, "../..");

/** The valid fixture with `key` renamed to `typo` at `at` (a dotted path of objects). */
function misspelt(at: string, key: string, typo: string, value?: unknown): EnvironmentConfig {
  const config = structuredClone(validEnvironment()) as unknown as Record<string, Record<string, unknown>>;
  let parent: Record<string, unknown> = config;
  for (const part of at === "" ? [] : at.split(".")) {
    parent[part] ??= {};
    parent = parent[part] as Record<string, unknown>;
  }
  const written = value ?? parent[key];
  delete parent[key];
  parent[typo] = written;
  return config as unknown as EnvironmentConfig;
}

// The misspellings a first try produced (issue 25): each passed synth and silently took its default.
const MISSPELLINGS: Array<[string, string, string, unknown]> = [
  ["", "region", "regoin", "sa-east-1"],
  ["model", "instanceType", "instanceTyp", "ml.g5.2xlarge"],
  ["model", "autoscaling", "autoscalling", { minInstances: 1, maxInstances: 2, targetInvocationsPerInstance: 100 }],
  ["dataCapture", "samplingPercentage", "samplingPercent", 100],
  ["evaluation", "sampleRate", "sampleRat", 0.2],
  ["alerting", "judgeDailyBudgetUsd", "judgeDailyBudget", 50],
  ["", "codeSigning", "codeSiging", "off"],
];

describe("a misspelt setting", () => {
  it.each(MISSPELLINGS)("%s.%s written as %s fails with the name it meant", (at, key, typo, value) => {
    const field = at === "" ? typo : `${at}.${typo}`;
    expect(validateEnvironment(misspelt(at, key, typo, value), FILE).map(formatProblem)).toEqual([
      `${FILE}: ${field} is ${JSON.stringify(value)}; unknown setting; did you mean \`${key}\`?`,
    ]);
  });

  it("guesses only when a declared name is near; otherwise lists what the group has", () => {
    expect(closestName("sampleRat", ["sampleRate", "entropyThreshold"])).toBe("sampleRate");
    expect(closestName("REGION", ["region", "stage"])).toBe("region");
    expect(closestName("colour", ["region", "stage"])).toBeUndefined();
    const [problem] = validateEnvironment(misspelt("dataCapture", "samplingPercentage", "colour", 1), FILE);
    expect(problem?.allowed).toBe("unknown setting; dataCapture has samplingPercentage");
  });
});

describe("npm run synth with misspelt settings", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "misspelt-"));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("lists every one with a did-you-mean, without a stack trace, and exits 1", () => {
    // A copy of the project's sources with one environment that has every misspelling.
    for (const entry of ["package.json", "main.ts", "config", "modules", "stacks", "contracts", "dashboards", "functions", "calibration", "runbooks"]) {
      fs.cpSync(path.join(ROOT, entry), path.join(work, entry), { recursive: true, filter: (source) => !source.includes(`${path.sep}test${path.sep}`) });
    }
    // The synth runner and the TypeScript loader it requires.
    fs.mkdirSync(path.join(work, "scripts", "cli"), { recursive: true });
    for (const file of ["synth.js", "cli/typescript-loader.js"]) fs.copyFileSync(path.join(ROOT, "scripts", file), path.join(work, "scripts", file));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "node_modules"), "dir");
    fs.cpSync(path.join(ROOT, "environments", "retail-banking"), path.join(work, "environments", "retail-banking"), { recursive: true });
    const staging = path.join(work, "environments", "retail-banking", "staging.ts");
    const source = fs
      .readFileSync(staging, "utf8")
      .replace('region: "sa-east-1",', 'regoin: "sa-east-1",\n  codeSiging: "off",\n  dataCapture: { samplingPercent: 100 },')
      .replace(
        'instanceType: "ml.g5.12xlarge",',
        'instanceTyp: "ml.g5.12xlarge",\n    autoscalling: { minInstances: 1, maxInstances: 2, targetInvocationsPerInstance: 100 },',
      )
      .replace("evaluation: { routeTableIds:", "evaluation: { sampleRat: 0.2, routeTableIds:")
      .replace("alerting: { runbookBaseUrl: RUNBOOK_BASE_URL },", "alerting: { runbookBaseUrl: RUNBOOK_BASE_URL, judgeDailyBudget: 50 },");
    fs.writeFileSync(staging, source);
    fs.rmSync(path.join(work, "environments", "retail-banking", "prod.ts"));

    const run = spawnSync(process.execPath, ["scripts/synth.js"], { cwd: work, encoding: "utf8", env: { ...process.env, LLMOBS_ENVIRONMENTS: "" } });

    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toBe("invalid environment configuration (7 problems):");
    const file = "environments/retail-banking/staging.ts";
    expect(lines.slice(1).sort()).toEqual(
      [
        `  - ${file}: alerting.judgeDailyBudget is 50; unknown setting; did you mean \`judgeDailyBudgetUsd\`?`,
        `  - ${file}: codeSiging is "off"; unknown setting; did you mean \`codeSigning\`?`,
        `  - ${file}: dataCapture.samplingPercent is 100; unknown setting; did you mean \`samplingPercentage\`?`,
        `  - ${file}: evaluation.sampleRat is 0.2; unknown setting; did you mean \`sampleRate\`?`,
        `  - ${file}: model.autoscalling is {"minInstances":1,"maxInstances":2,"targetInvocationsPerInstance":100}; unknown setting; did you mean \`autoscaling\`?`,
        `  - ${file}: model.instanceTyp is "ml.g5.12xlarge"; unknown setting; did you mean \`instanceType\`?`,
        `  - ${file}: regoin is "sa-east-1"; unknown setting; did you mean \`region\`?`,
      ].sort(),
    );
    expect(run.stderr).not.toMatch(/\bat \S+ \(|\.app\/main|node:internal/);
    expect(run.stdout).not.toContain("synthesized");
  });
});
