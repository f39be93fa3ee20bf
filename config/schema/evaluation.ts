/** Declarations of the `evaluation` settings of an environment file (the LLM-as-judge evaluator). */
import { z } from "zod";
import { DEFAULT_CALIBRATION_THRESHOLDS } from "../../contracts/calibration-record";
import { DEFAULT_RUBRIC_VERSION, isKnownRubricVersion, RUBRIC_VERSIONS } from "../../contracts/judge-pair";
import { isVersionedModelId } from "../../contracts/model-id";
import { CANARY_GRACE_MINUTES, CANARY_INTERVAL_MINUTES } from "../../contracts/pii-canary";
import {
  DEFAULT_CALIBRATION_SCHEDULE,
  DEFAULT_SCHEDULE_TIMEZONE,
  EVALUATOR_DEFAULTS,
  isVpcEndpointChoice,
  SAGEMAKER_ENDPOINT_NAME,
  SCHEDULE_EXPRESSION,
  VPC_ENDPOINT_SERVICES,
} from "../../modules/evaluation-layer";
import { flag, group, num, setting, shown, wholeNumber } from "./setting";

/** Calibration defaults; the golden set is the project's synthetic example. */
export const CALIBRATION_DEFAULTS = {
  goldenSet: "calibration/golden/example-set.jsonl",
  recordsDir: "calibration/records",
  thresholds: DEFAULT_CALIBRATION_THRESHOLDS,
  schedule: DEFAULT_CALIBRATION_SCHEDULE,
  scheduleTimezone: DEFAULT_SCHEDULE_TIMEZONE,
};

const d = EVALUATOR_DEFAULTS;
const rubricVersions = Object.keys(RUBRIC_VERSIONS).join(", ");
const versionedModelId = z.string().refine(isVersionedModelId);
const rubricVersion = z.string().refine(isKnownRubricVersion);
const path = (description: string, shownDefault: string) =>
  setting(z.string().trim().min(1), { description, default: shownDefault, allowed: "expected a path relative to the project root, or absolute" }).optional();

const vpcEndpoint = (service: string) =>
  service === "bedrock-runtime"
    ? setting(z.unknown().refine(isVpcEndpointChoice), {
        description: "The judge's private route to Bedrock: always an endpoint of this VPC.",
        default: '"create"',
        allowed:
          'the judge must reach Bedrock privately through a bedrock-runtime endpoint of this VPC: "create", or the id of the existing endpoint (vpce-...)',
      }).optional()
    : setting(z.unknown().refine(isVpcEndpointChoice), {
        description: `\`"create"\` or the id of the VPC's existing ${service} endpoint.`,
        default: '"create"',
        allowed: `expected "create" or the id of the VPC's existing ${service} endpoint, such as vpce-0123456789abcdef0`,
      }).optional();

const calibrationThreshold = (name: string) =>
  setting(z.number(), {
    description: `Calibration bound \`${name}\`.`,
    default: shown(DEFAULT_CALIBRATION_THRESHOLDS[name as keyof typeof DEFAULT_CALIBRATION_THRESHOLDS]),
    allowed: "see calibrationThresholdProblems",
    checkedBy: "section",
  }).optional();

/** The judge's price per 1,000 tokens of one direction: both directions share one range. */
const judgePricePer1k = (tokens: "input" | "output", fallback: number) =>
  setting(num(0, 1000), {
    description: `Judge price, USD per 1,000 ${tokens} tokens.`,
    default: shown(fallback),
    allowed: "expected a price in USD per 1,000 tokens from 0 to 1000",
  }).optional();

export const EVALUATION_SCHEMA = group(
  {
    judgeModelId: setting(versionedModelId, {
      description: "Versioned Bedrock model or inference-profile id of the judge.",
      default: shown(d.judgeModelId),
      allowed: "expected a versioned Bedrock model or inference-profile id ending in -vN:M, such as anthropic.claude-3-haiku-20240307-v1:0",
    }).optional(),
    judgeRubricVersion: setting(rubricVersion, {
      description: "Rubric version the judge scores with.",
      default: shown(DEFAULT_RUBRIC_VERSION),
      allowed: `expected a rubric version the evaluator holds: ${rubricVersions}`,
    }).optional(),
    candidateJudge: group(
      {
        judgeModelId: setting(versionedModelId, {
          description: "The candidate's model id.",
          allowed: "expected a versioned Bedrock model or inference-profile id ending in -vN:M",
        }),
        rubricVersion: setting(rubricVersion, {
          description: "The candidate's rubric version.",
          allowed: `expected a rubric version the evaluator holds: ${rubricVersions}`,
        }),
        shadowShare: setting(z.number().gt(0).max(1), {
          description: "Share of the scored records the candidate judges too.",
          default: "1",
          allowed: "expected a share above 0 and at most 1, e.g. 0.2",
        }).optional(),
      },
      "A shadow judge pair scored beside the current one, for promotion.",
    ).optional(),
    judgeInputPricePer1k: judgePricePer1k("input", d.judgeInputPricePer1k),
    judgeOutputPricePer1k: judgePricePer1k("output", d.judgeOutputPricePer1k),
    sampleRate: setting(z.number().gt(0).max(1), {
      description: "Share of ordinary answers judged (the random stratum the quality SLOs read); flagged and low-confidence ones always are.",
      default: shown(d.sampleRate),
      allowed: "expected a share greater than 0 and at most 1, e.g. 0.1 for 10% (the quality SLOs read the randomly sampled answers only)",
    }).optional(),
    entropyThreshold: setting(z.number().gt(0).max(100), {
      description: "Mean token entropy (nats) above which an answer is low-confidence and always judged.",
      default: shown(d.entropyThreshold),
      allowed: "expected a mean token entropy in nats greater than 0 and at most 100, e.g. 1.5",
    }).optional(),
    judgeConcurrency: wholeNumber(1, 64, {
      description: "Judge calls in flight per evaluator invocation.",
      default: shown(d.judgeConcurrency),
    }).optional(),
    piiLanguages: setting(z.array(z.string()), {
      description: 'PII languages masked before the judge sees a text; "en"/"es" add Comprehend to the local detectors.',
      default: '["pt", "en"] where Comprehend is offered, ["pt"] elsewhere (e.g. sa-east-1)',
      allowed: 'expected a non-empty list of lower-case language codes such as ["pt", "en"]',
      checkedBy: "section",
    }).optional(),
    evaluatorReservedConcurrency: wholeNumber(2, 1000, {
      description: "Reserved concurrency of the evaluator, also the SQS mapping's maximum concurrency.",
      default: shown(d.reservedConcurrency),
      rangeNote: " (the SQS mapping's maximum concurrency is at least 2)",
    }).optional(),
    routeTableIds: setting(z.array(z.string()), {
      description: "Private route tables that get S3 and DynamoDB gateway endpoints.",
      default: "none",
      allowed: "expected a non-empty list of route table ids, or leave it out",
      checkedBy: "section",
    }).optional(),
    vpcEndpoints: group(
      Object.fromEntries(VPC_ENDPOINT_SERVICES.map((service) => [service, vpcEndpoint(service)])),
      'Per service, "create" or the id of the VPC\'s existing endpoint; services not listed are created.',
    ).optional(),
    pii: group(
      {
        modelEndpoint: setting(z.string().regex(SAGEMAKER_ENDPOINT_NAME), {
          description:
            "Name of a SageMaker endpoint in this account and region serving a token classifier; its person and address entities are masked with the local detectors'.",
          default: "the local detectors only",
          allowed:
            'expected the name (not the ARN) of a SageMaker endpoint in this account and region, such as "pii-ner-ptbr": letters, digits and hyphens, at most 63',
        }).optional(),
        canary: group(
          {
            enabled: flag({ description: "Plant and check the PII canary.", default: "true" }).optional(),
            intervalMinutes: wholeNumber(CANARY_INTERVAL_MINUTES.min, CANARY_INTERVAL_MINUTES.max, {
              description: "Minutes between canary plants.",
              default: shown(CANARY_INTERVAL_MINUTES.default),
              unit: "minutes",
              rangeNote: `, e.g. ${CANARY_INTERVAL_MINUTES.default}`,
            }).optional(),
            graceMinutes: wholeNumber(CANARY_GRACE_MINUTES.min, CANARY_GRACE_MINUTES.max, {
              description: "Minutes the checker waits for a planted canary's verdict; below the interval.",
              default: shown(CANARY_GRACE_MINUTES.default),
              unit: "minutes",
              rangeNote: `, below the interval, e.g. ${CANARY_GRACE_MINUTES.default}`,
            }).optional(),
          },
          "The PII canary: fresh canary client data planted as an inference-log record and looked for in the judge's input.",
        ).optional(),
      },
      "Keeping client data out of the judge beyond the local masks.",
    ).optional(),
    calibration: group(
      {
        goldenSet: path("Golden set (JSON lines) the calibration function runs monthly.", shown(CALIBRATION_DEFAULTS.goldenSet)),
        recordsDir: path("Folder of committed calibration records; synth needs a passing one for the judge pair.", shown(CALIBRATION_DEFAULTS.recordsDir)),
        thresholds: group(
          Object.fromEntries(Object.keys(DEFAULT_CALIBRATION_THRESHOLDS).map((name) => [name, calibrationThreshold(name)])),
          "Floors and ceilings over the defaults.",
        ).optional(),
        schedule: setting(z.string().regex(SCHEDULE_EXPRESSION), {
          description: "EventBridge Scheduler expression of the calibration run.",
          default: shown(CALIBRATION_DEFAULTS.schedule),
          allowed: `expected an EventBridge Scheduler expression such as "${CALIBRATION_DEFAULTS.schedule}" (monthly)`,
        }).optional(),
        scheduleTimezone: setting(z.string().regex(/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/), {
          description: "IANA time zone of the schedules.",
          default: shown(CALIBRATION_DEFAULTS.scheduleTimezone),
          allowed: 'expected an IANA time zone such as "UTC" or "America/Sao_Paulo"',
        }).optional(),
      },
      "Golden-set calibration of the judge.",
    ).optional(),
  },
  "LLM-as-judge evaluator: judge model and prices, sampling, PII languages, VPC endpoints.",
);
