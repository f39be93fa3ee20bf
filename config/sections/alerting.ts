/**
 * The `alerting` section of an environment file: where runbooks live, the judge budget, quality
 * thresholds per request type, SLO objectives and PagerDuty routing.
 */
import { QUALITY_SLI_READINGS, type QualitySliReading } from "../../contracts/judge-error";
import type { ConfigProblem } from "../errors";
import { ALERTING_DEFAULTS, ALERTING_SCHEMA, RUNBOOK_BASE_URL_EXAMPLE } from "../schema/alerting";
import { checkSettings } from "../schema/check";
import { PAGERDUTY_ID } from "../schema/alerting";
import { type Check, checkIdList, checkRequestTypeRecord, type RequestTypeRecordRules, sectionProblems } from "./section-check";

export { ALERTING_DEFAULTS, RUNBOOK_BASE_URL_EXAMPLE } from "../schema/alerting";

export interface PagerDutyConfig {
  /**
   * Route the alert topics to PagerDuty (adds the `<env-id>-operations` stack, planned with
   * `PAGERDUTY_TOKEN` from the environment).
   * @default false
   */
  readonly enabled?: boolean;
  /** PagerDuty schedule ids notified first, e.g. `["PABC123"]`. @default [] */
  readonly escalationScheduleIds?: readonly string[];
  /** PagerDuty user ids notified first. At least one schedule or user when enabled. @default [] */
  readonly escalationUserIds?: readonly string[];
  /** Minutes before an unacknowledged incident escalates again. @default 30 */
  readonly escalationDelayMinutes?: number;
}

export interface AlertingConfig {
  /**
   * https URL where your copy of this repository's `runbooks/` folder is served; alarms link
   * `<base>/<family>.md`. Absolute, because PagerDuty cannot open a relative link. Required: a
   * guessed default would send on-call engineers to a page that does not exist.
   * @example "https://git.example-bank.com/platform/llm-observability/blob/main/runbooks"
   */
  readonly runbookBaseUrl: string;
  /** Judge (Bedrock) spend per day, USD, above which a ticket is raised. @default 20 */
  readonly judgeDailyBudgetUsd?: number;
  /**
   * Minimum judge score (0-1] per `request_type`; one quality SLO each.
   * @default { balance_inquiry: 0.9, investment_strategy: 0.75 }
   */
  readonly qualityThresholds?: Readonly<Record<string, number>>;
  /**
   * Minimum judge score (0-1] for request types not listed in `qualityThresholds`; every request
   * type the gateway accepts gets a quality SLO, at this threshold when not listed. @default 0.75
   */
  readonly defaultQualityThreshold?: number;
  /**
   * What each quality SLO reads, by request type (`default` for the others): `raw` (the judge's
   * verdicts as they are), `corrected` (Rogan–Gladen, for the judge's sensitivity and specificity in
   * the calibration record) or `correctedLowerBound` (the correction's 90 % lower bound). Where the
   * record's figures are insufficient the SLO reads `raw` and synth warns.
   * @default { default: "corrected" }
   */
  readonly qualitySliReadings?: Readonly<Record<string, QualitySliReading>>;
  /**
   * Requests a day the endpoint is expected to serve. With `evaluation.sampleRate` and the request
   * types' shares it sizes the quality SLOs' windows so that a total quality failure of one request
   * type pages within an hour; a volume too low for that is a synth warning with the figures.
   * @default 10000 (the source article's)
   */
  readonly expectedRequestsPerDay?: number;
  /**
   * Production only: why a quality page slower than an hour is accepted (too little traffic or
   * sampling for `expectedRequestsPerDay`). Without it, such a production environment fails synth.
   * @default - not set: a slow quality page in production is an error
   */
  readonly acknowledgeSlowQualityPage?: string;
  /**
   * Share of the traffic per `request_type` (keys from `gateway.requestTypes`, shares summing to 1).
   * @default - an even share of `gateway.requestTypes`
   * @example { balance_inquiry: 0.6, investment_strategy: 0.1, general: 0.3 }
   */
  readonly requestTypeShares?: Readonly<Record<string, number>>;
  /**
   * SLO objectives over the source article's, each a share in (0, 1).
   * @default {} - availability 0.995, ttft 0.95, quality 0.95
   */
  readonly sloObjectives?: {
    readonly availability?: number;
    readonly ttft?: number;
    readonly quality?: number;
  };
  /** PagerDuty routing. @default { enabled: false } */
  readonly pagerduty?: PagerDutyConfig;
}

export interface ResolvedAlerting {
  readonly runbookBaseUrl: string;
  readonly judgeDailyBudgetUsd: number;
  /** Minimum score per request type, in the order written (the defaults when none are given). */
  readonly qualityThresholds: Readonly<Record<string, number>>;
  readonly defaultQualityThreshold: number;
  /** Per request type, with a `default`. */
  readonly qualitySliReadings: Readonly<Record<string, QualitySliReading>>;
  readonly expectedRequestsPerDay: number;
  readonly acknowledgeSlowQualityPage?: string;
  /** As written; absent means an even share of the gateway's request types. */
  readonly requestTypeShares?: Readonly<Record<string, number>>;
  readonly sloObjectives: { readonly availability?: number; readonly ttft?: number; readonly quality?: number };
  readonly pagerduty: {
    readonly enabled: boolean;
    readonly escalationScheduleIds: readonly string[];
    readonly escalationUserIds: readonly string[];
    readonly escalationDelayMinutes: number;
  };
}

export const REQUEST_TYPE = /^[a-z][a-z0-9_]*$/;

const QUALITY_THRESHOLD_RULES: RequestTypeRecordRules = {
  record: "expected an object of request_type -> minimum score, e.g. { balance_inquiry: 0.9 }",
  key: {
    ok: (requestType) => REQUEST_TYPE.test(requestType),
    allowed: "request types are snake_case (a-z, 0-9, _), starting with a letter, as the gateway sets request_type",
  },
  value: {
    ok: (threshold) => typeof threshold === "number" && threshold > 0 && threshold <= 1,
    allowed: "expected a judge score threshold greater than 0 and at most 1",
  },
};

const QUALITY_SLI_READING_RULES: RequestTypeRecordRules = {
  record: `expected an object of request_type (or default) -> one of ${QUALITY_SLI_READINGS.join(", ")}`,
  key: {
    ok: (requestType) => requestType === "default" || REQUEST_TYPE.test(requestType),
    allowed: "expected default or a snake_case request type, as the gateway sets request_type",
  },
  value: { ok: (reading) => (QUALITY_SLI_READINGS as readonly unknown[]).includes(reading), allowed: `expected one of ${QUALITY_SLI_READINGS.join(", ")}` },
};

const REQUEST_TYPE_SHARE_RULES: RequestTypeRecordRules = {
  record: "expected an object of request_type -> share of the traffic, e.g. { balance_inquiry: 0.6, general: 0.4 }",
  value: { ok: (share) => typeof share === "number" && share > 0 && share <= 1, allowed: "expected a share of the traffic greater than 0 and at most 1" },
};

function checkRequestTypeShares(shares: unknown, check: Check): void {
  if (!checkRequestTypeRecord(check, "requestTypeShares", shares, REQUEST_TYPE_SHARE_RULES)) return;
  const sum = Object.values(shares).reduce((a: number, b) => a + (typeof b === "number" ? b : 0), 0);
  check(Math.abs(sum - 1) < 0.001, "requestTypeShares", shares, `expected shares summing to 1, got ${Number(sum.toFixed(4))}`);
}

const PAGERDUTY_IDS = {
  list: 'expected a list of PagerDuty ids such as ["PABC123"]',
  id: "expected a PagerDuty id: upper-case letters and digits, e.g. PABC123",
};

function checkPagerDuty(pd: PagerDutyConfig | undefined, check: Check): void {
  // Not an object: reported against the declarations (schema/alerting.ts).
  if (pd === undefined || pd === null || typeof pd !== "object") return;
  for (const key of ["escalationScheduleIds", "escalationUserIds"] as const) checkIdList(check, `pagerduty.${key}`, pd[key], PAGERDUTY_ID, PAGERDUTY_IDS);
  if (pd.enabled === true) {
    const count =
      (Array.isArray(pd.escalationScheduleIds) ? pd.escalationScheduleIds.length : 0) + (Array.isArray(pd.escalationUserIds) ? pd.escalationUserIds.length : 0);
    check(
      count > 0,
      "pagerduty.escalationScheduleIds",
      pd.escalationScheduleIds,
      "PagerDuty is enabled: list at least one schedule (escalationScheduleIds) or user (escalationUserIds) to escalate to",
    );
  }
}

/** Every problem of the `alerting` section (empty when valid): its declarations, then the rules per entry. */
export function validateAlerting(section: AlertingConfig | undefined, file: string): ConfigProblem[] {
  if (section === undefined) {
    return [
      {
        file,
        field: "alerting.runbookBaseUrl",
        value: undefined,
        allowed: `every alarm links its runbook: set the absolute https URL of your copy of runbooks/, e.g. ${RUNBOOK_BASE_URL_EXAMPLE}`,
      },
    ];
  }
  const { problems, check } = sectionProblems(file, "alerting");
  if (section === null || typeof section !== "object") {
    check(false, "", section, "expected an object");
    return problems;
  }
  problems.push(...checkSettings(ALERTING_SCHEMA, section, file, "alerting"));
  checkRequestTypeRecord(check, "qualityThresholds", section.qualityThresholds, QUALITY_THRESHOLD_RULES);
  checkRequestTypeRecord(check, "qualitySliReadings", section.qualitySliReadings, QUALITY_SLI_READING_RULES);
  checkRequestTypeShares(section.requestTypeShares, check);
  checkPagerDuty(section.pagerduty, check);
  return problems;
}

/** Applies defaults to a section `validateAlerting` accepted. */
export function resolveAlerting(section: AlertingConfig | undefined, _stage: string): ResolvedAlerting {
  const d = ALERTING_DEFAULTS;
  const pd = section?.pagerduty;
  return {
    // Required: validateAlerting refuses an environment without it.
    runbookBaseUrl: section?.runbookBaseUrl ?? "",
    judgeDailyBudgetUsd: section?.judgeDailyBudgetUsd ?? d.judgeDailyBudgetUsd,
    qualityThresholds: { ...(section?.qualityThresholds ?? d.qualityThresholds) },
    defaultQualityThreshold: section?.defaultQualityThreshold ?? d.defaultQualityThreshold,
    qualitySliReadings: { ...d.qualitySliReadings, ...(section?.qualitySliReadings ?? {}) },
    expectedRequestsPerDay: section?.expectedRequestsPerDay ?? d.expectedRequestsPerDay,
    ...(section?.acknowledgeSlowQualityPage !== undefined ? { acknowledgeSlowQualityPage: section.acknowledgeSlowQualityPage } : {}),
    ...(section?.requestTypeShares !== undefined ? { requestTypeShares: { ...section.requestTypeShares } } : {}),
    sloObjectives: { ...(section?.sloObjectives ?? {}) },
    pagerduty: {
      enabled: pd?.enabled ?? false,
      escalationScheduleIds: pd?.escalationScheduleIds ?? [],
      escalationUserIds: pd?.escalationUserIds ?? [],
      escalationDelayMinutes: pd?.escalationDelayMinutes ?? d.escalationDelayMinutes,
    },
  };
}
