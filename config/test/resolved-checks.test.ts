import { describe, expect, it } from "vitest";
import { checkAcrossEnvironments } from "../across-environments";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import { slowQualityPageProblems, stackIdsOf } from "../resolved-checks";
import type { EnvironmentConfig } from "../types";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";
import retailProd from "../../environments/retail-banking/prod";

const PROD = "environments/retail-banking/prod.ts";

describe("stack ids across environments", () => {
  it("refuses two environments whose <business line>-<stage> is the same id, naming both files", () => {
    const base = validEnvironment();
    const a = resolveEnvironment(
      { ...base, businessLine: { ...base.businessLine, name: "retail" }, stage: "banking-prod" },
      "environments/retail/banking-prod.ts",
    );
    const b = resolveEnvironment({ ...base, stage: "prod" } as EnvironmentConfig, "environments/retail-banking/prod.ts");
    expect(a.id).toBe(b.id);
    const found = checkAcrossEnvironments([a, b])
      .problems.filter((p) => p.field === "businessLine.name")
      .map(formatProblem);
    expect(found).toContain(
      'environments/retail/banking-prod.ts: businessLine.name is "retail"; stack id "retail-banking-prod" (<business line>-<stage>) is also made by environments/retail-banking/prod.ts; stack ids must be unique: rename the business line or the stage',
    );
    expect(found).toHaveLength(stackIdsOf(a).length * 2);
  });

  it("refuses an environment id equal to another environment's Grafana stack id", () => {
    const base = validEnvironment();
    const withGrafana = { mode: "existing", url: "https://grafana.example-bank.com" } as const;
    const a = resolveEnvironment(
      { ...base, businessLine: { ...base.businessLine, name: "cards" }, stage: "qa", grafana: withGrafana },
      "environments/cards/qa.ts",
    );
    const b = resolveEnvironment({ ...base, businessLine: { ...base.businessLine, name: "cards-qa" }, stage: "grafana" }, "environments/cards-qa/grafana.ts");
    expect(checkAcrossEnvironments([a, b]).problems.map((p) => p.file)).toEqual(["environments/cards/qa.ts", "environments/cards-qa/grafana.ts"]);
  });
});

describe("a production quality page too slow for the traffic", () => {
  const quiet = (acknowledgeSlowQualityPage?: string) =>
    resolveEnvironment(
      {
        ...retailProd,
        alerting: { ...retailProd.alerting, expectedRequestsPerDay: 300, ...(acknowledgeSlowQualityPage ? { acknowledgeSlowQualityPage } : {}) },
      },
      PROD,
    );

  it("is an error in prod naming the field, the request type and the figures", () => {
    const found = slowQualityPageProblems(quiet()).map(formatProblem);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(
      /^environments\/retail-banking\/prod\.ts: alerting\.expectedRequestsPerDay is 300; in production a total quality failure of \w+ must page within an hour, but at 300 requests a day/,
    );
    expect(found[0]).toContain("set alerting.acknowledgeSlowQualityPage");
  });

  it("passes when the file says why it is accepted, and outside production (where it stays a synth warning)", () => {
    expect(slowQualityPageProblems(quiet("the desk serves 300 advisers a day; quality is reviewed weekly by hand"))).toEqual([]);
    const staging = resolveEnvironment(
      { ...validEnvironment(), alerting: { ...validEnvironment().alerting, expectedRequestsPerDay: 300 } },
      "environments/retail-banking/staging.ts",
    );
    expect(slowQualityPageProblems(staging)).toEqual([]);
  });

  it("passes at the traffic the repository's production files expect", () => {
    expect(slowQualityPageProblems(resolveEnvironment(retailProd, PROD))).toEqual([]);
  });
});
