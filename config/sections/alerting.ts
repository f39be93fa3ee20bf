/**
 * The `alerting` section of an environment file: where runbooks live, the judge budget, quality
 * thresholds per request type, SLO objectives and PagerDuty routing.
 */
import { DEFAULT_REQUEST_TYPE_QUALITY, qualityThresholdsByRequestType } from "../../modules/alerting/slo/default-slos";
import { DEFAULT_EXPECTED_REQUESTS_PER_DAY } from "../../modules/alerting/slo/quality-volume";
import type { ConfigProblem } from "../errors";

/** An example of `runbookBaseUrl`, shown in error messages. */
export const RUNBOOK_BASE_URL_EXAMPLE = "https://git.example-bank.com/platform/llm-observability/blob/main/runbooks";

/** Alerting defaults; each is documented on its field below. */
export const ALERTING_DEFAULTS = {
  judgeDailyBudgetUsd: 20,
  /** The article's bars: a balance question is held stricter than an investment-strategy one. */
  qualityThresholds: qualityThresholdsByRequestType(DEFAULT_REQUEST_TYPE_QUALITY) as Readonly<Record<string, number>>,
  /** Threshold for request types not listed (the quality publisher's fallback; they get no SLO of their own). */
  defaultQualityThreshold: 0.75,
  escalationDelayMinutes: 30,
  /** The article's traffic per endpoint. */
  expectedRequestsPerDay: DEFAULT_EXPECTED_REQUESTS_PER_DAY,
} as const;

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
   * Requests a day the endpoint is expected to serve. With `evaluation.sampleRate` and the request
   * types' shares it sizes the quality SLOs' windows so that a total quality failure of one request
   * type pages within an hour; a volume too low for that is a synth warning with the figures.
   * @default 10000 (the article's)
   */
  readonly expectedRequestsPerDay?: number;
  /**
   * Share of the traffic per `request_type` (keys from `gateway.requestTypes`, shares summing to 1).
   * @default - an even share of `gateway.requestTypes`
   * @example { balance_inquiry: 0.6, investment_strategy: 0.1, general: 0.3 }
   */
  readonly requestTypeShares?: Readonly<Record<string, number>>;
  /**
   * SLO objectives over the article's, each a share in (0, 1).
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
  readonly expectedRequestsPerDay: number;
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

const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;
const REQUEST_TYPE = /^[a-z][a-z0-9_]*$/;
const PAGERDUTY_ID = /^[A-Z0-9]{7,20}$/;
const SLO_NAMES = ["availability", "ttft", "quality"] as const;

/** Every problem of the `alerting` section (empty when valid or absent). */
export function validateAlerting(section: AlertingConfig | undefined, file: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
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
  const check = (ok: boolean, field: string, value: unknown, allowed: string) => {
    if (!ok) problems.push({ file, field: field ? `alerting.${field}` : "alerting", value, allowed });
  };
  if (section === null || typeof section !== "object") {
    check(false, "", section, "expected an object");
    return problems;
  }
  const score = (v: unknown) => typeof v === "number" && v > 0 && v <= 1;

  check(
    typeof section.runbookBaseUrl === "string" && HTTPS_URL.test(section.runbookBaseUrl),
    "runbookBaseUrl",
    section.runbookBaseUrl,
    `expected the absolute https URL where your copy of this repository's runbooks/ folder is served (PagerDuty cannot open a relative link), e.g. ${RUNBOOK_BASE_URL_EXAMPLE}`,
  );
  if (section.judgeDailyBudgetUsd !== undefined) {
    const v = section.judgeDailyBudgetUsd;
    check(
      typeof v === "number" && Number.isFinite(v) && v > 0 && v <= 100_000,
      "judgeDailyBudgetUsd",
      v,
      "expected a daily budget in USD greater than 0 and at most 100000",
    );
  }
  if (section.qualityThresholds !== undefined) {
    const t = section.qualityThresholds;
    if (t === null || typeof t !== "object" || Array.isArray(t) || Object.keys(t).length === 0) {
      check(false, "qualityThresholds", t, "expected an object of request_type -> minimum score, e.g. { balance_inquiry: 0.9 }");
    } else {
      for (const [requestType, threshold] of Object.entries(t)) {
        check(
          REQUEST_TYPE.test(requestType),
          `qualityThresholds.${requestType}`,
          requestType,
          "request types are snake_case (a-z, 0-9, _), starting with a letter, as the gateway sets request_type",
        );
        check(score(threshold), `qualityThresholds.${requestType}`, threshold, "expected a judge score threshold greater than 0 and at most 1");
      }
    }
  }
  if (section.defaultQualityThreshold !== undefined) {
    check(
      score(section.defaultQualityThreshold),
      "defaultQualityThreshold",
      section.defaultQualityThreshold,
      "expected a judge score threshold greater than 0 and at most 1",
    );
  }
  if (section.expectedRequestsPerDay !== undefined) {
    const v = section.expectedRequestsPerDay;
    check(
      typeof v === "number" && Number.isFinite(v) && v >= 1 && v <= 1_000_000_000,
      "expectedRequestsPerDay",
      v,
      "expected the requests a day the endpoint serves, from 1 to 1000000000, e.g. 10000",
    );
  }
  if (section.requestTypeShares !== undefined) {
    const t = section.requestTypeShares;
    if (t === null || typeof t !== "object" || Array.isArray(t) || Object.keys(t).length === 0) {
      check(false, "requestTypeShares", t, "expected an object of request_type -> share of the traffic, e.g. { balance_inquiry: 0.6, general: 0.4 }");
    } else {
      for (const [requestType, share] of Object.entries(t)) {
        check(
          typeof share === "number" && share > 0 && share <= 1,
          `requestTypeShares.${requestType}`,
          share,
          "expected a share of the traffic greater than 0 and at most 1",
        );
      }
      const sum = Object.values(t).reduce((a: number, b) => a + (typeof b === "number" ? b : 0), 0);
      check(Math.abs(sum - 1) < 0.001, "requestTypeShares", t, `expected shares summing to 1, got ${Number(sum.toFixed(4))}`);
    }
  }
  if (section.sloObjectives !== undefined) {
    const o = section.sloObjectives;
    if (o === null || typeof o !== "object") {
      check(false, "sloObjectives", o, `expected an object with any of ${SLO_NAMES.join(", ")}`);
    } else {
      for (const [name, value] of Object.entries(o)) {
        if (!(SLO_NAMES as readonly string[]).includes(name)) {
          check(false, `sloObjectives.${name}`, value, `unknown SLO; allowed: ${SLO_NAMES.join(", ")}`);
          continue;
        }
        check(
          typeof value === "number" && value >= 0.5 && value < 1,
          `sloObjectives.${name}`,
          value,
          "expected a share from 0.5 to below 1, e.g. 0.995 (1 leaves no error budget to burn)",
        );
      }
    }
  }
  const pd = section.pagerduty;
  if (pd !== undefined) {
    if (pd === null || typeof pd !== "object") {
      check(false, "pagerduty", pd, "expected { enabled, escalationScheduleIds, escalationUserIds }");
      return problems;
    }
    if (pd.enabled !== undefined) check(typeof pd.enabled === "boolean", "pagerduty.enabled", pd.enabled, "expected true or false");
    for (const key of ["escalationScheduleIds", "escalationUserIds"] as const) {
      const ids = pd[key];
      if (ids === undefined) continue;
      if (!Array.isArray(ids)) {
        check(false, `pagerduty.${key}`, ids, 'expected a list of PagerDuty ids such as ["PABC123"]');
        continue;
      }
      ids.forEach((id, i) =>
        check(
          typeof id === "string" && PAGERDUTY_ID.test(id),
          `pagerduty.${key}[${i}]`,
          id,
          "expected a PagerDuty id: upper-case letters and digits, e.g. PABC123",
        ),
      );
    }
    if (pd.enabled === true) {
      const count =
        (Array.isArray(pd.escalationScheduleIds) ? pd.escalationScheduleIds.length : 0) +
        (Array.isArray(pd.escalationUserIds) ? pd.escalationUserIds.length : 0);
      check(
        count > 0,
        "pagerduty.escalationScheduleIds",
        pd.escalationScheduleIds,
        "PagerDuty is enabled: list at least one schedule (escalationScheduleIds) or user (escalationUserIds) to escalate to",
      );
    }
    if (pd.escalationDelayMinutes !== undefined) {
      const v = pd.escalationDelayMinutes;
      check(Number.isInteger(v) && v >= 1 && v <= 1440, "pagerduty.escalationDelayMinutes", v, "expected a whole number of minutes from 1 to 1440");
    }
  }
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
    expectedRequestsPerDay: section?.expectedRequestsPerDay ?? d.expectedRequestsPerDay,
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
