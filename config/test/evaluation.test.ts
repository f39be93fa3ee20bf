import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../resolved";
import { CALIBRATION_DEFAULTS, EVALUATION_DEFAULTS, resolveEvaluation, validateEvaluation, type EvaluationConfig } from "../sections/evaluation";
import { validateEnvironment } from "../validate";
import { FIXTURE_FILE, itAcceptsNoSectionAndAFullOne, onlySectionProblem, validEnvironment } from "../../testing/fixtures/environment-fixture";

const FILE = FIXTURE_FILE;
const onlyProblem = (section: unknown) => onlySectionProblem((s: EvaluationConfig, file) => validateEvaluation(s, file), section);

const FULL_SECTION: EvaluationConfig = {
  judgeModelId: "sa.anthropic.claude-3-haiku-20240307-v1:0",
  judgeInputPricePer1k: 0.003,
  judgeOutputPricePer1k: 0.015,
  sampleRate: 0.05,
  entropyThreshold: 2,
  judgeConcurrency: 64,
  piiLanguages: ["pt", "en"],
  evaluatorReservedConcurrency: 2,
  routeTableIds: ["rtb-0123456789abcdef0", "rtb-01234567"],
  vpcEndpoints: { sqs: "vpce-0123456789abcdef0", "bedrock-runtime": "create", s3: "vpce-01234567" },
};

describe("evaluation section validation", () => {
  itAcceptsNoSectionAndAFullOne((section, file) => validateEvaluation(section, file), FULL_SECTION);

  it.each([
    [{ judgeModelId: "anthropic.claude-3-haiku" }, "evaluation.judgeModelId", "versioned Bedrock model"],
    [{ judgeModelId: "anthropic.claude-3-haiku-20240307" }, "evaluation.judgeModelId", "-vN:M"],
    [{ judgeInputPricePer1k: -1 }, "evaluation.judgeInputPricePer1k", "USD per 1,000 tokens"],
    [{ judgeOutputPricePer1k: "0.1" }, "evaluation.judgeOutputPricePer1k", "USD per 1,000 tokens"],
    [{ sampleRate: 1.5 }, "evaluation.sampleRate", "greater than 0 and at most 1"],
    [{ sampleRate: Number.NaN }, "evaluation.sampleRate", "greater than 0 and at most 1"],
    // No randomly sampled answer, no quality SLO: refused here, with the file and field, not at synth.
    [{ sampleRate: 0 }, "evaluation.sampleRate", "the quality SLOs read the randomly sampled answers only"],
    [{ entropyThreshold: 0 }, "evaluation.entropyThreshold", "greater than 0"],
    [{ judgeConcurrency: 0 }, "evaluation.judgeConcurrency", "1 to 64"],
    [{ judgeConcurrency: 2.5 }, "evaluation.judgeConcurrency", "1 to 64"],
    [{ piiLanguages: ["Portuguese"] }, "evaluation.piiLanguages[0]", "lower-case language code"],
    [{ piiLanguages: [] }, "evaluation.piiLanguages", "non-empty list"],
    [{ piiLanguages: "pt" }, "evaluation.piiLanguages", "non-empty list"],
    [{ piiLanguages: ["pt", "pt"] }, "evaluation.piiLanguages", "each language once"],
    [{ piiLanguage: "pt" }, "evaluation.piiLanguage", 'renamed to piiLanguages, a list such as ["pt", "en"]'],
    [{ evaluatorReservedConcurrency: 1 }, "evaluation.evaluatorReservedConcurrency", "2 to 1000"],
    [{ routeTableIds: [] }, "evaluation.routeTableIds", "non-empty list"],
    [{ routeTableIds: ["rt-123"] }, "evaluation.routeTableIds[0]", "rtb-0123456789abcdef0"],
    [{ routeTableIds: ["rtb-01234567", "rtb-01234567"] }, "evaluation.routeTableIds", "each id once"],
    [
      { createVpcEndpoints: false },
      "evaluation.createVpcEndpoints",
      'replaced by evaluation.vpcEndpoints: per service "create" or the id of the VPC\'s existing endpoint',
    ],
  ])("rejects %j at %s", (section, field, allowed) => {
    const problem = onlyProblem(section);
    expect(problem.field).toBe(field);
    const written = Object.values(section)[0] as unknown;
    expect(problem.value).toEqual(field.endsWith("[0]") ? (written as unknown[])[0] : written);
    expect(problem.allowed).toContain(allowed);
  });

  it.each([
    ["bedrock-runtime", "none", "the judge must reach Bedrock privately through a bedrock-runtime endpoint of this VPC"],
    ["sqs", "vpc-123", 'expected "create" or the id of the VPC\'s existing sqs endpoint'],
    ["ec2", "create", "unknown setting; evaluation.vpcEndpoints has bedrock-runtime, comprehend, sqs"],
    ["comprehend", "create", "no Comprehend endpoint is used"],
  ])("rejects vpcEndpoints.%s = %j", (service, choice, allowed) => {
    const problem = onlyProblem({ vpcEndpoints: { [service]: choice } });
    expect([problem.field, problem.value]).toEqual([`evaluation.vpcEndpoints.${service}`, choice]);
    expect(problem.allowed).toContain(allowed);
  });

  it("accepts a Comprehend endpoint id where Comprehend masks the texts", () => {
    expect(validateEvaluation({ piiLanguages: ["pt", "en"], vpcEndpoints: { comprehend: "vpce-0123456789abcdef0" } }, FILE, "us-east-1")).toEqual([]);
  });

  it("reports every bad field at once through validateEnvironment", () => {
    const problems = validateEnvironment({ ...validEnvironment(), evaluation: { sampleRate: 2, judgeModelId: "amazon.titan" } }, FILE);
    expect(problems.map((p) => p.field).sort()).toEqual(["evaluation.judgeModelId", "evaluation.sampleRate"]);
  });
});

describe("evaluation section defaults", () => {
  it("resolves the Haiku judge, 10% sampling and endpoints on", () => {
    expect(resolveEvaluation(undefined, "prod", "us-east-1")).toEqual({
      ...EVALUATION_DEFAULTS,
      piiLanguages: ["pt", "en"],
      vpcEndpoints: {},
      judgeRubricVersion: "bank-qa-rubric/2025-06-v1",
      calibration: CALIBRATION_DEFAULTS,
      // The PII canary runs hourly unless switched off; no PII model endpoint unless named.
      pii: { canary: { enabled: true, intervalMinutes: 60, graceMinutes: 15 } },
    });
    expect(EVALUATION_DEFAULTS).toMatchObject({
      judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0",
      judgeInputPricePer1k: 0.00025,
      judgeOutputPricePer1k: 0.00125,
      sampleRate: 0.1,
      judgeConcurrency: 4,
      evaluatorReservedConcurrency: 5,
    });
    expect(resolveEvaluation(undefined, "prod", "us-east-1").vpcEndpoints).toEqual({});
    expect(resolveEvaluation(undefined, "prod", "us-east-1").routeTableIds).toBeUndefined();
  });

  it("checks the PII model endpoint and the canary's timing, naming the field and what is allowed", () => {
    const problems = (pii: unknown) => validateEvaluation({ pii } as never, FILE, "sa-east-1").map((p) => `${p.field}: ${p.allowed}`);
    expect(problems({ modelEndpoint: "pii-ner-ptbr", canary: { intervalMinutes: 30, graceMinutes: 10 } })).toEqual([]);
    expect(problems({ modelEndpoint: "arn:aws:sagemaker:sa-east-1:123456789012:endpoint/pii" })).toEqual([
      'evaluation.pii.modelEndpoint: expected the name (not the ARN) of a SageMaker endpoint in this account and region, such as "pii-ner-ptbr": letters, digits and hyphens, at most 63',
    ]);
    expect(problems({ canary: { intervalMinutes: 5 } })).toEqual([
      "evaluation.pii.canary.intervalMinutes: expected a whole number of minutes from 10 to 720, e.g. 60",
    ]);
    expect(problems({ canary: { graceMinutes: 60 } })).toEqual([
      "evaluation.pii.canary.graceMinutes: expected a whole number of minutes from 1 to 120, below the interval (60), e.g. 15",
    ]);
    expect(problems({ canary: { enabled: "yes" } })).toEqual(["evaluation.pii.canary.enabled: expected true or false"]);
    expect(resolveEvaluation({ pii: { modelEndpoint: "pii-ner-ptbr", canary: { enabled: false } } }, "prod", "sa-east-1").pii).toEqual({
      modelEndpoint: "pii-ner-ptbr",
      canary: { enabled: false, intervalMinutes: 60, graceMinutes: 15 },
    });
  });

  it("masks with the local detectors only where Comprehend is not offered (sa-east-1), never sending text abroad", () => {
    expect(resolveEvaluation(undefined, "prod", "sa-east-1").piiLanguages).toEqual(["pt"]);
    expect(resolveEvaluation(undefined, "prod", "eu-west-1").piiLanguages).toEqual(["pt", "en"]);
  });

  it("refuses Comprehend masking in a region without Comprehend", () => {
    expect(validateEvaluation({ piiLanguages: ["pt", "en"] }, FILE, "sa-east-1").map((p) => `${p.field}: ${p.allowed}`)).toEqual([
      'evaluation.piiLanguages: Amazon Comprehend is not offered in sa-east-1, so every record would be dead-lettered as masking_failed; leave out "en" (the local detectors mask Portuguese text and Brazilian identifiers there) or use a region where Comprehend is offered',
    ]);
    expect(validateEvaluation({ piiLanguages: ["pt"] }, FILE, "sa-east-1")).toEqual([]);
    expect(validateEvaluation({ piiLanguages: ["pt", "en"] }, FILE, "us-east-1")).toEqual([]);
  });

  it("keeps given values and lands in the resolved environment", () => {
    const resolved = resolveEnvironment({ ...validEnvironment(), evaluation: { piiLanguages: ["pt"], routeTableIds: ["rtb-01234567"] } }, FILE);
    expect(resolved.evaluation.piiLanguages).toEqual(["pt"]);
    expect(resolved.evaluation.routeTableIds).toEqual(["rtb-01234567"]);
    expect(resolved.evaluation.sampleRate).toBe(0.1);
  });
});

describe("evaluation section: judge governance", () => {
  const problems = (section: EvaluationConfig) => validateEvaluation(section, FILE).map((p) => `${p.field} = ${JSON.stringify(p.value)}: ${p.allowed}`);

  it("accepts a rubric version, a candidate and calibration settings, and resolves them", () => {
    const section: EvaluationConfig = {
      judgeRubricVersion: "bank-qa-rubric/2025-06-v1",
      candidateJudge: { judgeModelId: "anthropic.claude-3-5-haiku-20241022-v1:0", rubricVersion: "bank-qa-rubric/2026-07-v2", shadowShare: 0.2 },
      calibration: {
        goldenSet: "calibration/golden/cards.jsonl",
        thresholds: { kappaFloor: 0.7 },
        schedule: "cron(0 3 1 * ? *)",
        scheduleTimezone: "America/Sao_Paulo",
      },
    };
    expect(problems(section)).toEqual([]);
    const resolved = resolveEvaluation(section, "prod", "sa-east-1");
    expect(resolved.candidateJudge).toEqual(section.candidateJudge);
    expect(resolved.calibration).toEqual({
      goldenSet: "calibration/golden/cards.jsonl",
      recordsDir: "calibration/records",
      thresholds: { ...CALIBRATION_DEFAULTS.thresholds, kappaFloor: 0.7 },
      schedule: "cron(0 3 1 * ? *)",
      scheduleTimezone: "America/Sao_Paulo",
    });
  });

  it("names the field and what is allowed for every bad value", () => {
    expect(
      problems({
        judgeRubricVersion: "v3",
        candidateJudge: { judgeModelId: "anthropic.claude-3-haiku", rubricVersion: "bank-qa-rubric/2026-07-v2", shadowShare: 1.5 },
        calibration: {
          goldenSet: "golden.csv",
          thresholds: { kappaFloor: 1.2, lengthCeiling: 0.3 } as never,
          schedule: "monthly",
          scheduleTimezone: "Sao Paulo",
        },
      }),
    ).toEqual([
      'evaluation.judgeRubricVersion = "v3": expected a rubric version the evaluator holds: bank-qa-rubric/2025-06-v1, bank-qa-rubric/2026-07-v2, bank-qa-rubric/2026-12-v3',
      'evaluation.candidateJudge.judgeModelId = "anthropic.claude-3-haiku": expected a versioned Bedrock model or inference-profile id ending in -vN:M',
      "evaluation.candidateJudge.shadowShare = 1.5: expected a share above 0 and at most 1, e.g. 0.2",
      "evaluation.calibration.thresholds.lengthCeiling = 0.3: unknown setting; evaluation.calibration.thresholds has kappaFloor, lengthCorrelationCeiling, paddingGapCeiling, refusalPrecisionFloor, refusalRecallFloor",
      'evaluation.calibration.schedule = "monthly": expected an EventBridge Scheduler expression such as "cron(0 6 1 * ? *)" (monthly)',
      'evaluation.calibration.scheduleTimezone = "Sao Paulo": expected an IANA time zone such as "UTC" or "America/Sao_Paulo"',
      'evaluation.calibration.goldenSet = "golden.csv": expected a JSON lines file (.jsonl)',
      "evaluation.calibration.thresholds.kappaFloor = 1.2: expected a kappa above -1 and at most 1, e.g. 0.6",
    ]);
  });

  it("refuses a candidate that is the current judge", () => {
    expect(problems({ candidateJudge: { judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0", rubricVersion: "bank-qa-rubric/2025-06-v1" } })).toEqual([
      'evaluation.candidateJudge = {"judgeModelId":"anthropic.claude-3-haiku-20240307-v1:0","rubricVersion":"bank-qa-rubric/2025-06-v1"}: expected a pair other than the current judge (judgeModelId + judgeRubricVersion); after a promotion, remove candidateJudge',
    ]);
  });
});
