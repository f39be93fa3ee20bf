import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { GATEWAY_METRICS, QUALITY_METRICS, SERVING_BRIDGE_METRICS } from "../contracts/metric-catalogue";
import { demoEnvironment } from "../demo/environment";
import { costTable, parseCostArgs, synthesizedStack } from "../scripts/cost";
import { estimateCost } from "../scripts/cost/estimate";
import { lifecycleStorage } from "../scripts/cost/lines/storage";
import { type CostItem, DEFAULT_PROFILE } from "../scripts/cost/profile";
import { PRICES, PRICES_CHECKED_ON } from "../scripts/cost/prices";

const ROOT = path.resolve(__dirname, "..");
// Environment files load through tsx in a child process (as `npm run cost` runs); the demo's
// environment is written in code and loads here.
const env = demoEnvironment();
const stack = synthesizedStack(env);
const estimate = estimateCost(env, stack, DEFAULT_PROFILE);
const runCost = (...args: string[]): string =>
  execFileSync(process.execPath, [require.resolve("tsx/cli"), "scripts/cost.ts", ...args], { cwd: ROOT, encoding: "utf8" });

describe("npm run cost", () => {
  it("prints a table for every environment, and one JSON object per environment for pipelines", () => {
    const all = JSON.parse(runCost("--format", "json")) as { environment: string; monthlyUsd: number; items: CostItem[] }[];
    expect(all.map((e) => e.environment).sort()).toEqual([
      "retail-banking-prod",
      "retail-banking-staging",
      "sandbox-sandbox",
      "wealth-management-prod",
      "wealth-management-staging",
    ]);
    for (const { estimate } of all.map((e) => ({ estimate: e }))) {
      const sum = estimate.items.reduce((n, i) => n + i.monthlyUsd, 0);
      expect(estimate.monthlyUsd).toBeCloseTo(sum, 1);
      for (const item of estimate.items) {
        expect(Number.isFinite(item.monthlyUsd), item.name).toBe(true);
        expect(item.monthlyUsd, item.name).toBeGreaterThanOrEqual(0);
        expect(item.basis.length, item.name).toBeGreaterThan(20);
      }
      const names = estimate.items.map((i) => i.name);
      for (const expected of [
        "CloudWatch custom metrics",
        "CloudWatch alarms",
        "Firehose ingestion",
        "S3 inference logs",
        "DataCapture",
        "KMS keys and requests",
        "DynamoDB scores",
        "Lambda (gateway, evaluator, publisher)",
        "CloudTrail data events",
        "Bedrock judge",
      ]) {
        expect(names).toContain(expected);
      }
      expect(Object.keys(estimate).sort()).toEqual(["environment", "items", "monthlyUsd"]);
    }
    const one = JSON.parse(runCost("retail-banking/prod", "--format", "json")) as { environment: string };
    expect(one.environment).toBe("retail-banking-prod");
    const text = runCost("sandbox/sandbox");
    expect(text).toContain("sandbox-sandbox (sa-east-1): observability overhead per month");
    expect(text).toContain("against the source article");
    expect(text).toMatch(/price table \(us-east-1, checked \d{4}-\d{2}-\d{2}/);
    expect(costTable(estimate)).toContain("total");
  });

  it("counts custom metric series from the catalogue and the environment's request types", () => {
    const requestTypes = env.gateway.requestTypes.length;
    const gatewayPerEndpointOnly = Object.values(GATEWAY_METRICS).filter((m) => m.dimensionSets.length === 1).length;
    const gatewayBoth = Object.values(GATEWAY_METRICS).length - gatewayPerEndpointOnly;
    const expectedGateway = gatewayPerEndpointOnly + gatewayBoth * (1 + requestTypes);
    const quality = Object.values(QUALITY_METRICS).reduce(
      (n, m) => n + m.dimensionSets.reduce((k, set) => k + (set.includes("request_type") ? requestTypes : set.includes("stratum") ? 3 : 1), 0),
      0,
    );
    // The bridge's serving metrics: one series per endpoint, the per-zone one per zone the instances can sit in.
    const zones = Math.min(env.model.autoscaling?.minInstances ?? env.model.instanceCount, env.network.subnetIds.length);
    const serving = Object.values(SERVING_BRIDGE_METRICS).reduce((n, m) => n + (m.dimensionSets[0]!.includes("AvailabilityZone") ? zones : 1), 0);
    const item = estimate.items.find((i) => i.name === "CloudWatch custom metrics")!;
    expect(item.monthlyUsd).toBeCloseTo((expectedGateway + quality + serving) * PRICES.customMetric.usd, 2);
  });

  it("counts the stack's alarms and keys, and prices the judge from tokens per evaluation", () => {
    expect(estimate.items.find((i) => i.name === "CloudWatch alarms")!.basis).toMatch(/\d+ metric alarms .* \d+ composite/);
    const keys = Object.keys(stack.resource.aws_kms_key).length;
    expect(estimate.items.find((i) => i.name === "KMS keys and requests")!.basis).toMatch(new RegExp(`^${keys} customer managed keys`));
    const judge = estimate.items.find((i) => i.name === "Bedrock judge")!;
    expect(judge.basis).toMatch(/\d+ input tokens/);
    const cheaper = estimateCost(env, stack, { ...DEFAULT_PROFILE, requestsPerDay: 5_000 });
    expect(cheaper.items.find((i) => i.name === "Bedrock judge")!.monthlyUsd).toBeCloseTo(judge.monthlyUsd / 2, 1);
  });

  it("keeps seven years of logs: Standard for the first 90 days, then Glacier Instant Retrieval", () => {
    const { steadyState, firstYearAvg } = lifecycleStorage(1, 90, 2557);
    expect(steadyState).toBeCloseTo((90 / 30.4167) * PRICES.s3Standard.usd + ((2557 - 90) / 30.4167) * PRICES.s3GlacierInstantRetrieval.usd, 2);
    expect(firstYearAvg).toBeLessThan(steadyState);
  });

  it("reads the traffic flags and the JSON format", () => {
    expect(parseCostArgs(["retail-banking/prod", "--format", "json", "--requests-per-day", "20000"])).toMatchObject({
      environments: ["retail-banking/prod"],
      format: "json",
      profile: { requestsPerDay: 20_000, promptTokens: DEFAULT_PROFILE.promptTokens },
    });
    expect(() => parseCostArgs(["--requests-per-day", "many"])).toThrow(/--requests-per-day must be a number/);
    expect(() => parseCostArgs(["--per-day"])).toThrow(/Unknown option '--per-day'/);
  });

  it("dates the price table and names a source page for every price", () => {
    expect(PRICES_CHECKED_ON).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [key, price] of Object.entries(PRICES)) {
      expect(price.source, key).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(["aws-page", "third-party", "unconfirmed"]).toContain(price.checked);
      if (price.checked === "third-party") expect((price as { seenIn?: string }).seenIn, key).toBeTruthy();
    }
  });
});
