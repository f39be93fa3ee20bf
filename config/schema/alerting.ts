/** Declarations of the `alerting` settings of an environment file. */
import { z } from "zod";
import {
  DEFAULT_ESCALATION_DELAY_MINUTES,
  DEFAULT_EXPECTED_REQUESTS_PER_DAY,
  DEFAULT_JUDGE_DAILY_BUDGET_USD,
  DEFAULT_REQUEST_TYPE_QUALITY,
  DEFAULT_SLO_OBJECTIVES,
  qualityThresholdsByRequestType,
} from "../../modules/alerting";
import { QUALITY_SLI_READINGS, type QualitySliReading } from "../../contracts/judge-error";
import { flag, group, positiveShare, setting, shown, wholeNumber } from "./setting";

/** An example of `runbookBaseUrl`, shown in error messages. */
export const RUNBOOK_BASE_URL_EXAMPLE = "https://git.example-bank.com/platform/llm-observability/blob/main/runbooks";
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;
export const PAGERDUTY_ID = /^[A-Z0-9]{7,20}$/;

/** Alerting defaults: the alerting module's own, imported. */
export const ALERTING_DEFAULTS = {
  judgeDailyBudgetUsd: DEFAULT_JUDGE_DAILY_BUDGET_USD,
  /** The source article's bars: a balance question is held stricter than an investment-strategy one. */
  qualityThresholds: qualityThresholdsByRequestType(DEFAULT_REQUEST_TYPE_QUALITY) as Readonly<Record<string, number>>,
  /** Threshold for request types not listed (the quality publisher's fallback; they get no SLO of their own). */
  defaultQualityThreshold: 0.75,
  /** Every quality SLO reads the judge's verdicts corrected for its measured error (ADR 0001, section 7). */
  qualitySliReadings: { default: "corrected" } as Readonly<Record<string, QualitySliReading>>,
  escalationDelayMinutes: DEFAULT_ESCALATION_DELAY_MINUTES,
  /** The source article's traffic per endpoint. */
  expectedRequestsPerDay: DEFAULT_EXPECTED_REQUESTS_PER_DAY,
} as const;

const score = positiveShare;
const objective = (name: keyof typeof DEFAULT_SLO_OBJECTIVES, description: string) =>
  setting(z.number().min(0.5).lt(1), {
    description,
    default: shown(DEFAULT_SLO_OBJECTIVES[name]),
    allowed: "expected a share from 0.5 to below 1, e.g. 0.995 (1 leaves no error budget to burn)",
  }).optional();
const pagerDutyIds = (description: string) =>
  setting(z.array(z.string().regex(PAGERDUTY_ID)), {
    description,
    default: "[]",
    allowed: 'expected a list of PagerDuty ids such as ["PABC123"]',
    checkedBy: "section",
  }).optional();

export const ALERTING_SCHEMA = group(
  {
    runbookBaseUrl: setting(z.string().regex(HTTPS_URL), {
      description: "Absolute https URL where your copy of `runbooks/` is served; every alarm links `<base>/<family>.md`. Required.",
      allowed: `expected the absolute https URL where your copy of this repository's runbooks/ folder is served (PagerDuty cannot open a relative link), e.g. ${RUNBOOK_BASE_URL_EXAMPLE}`,
    }),
    judgeDailyBudgetUsd: setting(z.number().gt(0).max(100_000), {
      description: "Judge (Bedrock) spend per day, USD, above which a ticket is raised.",
      default: shown(DEFAULT_JUDGE_DAILY_BUDGET_USD),
      allowed: "expected a daily budget in USD greater than 0 and at most 100000",
    }).optional(),
    qualityThresholds: setting(z.record(z.string(), score()), {
      description: "Minimum judge score (0-1] per `request_type` of `gateway.requestTypes`; one quality SLO each.",
      default: shown(ALERTING_DEFAULTS.qualityThresholds),
      allowed: "expected an object of request_type -> minimum score, e.g. { balance_inquiry: 0.9 }",
      checkedBy: "section",
    }).optional(),
    defaultQualityThreshold: setting(score(), {
      description: "Minimum judge score for request types not listed in `qualityThresholds`.",
      default: shown(ALERTING_DEFAULTS.defaultQualityThreshold),
      allowed: "expected a judge score threshold greater than 0 and at most 1",
    }).optional(),
    qualitySliReadings: setting(z.record(z.string(), z.enum(QUALITY_SLI_READINGS)), {
      description:
        "What each quality SLO reads, by `request_type` (`default` for the others): `raw` (the judge's verdicts), `corrected` (Rogan–Gladen, for the judge's sensitivity and specificity in the calibration record) or `correctedLowerBound` (its 90 % lower bound); where the record's figures are insufficient the SLO reads `raw` and synth warns.",
      default: shown(ALERTING_DEFAULTS.qualitySliReadings),
      allowed: `expected an object of request_type (or default) -> one of ${QUALITY_SLI_READINGS.join(", ")}`,
      checkedBy: "section",
    }).optional(),
    expectedRequestsPerDay: setting(z.number().min(1).max(1_000_000_000), {
      description:
        "Requests a day the endpoint serves. With `evaluation.sampleRate` and the shares it sizes the quality SLOs' windows; in prod, a figure too low for a page within an hour is an error unless `acknowledgeSlowQualityPage` is set.",
      default: shown(ALERTING_DEFAULTS.expectedRequestsPerDay),
      allowed: "expected the requests a day the endpoint serves, from 1 to 1000000000, e.g. 10000",
    }).optional(),
    acknowledgeSlowQualityPage: setting(z.string().min(20), {
      description: "Production only: why a quality page slower than an hour (too little traffic or sampling) is accepted; without it that is a synth error.",
      default: "not set: a slow quality page in prod fails synth",
      allowed: "expected the reason, in at least 20 characters, that a quality page slower than an hour is accepted",
    }).optional(),
    requestTypeShares: setting(z.record(z.string(), score()), {
      description: "Share of the traffic per `request_type` (keys from `gateway.requestTypes`, summing to 1).",
      default: "an even share of `gateway.requestTypes`",
      allowed: "expected an object of request_type -> share of the traffic, e.g. { balance_inquiry: 0.6, general: 0.4 }",
      checkedBy: "section",
    }).optional(),
    sloObjectives: group(
      {
        availability: objective("availability", "Share of requests that must succeed."),
        ttft: objective("ttft", "Share of requests whose time to first token must be within the threshold."),
        quality: objective("quality", "Share of evaluated answers that must reach their request type's threshold."),
      },
      "SLO objectives over the defaults.",
    ).optional(),
    pagerduty: group(
      {
        enabled: flag({
          description: "Route the alert topics to PagerDuty (adds the `<env-id>-operations` stack).",
          default: "false",
        }).optional(),
        escalationScheduleIds: pagerDutyIds("PagerDuty schedule ids notified first."),
        escalationUserIds: pagerDutyIds("PagerDuty user ids notified first (at least one schedule or user when enabled)."),
        escalationDelayMinutes: wholeNumber(1, 1440, {
          description: "Minutes before an unacknowledged incident escalates again.",
          default: shown(DEFAULT_ESCALATION_DELAY_MINUTES),
          unit: "minutes",
        }).optional(),
      },
      "PagerDuty routing.",
    ).optional(),
  },
  "Runbooks, judge budget, quality thresholds, SLO objectives and PagerDuty.",
);
