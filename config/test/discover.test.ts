import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { listEnvironmentFiles } from "../discover";

const PROJECT_ROOT = path.resolve(__dirname, "../..");
const DEFINE = path.join(PROJECT_ROOT, "config", "define.ts");

/** Loads environments from `dir` in a tsx process, as `main.ts` does, and returns ids or the error text. */
function loadInChild(dir: string): { ids?: string[]; error?: string } {
  const script = `
    const { loadEnvironments } = require(${JSON.stringify(path.join(PROJECT_ROOT, "config", "discover.ts"))});
    try { console.log(JSON.stringify({ ids: loadEnvironments(${JSON.stringify(dir)}, ${JSON.stringify(path.dirname(dir))}).map((e) => e.id) })); }
    catch (e) { console.log(JSON.stringify({ error: e.message })); }`;
  const out = execFileSync(process.execPath, [require.resolve("tsx/cli"), "-e", script], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!) as { ids?: string[]; error?: string };
}

function writeBusinessLine(root: string, name: string, stages: Record<string, string>): void {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "business-line.ts"),
    `import { defineBusinessLine } from ${JSON.stringify(DEFINE)};\nexport default defineBusinessLine({ name: "${name}", costCentre: "CC-9", owner: "cards@example.com" });\n`,
  );
  for (const [stage, body] of Object.entries(stages)) fs.writeFileSync(path.join(dir, `${stage}.ts`), body);
}

function stageFile(overrides: string): string {
  return `import { defineEnvironment } from ${JSON.stringify(DEFINE)};
import businessLine from "../cards/business-line";
export default defineEnvironment({
  businessLine, stage: "staging", accountId: "123456789012",
  model: { name: "m", image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128", huggingFaceModelId: "org/m", huggingFaceAccess: "public", hourlyPriceUsd: 1 },
  network: { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], securityGroupIds: ["sg-0123456789abcdef0"] },
  alerting: { runbookBaseUrl: "https://git.example.com/platform/blob/main/runbooks" },
  ${overrides}
});\n`;
}

describe("environment discovery", () => {
  it("finds every business line and stage of the repository, skipping business-line.ts", () => {
    const files = listEnvironmentFiles(path.join(PROJECT_ROOT, "environments"), PROJECT_ROOT).map((f) => f.file);
    expect(files).toEqual([
      "environments/retail-banking/prod.ts",
      "environments/retail-banking/staging.ts",
      "environments/sandbox/sandbox.ts",
      "environments/wealth-management/prod.ts",
      "environments/wealth-management/staging.ts",
    ]);
  });

  it("picks up a new business line folder with no other edit", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "envs-"));
    writeBusinessLine(root, "cards", { staging: stageFile("") });
    expect(loadInChild(root)).toEqual({ ids: ["cards-staging"] });
  });

  it("fails with every problem of every file, each naming the file and field", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "envs-"));
    writeBusinessLine(root, "cards", { staging: stageFile('region: "eu-west-1",') });
    writeBusinessLine(root, "loans", { staging: stageFile("dataCapture: { samplingPercentage: 250 },").replace('stage: "staging"', 'stage: "staging"') });
    const { error } = loadInChild(root);
    expect(error).toContain("invalid environment configuration (4 problems)");
    expect(error).toContain('cards/staging.ts: region is "eu-west-1"; data residency: business line cards allows only sa-east-1');
    // The image is pulled from ECR in the endpoint's region only: AWS would refuse it at deploy.
    expect(error).toContain(
      'cards/staging.ts: model.image is "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128"; the image is in sa-east-1, the environment in eu-west-1',
    );
    expect(error).toContain('loans/staging.ts: businessLine.name is "cards"; expected "loans", the name of the folder the file is in');
    expect(error).toContain("loans/staging.ts: dataCapture.samplingPercentage is 250; expected a whole number from 0 to 100");
  });
});
