/**
 * The calibration function's handler over the example golden set, with the real AWS SDK against
 * s3rver (the calibration bucket), a Bedrock Converse stub answering with controlled scores and a
 * CloudWatch stub: an honest judge passes, a length-biased one is caught by the length probes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { validateCalibrationRecord, type CalibrationRecord } from "../../../../contracts/calibration-record";
import { BedrockStub } from "../../../../testing/wire/bedrock-stub";
import { CloudWatchStub, type RecordedDatum } from "../../../../testing/wire/cloudwatch-stub";
import { simulatedJudge, type SimulatedJudgeMode } from "../../../../testing/fixtures/golden-judge";
import { startS3rver, TEST_REGION, useDummyAwsEnv, type LocalServer } from "../../../../testing/local-aws";
import { parseGoldenSetOrThrow } from "../../golden-set";
import type { CalibrationEvent, TaskResult } from "../../tasks";

const BUCKET = "judge-calibration";
const GOLDEN_KEY = "golden/example-set.jsonl";
const GOLDEN_TEXT = readFileSync(join(__dirname, "..", "..", "..", "..", "calibration", "golden", "example-set.jsonl"), "utf8");
const ITEMS = parseGoldenSetOrThrow(GOLDEN_TEXT, "example-set.jsonl");
const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const PAIR = `${MODEL}|bank-qa-rubric/2025-06-v1`;
const CANDIDATE = `${MODEL}|bank-qa-rubric/2026-07-v2`;

const bedrock = new BedrockStub();
const cloudwatch = new CloudWatchStub();
let s3: LocalServer;

const client = () => new S3Client({ region: TEST_REGION, forcePathStyle: true });

async function putGolden(key: string, text: string): Promise<void> {
  const c = client();
  await c.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: text }));
  c.destroy();
}

async function getText(key: string): Promise<string> {
  const c = client();
  const output = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const text = await output.Body!.transformToString();
  c.destroy();
  return text;
}

async function keys(prefix: string): Promise<string[]> {
  const c = client();
  const output = await c.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  c.destroy();
  return (output.Contents ?? []).map((o) => o.Key!).sort();
}

async function judgeAs(mode: SimulatedJudgeMode): Promise<void> {
  const reply = await simulatedJudge(ITEMS, mode, ["pt"]);
  bedrock.reply = (call) => reply(call);
}

async function loadHandler(env: Record<string, string> = {}): Promise<(event: CalibrationEvent) => Promise<TaskResult>> {
  for (const name of ["CANDIDATE_JUDGE_PAIR", "SHADOW_SCORES_TABLE_NAME", "CALIBRATION_THRESHOLDS"]) delete process.env[name];
  Object.assign(process.env, {
    CALIBRATION_BUCKET: BUCKET,
    GOLDEN_SET_KEY: GOLDEN_KEY,
    GOLDEN_SET_NAME: "calibration/golden/example-set.jsonl",
    JUDGE_MODEL_ID: MODEL,
    JUDGE_RUBRIC_VERSION: "bank-qa-rubric/2025-06-v1",
    PII_LANGUAGES: "pt",
    BOOTSTRAP_RESAMPLES: "500",
    POWERTOOLS_LOG_LEVEL: "ERROR",
    ...env,
  });
  vi.resetModules();
  return (await import("../../handler")).handler;
}

const datums = (): RecordedDatum[] => cloudwatch.calls.flatMap((call) => call.MetricData);
const published = (name: string, dimension?: string) =>
  datums().find((d) => d.MetricName === name && (dimension === undefined || d.Dimensions?.some((x) => x.Name === "RubricDimension" && x.Value === dimension)))
    ?.Value;

beforeAll(async () => {
  useDummyAwsEnv();
  await Promise.all([bedrock.start(), cloudwatch.start()]);
  s3 = await startS3rver([BUCKET]);
  process.env.AWS_ENDPOINT_URL_S3 = s3.url;
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.url;
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH = cloudwatch.url;
  await putGolden(GOLDEN_KEY, GOLDEN_TEXT);
});
afterAll(async () => Promise.all([bedrock.stop(), cloudwatch.stop(), s3.stop()]));
beforeEach(() => {
  bedrock.requests.length = 0;
  cloudwatch.requests.length = 0;
});

describe("calibration function against local S3, a Bedrock stub with controlled scores and CloudWatch", () => {
  it("passes an honest judge: writes the JSON and markdown report and the record, and publishes the figures", async () => {
    // Arrange
    await judgeAs("honest");
    const handler = await loadHandler();

    // Act
    const result = await handler({ task: "calibrate" });

    // Assert
    expect(result).toMatchObject({ task: "calibrate", judgePair: PAIR, passed: true, failures: [] });
    if (result.task !== "calibrate") throw new Error("unexpected task");
    const slug = "anthropic.claude-3-haiku-20240307-v1-0__bank-qa-rubric-2025-06-v1";
    const written = await keys("");
    expect(written.filter((k) => k.startsWith(`reports/${slug}/`)).map((k) => k.split(".").pop())).toEqual(["json", "md"]);
    expect(written).toContain(`records/${slug}/latest.json`);
    const record = JSON.parse(await getText(`records/${slug}/latest.json`)) as CalibrationRecord;
    expect(validateCalibrationRecord(record)).toEqual([]);
    expect(record).toMatchObject({ judgePair: PAIR, judgeService: "local-stub", piiLanguages: ["pt"], judged: 39, failedItems: 0, passed: true });
    expect(record.goldenSet).toMatchObject({ name: "calibration/golden/example-set.jsonl", items: 39, ratings: 68, raters: 3 });
    expect(record.reports).toEqual({ json: result.reportKey.replace(/\.md$/, ".json"), markdown: result.reportKey });
    expect(record.dimensions.factuality.kappa!).toBeGreaterThan(0.9);
    expect(record.dimensions.factuality.humanAgreement.items).toBe(26);
    const markdown = await getText(result.reportKey);
    expect(markdown).toContain(`# Judge calibration: ${PAIR}`);
    expect(markdown).toContain("| factuality | 39 |");
    expect(markdown).toContain("### Padded copies");
    // Every golden item went through the evaluator's masking and judge: rubric v1, masked CPF.
    expect(bedrock.calls).toHaveLength(39);
    expect(bedrock.calls.every((call) => call.modelId === MODEL && call.body.system?.[0]?.text.includes("Examples:"))).toBe(true);
    expect(bedrock.receivedText()).not.toContain("529.982.247-25");
    expect(bedrock.receivedText()).toContain("[CPF]");
    // Figures in the catalogue's namespace, per dimension and per pair.
    expect(new Set(cloudwatch.calls.map((c) => c.Namespace))).toEqual(new Set(["LLMInference/JudgeCalibration"]));
    expect(published("JudgeKappa", "factuality")).toBeCloseTo(record.dimensions.factuality.kappa!, 10);
    expect(published("CalibrationPassed")).toBe(1);
    expect(
      datums()
        .filter((d) => d.MetricName === "JudgeKappa")
        .map((d) => d.Dimensions),
    ).toEqual(
      ["factuality", "completeness", "toneCompliance", "undueRefusal"].map((dimension) => [
        { Name: "JudgePair", Value: PAIR },
        { Name: "RubricDimension", Value: dimension },
      ]),
    );
  });

  it("fails a length-biased judge on the length probes, and says so in the record, report and metrics", async () => {
    // Arrange
    await judgeAs("length-biased");
    const handler = await loadHandler();

    // Act
    const result = await handler({ task: "calibrate" });

    // Assert
    if (result.task !== "calibrate") throw new Error("unexpected task");
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([
      expect.stringMatching(/^length bias: length-error correlation 0\.\d+ exceeds the ceiling 0\.3$/),
      expect.stringMatching(/^length bias: padded copies score 0\.\d+ rubric points above their originals, over the ceiling 0\.5$/),
    ]);
    // Kappa alone would not have caught it: the biased judge still clears the kappa floor.
    expect(published("JudgeKappa", "completeness")!).toBeGreaterThan(0.6);
    expect(published("LengthErrorCorrelation")!).toBeGreaterThan(0.3);
    expect(published("PaddingScoreGap")!).toBeGreaterThan(0.5);
    expect(published("CalibrationPassed")).toBe(0);
    const markdown = await getText(result.reportKey);
    expect(markdown).toContain("- **Result:** failed");
    expect(markdown).toContain("## Failures");
    const record = JSON.parse(await getText(result.recordKey)) as CalibrationRecord;
    expect(record.passed).toBe(false);
    expect(record.bias.paddedPairs).toBe(6);
  });

  it("calibrates the shadow candidate on demand with its own rubric, and keys its record by its pair", async () => {
    // Arrange
    await judgeAs("honest");
    const handler = await loadHandler({ CANDIDATE_JUDGE_PAIR: CANDIDATE });

    // Act
    const result = await handler({ task: "calibrate", pair: "candidate" });

    // Assert
    expect(result).toMatchObject({ judgePair: CANDIDATE, passed: true });
    expect(bedrock.calls.every((call) => call.body.system?.[0]?.text.includes("Length is never a merit"))).toBe(true);
    expect(await keys("records/anthropic.claude-3-haiku-20240307-v1-0__bank-qa-rubric-2026-07-v2/")).toContain(
      "records/anthropic.claude-3-haiku-20240307-v1-0__bank-qa-rubric-2026-07-v2/latest.json",
    );
  });

  it("refuses an invalid golden set with every problem's line and field, judging nothing", async () => {
    // Arrange
    const bad = GOLDEN_TEXT.split("\n").slice(0, 3).join("\n").replace('"factuality": 5', '"factuality": 7');
    await putGolden("golden/bad.jsonl", bad);
    const handler = await loadHandler();

    // Act
    const run = handler({ task: "calibrate", goldenKey: "golden/bad.jsonl" });

    // Assert
    await expect(run).rejects.toThrow("golden/bad.jsonl line 1: ratings[0].factuality is 7; expected a whole number from 1 to 5");
    expect(bedrock.calls).toEqual([]);
  });

  it("refuses tasks and keys it does not know", async () => {
    const handler = await loadHandler();
    await expect(handler({ task: "promote" as never })).rejects.toThrow('unknown task "promote"');
    await expect(handler({ task: "calibrate", pair: "candidate" })).rejects.toThrow("no candidate judge is configured");
    await expect(handler({ task: "calibrate", goldenKey: "../records/x.json" })).rejects.toThrow("goldenKey must be a key under golden/");
  });
});
