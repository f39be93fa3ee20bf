import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import type { AlertingConfig } from "../sections/alerting";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { TEST_RUNBOOK_BASE_URL, validEnvironment } from "../../testing/fixtures/environment-fixture";

const FILE = "environments/retail-banking/staging.ts";

/** The environment with `alerting` (the runbook URL filled in unless the case sets or removes it). */
function withAlerting(alerting: unknown): EnvironmentConfig {
  const section =
    alerting === undefined || alerting === null || typeof alerting !== "object" ? alerting : { runbookBaseUrl: TEST_RUNBOOK_BASE_URL, ...alerting };
  return { ...validEnvironment(), alerting: section as AlertingConfig };
}

function messages(alerting: unknown): string[] {
  return validateEnvironment(withAlerting(alerting), FILE, { businessLine: "retail-banking", stage: "staging" }).map(formatProblem);
}

describe("alerting section: validation", () => {
  it("requires the runbook URL: every alarm links its runbook", () => {
    expect(messages(undefined)).toEqual([
      `${FILE}: alerting.runbookBaseUrl is missing; every alarm links its runbook: set the absolute https URL of your copy of runbooks/, e.g. https://git.example-bank.com/platform/llm-observability/blob/main/runbooks`,
    ]);
    expect(messages({ runbookBaseUrl: undefined })).toEqual([
      `${FILE}: alerting.runbookBaseUrl is missing; expected the absolute https URL where your copy of this repository's runbooks/ folder is served (PagerDuty cannot open a relative link), e.g. https://git.example-bank.com/platform/llm-observability/blob/main/runbooks`,
    ]);
  });

  it("accepts a section with only the runbook URL, and a complete one", () => {
    expect(messages({})).toEqual([]);
    expect(
      messages({
        runbookBaseUrl: "https://git.bank.example/llm/runbooks",
        judgeDailyBudgetUsd: 50,
        qualityThresholds: { balance_inquiry: 0.95, investment_strategy: 0.8 },
        defaultQualityThreshold: 0.7,
        expectedRequestsPerDay: 50_000,
        requestTypeShares: { balance_inquiry: 0.5, investment_strategy: 0.2, general: 0.3 },
        sloObjectives: { availability: 0.999, ttft: 0.9, quality: 0.9 },
        pagerduty: { enabled: true, escalationScheduleIds: ["PABC123"], escalationUserIds: ["PXYZ789"], escalationDelayMinutes: 15 },
      }),
    ).toEqual([]);
  });

  // Each case: one bad field, and what the operator reads (file, field, value, what is allowed).
  const cases: Array<[string, unknown, string]> = [
    ["section not an object", 5, "alerting is 5; expected an object"],
    ["relative runbook URL", { runbookBaseUrl: "docs/runbooks" }, 'alerting.runbookBaseUrl is "docs/runbooks"; expected the absolute https URL'],
    [
      "http runbook URL",
      { runbookBaseUrl: "http://git.example.com/runbooks" },
      'alerting.runbookBaseUrl is "http://git.example.com/runbooks"; expected the absolute https URL',
    ],
    ["zero judge budget", { judgeDailyBudgetUsd: 0 }, "alerting.judgeDailyBudgetUsd is 0; expected a daily budget in USD greater than 0"],
    ["judge budget as text", { judgeDailyBudgetUsd: "20" }, 'alerting.judgeDailyBudgetUsd is "20"; expected a daily budget in USD'],
    ["empty thresholds", { qualityThresholds: {} }, "alerting.qualityThresholds is {}; expected an object of request_type -> minimum score"],
    [
      "threshold above 1",
      { qualityThresholds: { balance_inquiry: 1.2 } },
      "alerting.qualityThresholds.balance_inquiry is 1.2; expected a judge score threshold greater than 0 and at most 1",
    ],
    ["threshold zero", { qualityThresholds: { balance_inquiry: 0 } }, "alerting.qualityThresholds.balance_inquiry is 0; expected a judge score threshold"],
    ["default threshold", { defaultQualityThreshold: 1.5 }, "alerting.defaultQualityThreshold is 1.5; expected a judge score threshold"],
    ["objective of 1", { sloObjectives: { availability: 1 } }, "alerting.sloObjectives.availability is 1; expected a share from 0.5 to below 1"],
    ["objective as percent", { sloObjectives: { ttft: 95 } }, "alerting.sloObjectives.ttft is 95; expected a share from 0.5 to below 1"],
    [
      "unknown SLO",
      { sloObjectives: { latency: 0.9 } },
      "alerting.sloObjectives.latency is 0.9; unknown setting; alerting.sloObjectives has availability, ttft, quality",
    ],
    [
      "pagerduty not an object",
      { pagerduty: true },
      "alerting.pagerduty is true; expected an object with any of enabled, escalationScheduleIds, escalationUserIds, escalationDelayMinutes",
    ],
    ["enabled not boolean", { pagerduty: { enabled: "yes", escalationUserIds: ["PABC123"] } }, 'alerting.pagerduty.enabled is "yes"; expected true or false'],
    [
      "enabled without targets",
      { pagerduty: { enabled: true } },
      "alerting.pagerduty.escalationScheduleIds is missing; PagerDuty is enabled: list at least one schedule",
    ],
    [
      "bad schedule id",
      { pagerduty: { escalationScheduleIds: ["pabc123"] } },
      'alerting.pagerduty.escalationScheduleIds[0] is "pabc123"; expected a PagerDuty id',
    ],
    [
      "user ids not a list",
      { pagerduty: { escalationUserIds: "PABC123" } },
      'alerting.pagerduty.escalationUserIds is "PABC123"; expected a list of PagerDuty ids',
    ],
    [
      "escalation delay",
      { pagerduty: { escalationDelayMinutes: 0 } },
      "alerting.pagerduty.escalationDelayMinutes is 0; expected a whole number of minutes from 1 to 1440",
    ],
    ["no traffic", { expectedRequestsPerDay: 0 }, "alerting.expectedRequestsPerDay is 0; expected the requests a day the endpoint serves"],
    ["shares not summing to 1", { requestTypeShares: { balance_inquiry: 0.5, investment_strategy: 0.2, general: 0.2 } }, "alerting.requestTypeShares is"],
    [
      "share of 0",
      { requestTypeShares: { balance_inquiry: 0, investment_strategy: 0.5, general: 0.5 } },
      "alerting.requestTypeShares.balance_inquiry is 0; expected a share",
    ],
  ];

  it.each(cases)("%s", (_name, alerting, expected) => {
    const found = messages(alerting);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${FILE}: ${expected}`);
  });

  it("request type not snake_case: refused by the section, and not one the gateway accepts either", () => {
    expect(messages({ qualityThresholds: { "Balance-Inquiry": 0.9 } })).toEqual([
      expect.stringContaining(`${FILE}: alerting.qualityThresholds.Balance-Inquiry is "Balance-Inquiry"; request types are snake_case`),
      expect.stringContaining(`${FILE}: alerting.qualityThresholds.Balance-Inquiry is "Balance-Inquiry"; no request of this type can reach the endpoint`),
    ]);
  });

  it("reports every problem of the section at once", () => {
    expect(messages({ runbookBaseUrl: "x", judgeDailyBudgetUsd: -1, pagerduty: { enabled: true } })).toHaveLength(3);
  });
});

describe("alerting section: defaults", () => {
  it("defaults to a 20 USD judge budget, the source article's thresholds and no PagerDuty", () => {
    const resolved = resolveEnvironment(validEnvironment(), FILE).alerting;
    expect(resolved).toEqual({
      runbookBaseUrl: TEST_RUNBOOK_BASE_URL,
      judgeDailyBudgetUsd: 20,
      qualityThresholds: { balance_inquiry: 0.9, investment_strategy: 0.75 },
      defaultQualityThreshold: 0.75,
      qualitySliReadings: { default: "corrected" },
      expectedRequestsPerDay: 10_000,
      sloObjectives: {},
      pagerduty: { enabled: false, escalationScheduleIds: [], escalationUserIds: [], escalationDelayMinutes: 30 },
    });
  });

  it("names the field and the allowed readings when a quality SLI reading is unknown", () => {
    expect(messages({ qualitySliReadings: { balance_inquiry: "adjusted" } }).join("\n")).toMatch(
      /alerting\.qualitySliReadings\.balance_inquiry[\s\S]*raw, corrected, correctedLowerBound/,
    );
  });

  it("keeps what the file sets", () => {
    const resolved = resolveEnvironment(
      withAlerting({
        qualityThresholds: { card_dispute: 0.8 },
        requestTypeShares: { general: 1 },
        pagerduty: { enabled: true, escalationUserIds: ["PABC123"] },
      }),
      FILE,
    ).alerting;
    expect(resolved.qualityThresholds).toEqual({ card_dispute: 0.8 });
    expect(resolved.requestTypeShares).toEqual({ general: 1 });
    expect(resolved.pagerduty).toEqual({ enabled: true, escalationScheduleIds: [], escalationUserIds: ["PABC123"], escalationDelayMinutes: 30 });
  });
});
