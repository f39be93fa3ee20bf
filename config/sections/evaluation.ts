/**
 * The `evaluation` section of an environment file: the LLM-as-judge evaluator (Bedrock judge model
 * and its prices, sampling, PII languages, concurrency) and its network plumbing (VPC endpoints).
 */
import { calibrationThresholdProblems, type CalibrationThresholds } from "../../contracts/calibration-record";
import { DEFAULT_RUBRIC_VERSION, sameJudgePair } from "../../contracts/judge-pair";
import { CANARY_GRACE_MINUTES, CANARY_INTERVAL_MINUTES } from "../../contracts/pii-canary";
import {
  COMPREHEND_REGIONS,
  defaultPiiLanguages,
  EVALUATION_LAYER_DEFAULTS,
  isVpcEndpointChoice,
  masksWithComprehend,
  resolveEvaluatorSettings,
  type CandidateJudge,
  type EvaluationLayerProps,
  type PiiCanarySettings,
  type ResolvedEvaluatorSettings,
  type VpcEndpointChoice,
  type VpcEndpointService,
} from "../../modules/evaluation-layer";
import type { ConfigProblem } from "../errors";
import { checkSettings } from "../schema/check";
import { CALIBRATION_DEFAULTS, EVALUATION_SCHEMA } from "../schema/evaluation";
import { type Check, notAnObject, sectionProblems } from "./section-check";

/**
 * What an environment file may set of the evaluation layer: the judge, sampling, PII languages and
 * concurrency of the evaluator, and the VPC endpoints (per service, create or use an existing one).
 * Each field is the `EvaluationLayerProps`
 * prop of the same name, documented there with its default.
 */
export type EvaluationConfig = Pick<
  EvaluationLayerProps,
  | "judgeModelId"
  | "judgeRubricVersion"
  | "candidateJudge"
  | "judgeInputPricePer1k"
  | "judgeOutputPricePer1k"
  | "sampleRate"
  | "entropyThreshold"
  | "judgeConcurrency"
  | "piiLanguages"
  | "evaluatorReservedConcurrency"
  | "routeTableIds"
  | "vpcEndpoints"
> & {
  /** Golden-set calibration of the judge (`CalibrationConfig`). @default - the example golden set, `calibration/records/`, default floors, monthly */
  readonly calibration?: CalibrationConfig;
  /** Keeping client data out of the judge beyond the local masks (`PiiConfig`). @default - canary hourly, no model endpoint */
  readonly pii?: PiiConfig;
};

/** The optional in-region PII model and the PII canary. */
export interface PiiConfig {
  /**
   * Name of a SageMaker endpoint in this environment's account and region that serves a token
   * classifier (for example a Portuguese BERT NER model the bank stages in S3); its person and
   * address entities are masked together with the local detectors' (docs/pii-guard.md).
   * @default - the local detectors only
   * @example "pii-ner-ptbr"
   */
  readonly modelEndpoint?: string;
  /** The PII canary (`PiiCanarySettings`: enabled, intervalMinutes, graceMinutes). @default - every 60 minutes */
  readonly canary?: PiiCanarySettings;
}

/**
 * Where the judge's calibration evidence lives and what it must show. Paths are relative to the
 * project root (the folder holding `environments/`).
 */
export interface CalibrationConfig {
  /**
   * The golden set (JSON lines) the calibration function runs monthly. The example set is synthetic:
   * bring your business line's own (about 200 human-scored pairs).
   * @default "calibration/golden/example-set.jsonl"
   */
  readonly goldenSet?: string;
  /** Folder of committed calibration records; synth needs a passing one for the judge pair. @default "calibration/records" */
  readonly recordsDir?: string;
  /** Floors and ceilings over the defaults (kappa 0.6, length correlation 0.3, padding 0.5 points, refusal precision and recall 0.75). @default {} */
  readonly thresholds?: Partial<CalibrationThresholds>;
  /** EventBridge Scheduler expression of the calibration run. @default "cron(0 6 1 * ? *)" */
  readonly schedule?: string;
  /** IANA time zone of the schedules. @default "UTC" */
  readonly scheduleTimezone?: string;
}

export interface ResolvedCalibrationConfig {
  readonly goldenSet: string;
  readonly recordsDir: string;
  readonly thresholds: CalibrationThresholds;
  readonly schedule: string;
  readonly scheduleTimezone: string;
}

export { CALIBRATION_DEFAULTS } from "../schema/evaluation";

/** The evaluator settings an environment file can set under their own names, in the order the resolved section lists them. */
const JUDGE_AND_SAMPLING_SETTINGS = [
  "judgeModelId",
  "judgeRubricVersion",
  "judgeInputPricePer1k",
  "judgeOutputPricePer1k",
  "sampleRate",
  "entropyThreshold",
  "judgeConcurrency",
] as const satisfies readonly (keyof ResolvedEvaluatorSettings)[];

type JudgeAndSamplingSettings = Pick<ResolvedEvaluatorSettings, (typeof JUDGE_AND_SAMPLING_SETTINGS)[number] | "piiLanguages">;

export interface ResolvedEvaluationConfig extends JudgeAndSamplingSettings {
  readonly candidateJudge?: CandidateJudge;
  readonly calibration: ResolvedCalibrationConfig;
  readonly evaluatorReservedConcurrency: number;
  readonly routeTableIds?: readonly string[];
  /** Per service, "create" or the id of the VPC's existing endpoint; services not listed are created. */
  readonly vpcEndpoints: Readonly<Partial<Record<VpcEndpointService, VpcEndpointChoice>>>;
  readonly pii: { readonly modelEndpoint?: string; readonly canary: Required<PiiCanarySettings> };
}

/**
 * Defaults: the module's own (`EVALUATION_LAYER_DEFAULTS`). `piiLanguages` depends on the region
 * (`defaultPiiLanguages`): the local detectors only where Comprehend is not offered, such as sa-east-1.
 */
export const EVALUATION_DEFAULTS: Omit<
  ResolvedEvaluationConfig,
  "routeTableIds" | "piiLanguages" | "vpcEndpoints" | "judgeRubricVersion" | "candidateJudge" | "calibration" | "pii"
> = EVALUATION_LAYER_DEFAULTS;

/** Example of `vpcEndpoints`, shown in error messages. */
export const VPC_ENDPOINTS_EXAMPLE = '{ sqs: "vpce-0123456789abcdef0", logs: "vpce-0123456789abcdef1" }';

const ROUTE_TABLE_ID = /^rtb-[0-9a-f]{8}([0-9a-f]{9})?$/;
const LANGUAGE = /^[a-z]{2}(-[a-z]{2})?$/;

function checkPiiLanguages(codes: unknown, region: string | undefined, check: Check): void {
  if (codes === undefined) return;
  if (!Array.isArray(codes) || codes.length === 0) {
    check(
      false,
      "piiLanguages",
      codes,
      'expected a non-empty list of lower-case language codes such as ["pt", "en"]: "en"/"es" add Comprehend to the local detectors, which always run',
    );
    return;
  }
  codes.forEach((code, i) =>
    check(typeof code === "string" && LANGUAGE.test(code), `piiLanguages[${i}]`, code, 'expected a lower-case language code such as "pt", "en" or "es"'),
  );
  check(new Set(codes).size === codes.length, "piiLanguages", codes, "expected each language once");
  const comprehend = codes.filter((code): code is string => typeof code === "string" && masksWithComprehend(code));
  if (region !== undefined && comprehend.length > 0 && !COMPREHEND_REGIONS.includes(region)) {
    check(
      false,
      "piiLanguages",
      codes,
      `Amazon Comprehend is not offered in ${region}, so every record would be dead-lettered as masking_failed; leave out ${comprehend.map((code) => `"${code}"`).join(", ")} (the local detectors mask Portuguese text and Brazilian identifiers there) or use a region where Comprehend is offered`,
    );
  }
}

function checkRouteTables(ids: unknown, check: Check): void {
  if (ids === undefined) return;
  if (!Array.isArray(ids) || ids.length === 0) {
    check(false, "routeTableIds", ids, "expected a non-empty list of route table ids, or leave it out");
    return;
  }
  ids.forEach((id, i) =>
    check(typeof id === "string" && ROUTE_TABLE_ID.test(id), `routeTableIds[${i}]`, id, "expected a route table id such as rtb-0123456789abcdef0"),
  );
  check(new Set(ids).size === ids.length, "routeTableIds", ids, "expected each id once");
}

/** A Comprehend endpoint where no PII language uses Comprehend would be paid for and never called. */
function checkComprehendEndpoint(section: EvaluationConfig, region: string | undefined, check: Check): void {
  const choice = (section.vpcEndpoints as Record<string, unknown> | undefined)?.comprehend;
  if (choice === undefined || !isVpcEndpointChoice(choice)) return;
  const used =
    region !== undefined &&
    COMPREHEND_REGIONS.includes(region) &&
    (section.piiLanguages ?? defaultPiiLanguages(region)).some((language) => masksWithComprehend(language));
  check(
    used,
    "vpcEndpoints.comprehend",
    choice,
    "no Comprehend endpoint is used: PII masking here uses the local detectors only (piiLanguages or region); remove it",
  );
}

function checkCandidate(section: EvaluationConfig, check: Check): void {
  const candidate = section.candidateJudge;
  if (candidate === undefined || candidate === null || typeof candidate !== "object") return;
  const current = {
    judgeModelId: section.judgeModelId ?? EVALUATION_LAYER_DEFAULTS.judgeModelId,
    rubricVersion: section.judgeRubricVersion ?? DEFAULT_RUBRIC_VERSION,
  };
  if (typeof candidate.judgeModelId === "string" && typeof candidate.rubricVersion === "string" && sameJudgePair(candidate, current)) {
    check(
      false,
      "candidateJudge",
      candidate,
      "expected a pair other than the current judge (judgeModelId + judgeRubricVersion); after a promotion, remove candidateJudge",
    );
  }
}

function checkCalibration(calibration: CalibrationConfig | undefined, check: Check): void {
  if (calibration === undefined || calibration === null || typeof calibration !== "object") return;
  if (typeof calibration.goldenSet === "string" && calibration.goldenSet.trim() !== "") {
    check(calibration.goldenSet.endsWith(".jsonl"), "calibration.goldenSet", calibration.goldenSet, "expected a JSON lines file (.jsonl)");
  }
  if (calibration.thresholds !== null && typeof calibration.thresholds === "object") {
    for (const problem of calibrationThresholdProblems(calibration.thresholds)) {
      check(false, `calibration.thresholds.${problem.name}`, problem.value, `expected ${problem.allowed}`);
    }
  }
}

/** Checks the `evaluation` section: its declarations, then the rules that need the region or other fields. */
export function validateEvaluation(section: EvaluationConfig | undefined, file: string, region?: string): ConfigProblem[] {
  if (section === undefined) return [];
  const shape = notAnObject(section, file, "evaluation", "expected an object with the evaluation settings");
  if (shape) return [shape];
  const { problems, check } = sectionProblems(file, "evaluation");
  problems.push(...checkSettings(EVALUATION_SCHEMA, section, file, "evaluation"));
  checkPiiLanguages(section.piiLanguages, region, check);
  checkRouteTables(section.routeTableIds, check);
  checkComprehendEndpoint(section, region, check);
  checkCandidate(section, check);
  checkCalibration(section.calibration, check);
  problems.push(...validatePii(section.pii, file));
  return problems;
}

/** `evaluation.pii.canary.graceMinutes` must be below the interval (declared or default); the rest is declared in schema/evaluation.ts. */
function validatePii(pii: PiiConfig | undefined, file: string): ConfigProblem[] {
  const canary = pii !== null && typeof pii === "object" ? pii.canary : undefined;
  if (canary === undefined || canary === null || typeof canary !== "object" || typeof canary.graceMinutes !== "number") return [];
  const interval = canary.intervalMinutes ?? CANARY_INTERVAL_MINUTES.default;
  const grace = CANARY_GRACE_MINUTES;
  if (canary.graceMinutes < interval) return [];
  return [
    {
      file,
      field: "evaluation.pii.canary.graceMinutes",
      value: canary.graceMinutes,
      allowed: `expected a whole number of minutes from ${grace.min} to ${grace.max}, below the interval (${interval}), e.g. ${grace.default}`,
    },
  ];
}

/**
 * Applies the defaults: the evaluator's own (`resolveEvaluatorSettings`, which also picks the PII
 * languages for the region), so the module and the environment cannot disagree. Call only on a
 * section `validateEvaluation` accepted.
 */
export function resolveEvaluation(section: EvaluationConfig | undefined, _stage: string, region: string): ResolvedEvaluationConfig {
  const s = section ?? {};
  const evaluator = resolveEvaluatorSettings({ ...s, reservedConcurrency: s.evaluatorReservedConcurrency }, region);
  const c = s.calibration ?? {};
  return {
    ...(Object.fromEntries(JUDGE_AND_SAMPLING_SETTINGS.map((name) => [name, evaluator[name]])) as Omit<JudgeAndSamplingSettings, "piiLanguages">),
    piiLanguages: [...evaluator.piiLanguages],
    evaluatorReservedConcurrency: evaluator.reservedConcurrency,
    ...(s.routeTableIds !== undefined ? { routeTableIds: [...s.routeTableIds] } : {}),
    vpcEndpoints: { ...(s.vpcEndpoints ?? {}) },
    pii: {
      ...(s.pii?.modelEndpoint !== undefined ? { modelEndpoint: s.pii.modelEndpoint } : {}),
      canary: {
        enabled: s.pii?.canary?.enabled ?? true,
        intervalMinutes: s.pii?.canary?.intervalMinutes ?? CANARY_INTERVAL_MINUTES.default,
        graceMinutes: s.pii?.canary?.graceMinutes ?? CANARY_GRACE_MINUTES.default,
      },
    },
    ...(s.candidateJudge !== undefined ? { candidateJudge: { ...s.candidateJudge } } : {}),
    calibration: {
      goldenSet: c.goldenSet ?? CALIBRATION_DEFAULTS.goldenSet,
      recordsDir: c.recordsDir ?? CALIBRATION_DEFAULTS.recordsDir,
      thresholds: { ...CALIBRATION_DEFAULTS.thresholds, ...(c.thresholds ?? {}) },
      schedule: c.schedule ?? CALIBRATION_DEFAULTS.schedule,
      scheduleTimezone: c.scheduleTimezone ?? CALIBRATION_DEFAULTS.scheduleTimezone,
    },
  };
}
