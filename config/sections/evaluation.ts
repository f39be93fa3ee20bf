/**
 * The `evaluation` section of an environment file: the LLM-as-judge evaluator (Bedrock judge model
 * and its prices, sampling, PII languages, concurrency) and its network plumbing (VPC endpoints).
 */
import { calibrationThresholdProblems, DEFAULT_CALIBRATION_THRESHOLDS, type CalibrationThresholds } from "../../contracts/calibration-record";
import { DEFAULT_RUBRIC_VERSION, isKnownRubricVersion, RUBRIC_VERSIONS, sameJudgePair } from "../../contracts/judge-pair";
import { isVersionedModelId } from "../../contracts/model-id";
import { COMPREHEND_REGIONS, defaultPiiLanguages, masksWithComprehend } from "../../modules/evaluation-layer/comprehend-regions";
import { EVALUATION_LAYER_DEFAULTS, type CandidateJudge, type EvaluationLayerProps } from "../../modules/evaluation-layer/evaluation-layer";
import { DEFAULT_CALIBRATION_SCHEDULE } from "../../modules/evaluation-layer/judge-calibration";
import { DEFAULT_CANARY_INTERVAL_MINUTES, type PiiCanarySettings } from "../../modules/evaluation-layer/pii-canary";
import { SAGEMAKER_ENDPOINT_NAME } from "../../modules/evaluation-layer/pii-model-endpoint";
import {
  isVpcEndpointChoice,
  VPC_ENDPOINT_SERVICES,
  type VpcEndpointChoice,
  type VpcEndpointService,
} from "../../modules/evaluation-layer/evaluation-vpc-endpoints";
import { resolveEvaluatorSettings } from "../../modules/evaluation-layer/evaluator-function";
import type { ConfigProblem } from "../errors";

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

/** Calibration defaults; the golden set is the project's synthetic example. */
export const CALIBRATION_DEFAULTS: ResolvedCalibrationConfig = {
  goldenSet: "calibration/golden/example-set.jsonl",
  recordsDir: "calibration/records",
  thresholds: DEFAULT_CALIBRATION_THRESHOLDS,
  schedule: DEFAULT_CALIBRATION_SCHEDULE,
  scheduleTimezone: "UTC",
};

export interface ResolvedEvaluationConfig {
  readonly judgeModelId: string;
  readonly judgeRubricVersion: string;
  readonly candidateJudge?: CandidateJudge;
  readonly calibration: ResolvedCalibrationConfig;
  readonly judgeInputPricePer1k: number;
  readonly judgeOutputPricePer1k: number;
  readonly sampleRate: number;
  readonly entropyThreshold: number;
  readonly judgeConcurrency: number;
  readonly piiLanguages: readonly string[];
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
const isInt = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isNumber = (v: unknown, min: number, max: number) => typeof v === "number" && Number.isFinite(v) && v >= min && v <= max;

/** Checks the `evaluation` section; every problem names the file and field. */
export function validateEvaluation(section: EvaluationConfig | undefined, file: string, region?: string): ConfigProblem[] {
  if (section === undefined) return [];
  const problems: ConfigProblem[] = [];
  const check = (ok: boolean, field: string, value: unknown, allowed: string) => {
    if (!ok) problems.push({ file, field: `evaluation.${field}`, value, allowed });
  };
  if (section === null || typeof section !== "object") {
    check(false, "(section)", section, "expected an object with the evaluation settings");
    return problems;
  }
  if (section.judgeModelId !== undefined) {
    check(
      typeof section.judgeModelId === "string" && isVersionedModelId(section.judgeModelId),
      "judgeModelId",
      section.judgeModelId,
      "expected a versioned Bedrock model or inference-profile id ending in -vN:M, such as anthropic.claude-3-haiku-20240307-v1:0",
    );
  }
  for (const field of ["judgeInputPricePer1k", "judgeOutputPricePer1k"] as const) {
    if (section[field] !== undefined) {
      check(isNumber(section[field], 0, 1000), field, section[field], "expected a price in USD per 1,000 tokens from 0 to 1000");
    }
  }
  if (section.sampleRate !== undefined) {
    check(isNumber(section.sampleRate, 0, 1), "sampleRate", section.sampleRate, "expected a share from 0 to 1, e.g. 0.1 for 10%");
  }
  if (section.entropyThreshold !== undefined) {
    check(
      isNumber(section.entropyThreshold, 0, 100) && section.entropyThreshold > 0,
      "entropyThreshold",
      section.entropyThreshold,
      "expected a mean token entropy in nats greater than 0 and at most 100, e.g. 1.5",
    );
  }
  if (section.judgeConcurrency !== undefined) {
    check(isInt(section.judgeConcurrency, 1, 64), "judgeConcurrency", section.judgeConcurrency, "expected a whole number from 1 to 64");
  }
  if ((section as { piiLanguage?: unknown }).piiLanguage !== undefined) {
    check(false, "piiLanguage", (section as { piiLanguage?: unknown }).piiLanguage, 'renamed to piiLanguages, a list such as ["pt", "en"]');
  }
  if (section.piiLanguages !== undefined) {
    const codes: unknown = section.piiLanguages;
    if (!Array.isArray(codes) || codes.length === 0) {
      check(
        false,
        "piiLanguages",
        codes,
        'expected a non-empty list of lower-case language codes such as ["pt", "en"]: "en"/"es" add Comprehend to the local detectors, which always run',
      );
    } else {
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
  }
  if (section.evaluatorReservedConcurrency !== undefined) {
    check(
      isInt(section.evaluatorReservedConcurrency, 2, 1000),
      "evaluatorReservedConcurrency",
      section.evaluatorReservedConcurrency,
      "expected a whole number from 2 to 1000 (the SQS mapping's maximum concurrency is at least 2)",
    );
  }
  if (section.routeTableIds !== undefined) {
    if (!Array.isArray(section.routeTableIds) || section.routeTableIds.length === 0) {
      check(false, "routeTableIds", section.routeTableIds, "expected a non-empty list of route table ids, or leave it out");
    } else {
      section.routeTableIds.forEach((id, i) =>
        check(typeof id === "string" && ROUTE_TABLE_ID.test(id), `routeTableIds[${i}]`, id, "expected a route table id such as rtb-0123456789abcdef0"),
      );
      check(new Set(section.routeTableIds).size === section.routeTableIds.length, "routeTableIds", section.routeTableIds, "expected each id once");
    }
  }
  if ((section as { createVpcEndpoints?: unknown }).createVpcEndpoints !== undefined) {
    check(
      false,
      "createVpcEndpoints",
      (section as { createVpcEndpoints?: unknown }).createVpcEndpoints,
      `replaced by evaluation.vpcEndpoints: per service "create" or the id of the VPC's existing endpoint, e.g. ${VPC_ENDPOINTS_EXAMPLE}; ` +
        "services not listed are created, and bedrock-runtime is always reached privately",
    );
  }
  const endpoints = section.vpcEndpoints as Record<string, unknown> | undefined;
  if (endpoints !== undefined) {
    if (endpoints === null || typeof endpoints !== "object" || Array.isArray(endpoints)) {
      check(false, "vpcEndpoints", endpoints, `expected an object of service -> "create" or "vpce-...", e.g. ${VPC_ENDPOINTS_EXAMPLE}`);
    } else {
      const comprehendUsed =
        region !== undefined &&
        COMPREHEND_REGIONS.includes(region) &&
        (section.piiLanguages ?? defaultPiiLanguages(region)).some((language) => masksWithComprehend(language));
      for (const [service, choice] of Object.entries(endpoints)) {
        if (!(VPC_ENDPOINT_SERVICES as readonly string[]).includes(service)) {
          check(false, `vpcEndpoints.${service}`, choice, `unknown service; allowed: ${VPC_ENDPOINT_SERVICES.join(", ")}`);
          continue;
        }
        if (service === "bedrock-runtime" && !isVpcEndpointChoice(choice)) {
          check(
            false,
            "vpcEndpoints.bedrock-runtime",
            choice,
            'the judge must reach Bedrock privately through a bedrock-runtime endpoint of this VPC: "create", or the id of the existing endpoint (vpce-...)',
          );
          continue;
        }
        check(
          isVpcEndpointChoice(choice),
          `vpcEndpoints.${service}`,
          choice,
          `expected "create" or the id of the VPC's existing ${service} endpoint, such as vpce-0123456789abcdef0`,
        );
        if (service === "comprehend" && !comprehendUsed) {
          check(
            false,
            "vpcEndpoints.comprehend",
            choice,
            "no Comprehend endpoint is used: PII masking here uses the local detectors only (piiLanguages or region); remove it",
          );
        }
      }
    }
  }
  const rubricVersions = Object.keys(RUBRIC_VERSIONS).join(", ");
  if (section.judgeRubricVersion !== undefined) {
    check(
      typeof section.judgeRubricVersion === "string" && isKnownRubricVersion(section.judgeRubricVersion),
      "judgeRubricVersion",
      section.judgeRubricVersion,
      `expected a rubric version the evaluator holds: ${rubricVersions}`,
    );
  }
  const candidate = section.candidateJudge;
  if (candidate !== undefined) {
    if (candidate === null || typeof candidate !== "object") {
      check(false, "candidateJudge", candidate, "expected { judgeModelId, rubricVersion, shadowShare? }");
    } else {
      check(
        typeof candidate.judgeModelId === "string" && isVersionedModelId(candidate.judgeModelId),
        "candidateJudge.judgeModelId",
        candidate.judgeModelId,
        "expected a versioned Bedrock model or inference-profile id ending in -vN:M",
      );
      check(
        typeof candidate.rubricVersion === "string" && isKnownRubricVersion(candidate.rubricVersion),
        "candidateJudge.rubricVersion",
        candidate.rubricVersion,
        `expected a rubric version the evaluator holds: ${rubricVersions}`,
      );
      if (candidate.shadowShare !== undefined) {
        check(
          isNumber(candidate.shadowShare, 0, 1) && candidate.shadowShare > 0,
          "candidateJudge.shadowShare",
          candidate.shadowShare,
          "expected a share above 0 and at most 1, e.g. 0.2",
        );
      }
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
  }
  problems.push(...validatePii(section.pii, file));
  const calibration = section.calibration;
  if (calibration !== undefined) {
    if (calibration === null || typeof calibration !== "object") {
      check(false, "calibration", calibration, "expected { goldenSet, recordsDir, thresholds, schedule, scheduleTimezone }");
    } else {
      for (const field of ["goldenSet", "recordsDir"] as const) {
        if (calibration[field] !== undefined) {
          check(
            typeof calibration[field] === "string" && calibration[field].trim() !== "",
            `calibration.${field}`,
            calibration[field],
            "expected a path relative to the project root, or absolute",
          );
        }
      }
      if (calibration.goldenSet !== undefined && typeof calibration.goldenSet === "string") {
        check(calibration.goldenSet.endsWith(".jsonl"), "calibration.goldenSet", calibration.goldenSet, "expected a JSON lines file (.jsonl)");
      }
      if (calibration.thresholds !== undefined) {
        if (calibration.thresholds === null || typeof calibration.thresholds !== "object") {
          check(
            false,
            "calibration.thresholds",
            calibration.thresholds,
            `expected an object with any of ${Object.keys(DEFAULT_CALIBRATION_THRESHOLDS).join(", ")}`,
          );
        } else {
          for (const key of Object.keys(calibration.thresholds)) {
            if (!(key in DEFAULT_CALIBRATION_THRESHOLDS))
              check(
                false,
                `calibration.thresholds.${key}`,
                (calibration.thresholds as Record<string, unknown>)[key],
                `unknown bound; allowed: ${Object.keys(DEFAULT_CALIBRATION_THRESHOLDS).join(", ")}`,
              );
          }
          for (const problem of calibrationThresholdProblems(calibration.thresholds))
            check(false, `calibration.thresholds.${problem.name}`, problem.value, `expected ${problem.allowed}`);
        }
      }
      if (calibration.schedule !== undefined) {
        check(
          typeof calibration.schedule === "string" && /^(cron\([^()]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/.test(calibration.schedule),
          "calibration.schedule",
          calibration.schedule,
          `expected an EventBridge Scheduler expression such as "${DEFAULT_CALIBRATION_SCHEDULE}" (monthly)`,
        );
      }
      if (calibration.scheduleTimezone !== undefined) {
        check(
          typeof calibration.scheduleTimezone === "string" && /^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(calibration.scheduleTimezone),
          "calibration.scheduleTimezone",
          calibration.scheduleTimezone,
          'expected an IANA time zone such as "UTC" or "America/Sao_Paulo"',
        );
      }
    }
  }
  return problems;
}

/** Checks `evaluation.pii`; every problem names the file and field. */
function validatePii(pii: PiiConfig | undefined, file: string): ConfigProblem[] {
  if (pii === undefined) return [];
  const problems: ConfigProblem[] = [];
  const check = (ok: boolean, field: string, value: unknown, allowed: string) => {
    if (!ok) problems.push({ file, field: `evaluation.pii.${field}`, value, allowed });
  };
  if (pii === null || typeof pii !== "object") {
    check(false, "(section)", pii, "expected { modelEndpoint?, canary? }");
    return problems;
  }
  if (pii.modelEndpoint !== undefined) {
    check(
      typeof pii.modelEndpoint === "string" && SAGEMAKER_ENDPOINT_NAME.test(pii.modelEndpoint),
      "modelEndpoint",
      pii.modelEndpoint,
      'expected the name (not the ARN) of a SageMaker endpoint in this account and region, such as "pii-ner-ptbr": letters, digits and hyphens, at most 63',
    );
  }
  const canary = pii.canary;
  if (canary !== undefined) {
    if (canary === null || typeof canary !== "object") {
      check(false, "canary", canary, "expected { enabled?, intervalMinutes?, graceMinutes? }");
      return problems;
    }
    if (canary.enabled !== undefined) check(typeof canary.enabled === "boolean", "canary.enabled", canary.enabled, "expected true or false");
    const interval = canary.intervalMinutes ?? DEFAULT_CANARY_INTERVAL_MINUTES;
    if (canary.intervalMinutes !== undefined) {
      check(
        isInt(canary.intervalMinutes, 10, 720),
        "canary.intervalMinutes",
        canary.intervalMinutes,
        "expected a whole number of minutes from 10 to 720, e.g. 60",
      );
    }
    if (canary.graceMinutes !== undefined) {
      check(
        isInt(canary.graceMinutes, 1, 120) && canary.graceMinutes < interval,
        "canary.graceMinutes",
        canary.graceMinutes,
        `expected a whole number of minutes from 1 to 120, below the interval (${interval}), e.g. 15`,
      );
    }
  }
  return problems;
}

/**
 * Applies the defaults: the evaluator's own (`resolveEvaluatorSettings`, which also picks the PII
 * languages for the region), so the module and the environment cannot disagree. Call only on a
 * section `validateEvaluation` accepted.
 */
export function resolveEvaluation(section: EvaluationConfig | undefined, _stage: string, region: string): ResolvedEvaluationConfig {
  const s = section ?? {};
  const {
    judgeModelId,
    judgeRubricVersion,
    judgeInputPricePer1k,
    judgeOutputPricePer1k,
    sampleRate,
    entropyThreshold,
    judgeConcurrency,
    piiLanguages,
    reservedConcurrency,
  } = resolveEvaluatorSettings({ ...s, reservedConcurrency: s.evaluatorReservedConcurrency }, region);
  const c = s.calibration ?? {};
  return {
    judgeModelId,
    judgeRubricVersion,
    judgeInputPricePer1k,
    judgeOutputPricePer1k,
    sampleRate,
    entropyThreshold,
    judgeConcurrency,
    piiLanguages: [...piiLanguages],
    evaluatorReservedConcurrency: reservedConcurrency,
    ...(s.routeTableIds !== undefined ? { routeTableIds: [...s.routeTableIds] } : {}),
    vpcEndpoints: { ...(s.vpcEndpoints ?? {}) },
    pii: {
      ...(s.pii?.modelEndpoint !== undefined ? { modelEndpoint: s.pii.modelEndpoint } : {}),
      canary: {
        enabled: s.pii?.canary?.enabled ?? true,
        intervalMinutes: s.pii?.canary?.intervalMinutes ?? DEFAULT_CANARY_INTERVAL_MINUTES,
        graceMinutes: s.pii?.canary?.graceMinutes ?? 15,
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
