import { type App, Testing } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveEnvironment, type ResolvedEnvironment } from "../../config/resolved";
import type { EnvironmentConfig } from "../../config/types";
import { TEST_GATEWAY_AUTH, TEST_RUNBOOK_BASE_URL, validEnvironment } from "../../testing/fixtures/environment-fixture";
import { ObservabilityStack } from "../observability-stack";
import { OperationsStack } from "../operations-stack";

const FILE = "environments/retail-banking/staging.ts";
/** A token-shaped sentinel: if the provider or the stack copied PAGERDUTY_TOKEN anywhere, it would show. */
const SENTINEL_TOKEN = "u+sentinel-pagerduty-token-9f3c";

function environment(alerting: Partial<EnvironmentConfig["alerting"]>): ResolvedEnvironment {
  return resolveEnvironment({ ...validEnvironment(), alerting: { runbookBaseUrl: TEST_RUNBOOK_BASE_URL, ...alerting } }, FILE);
}

const ENABLED = environment({ pagerduty: { enabled: true, escalationScheduleIds: ["PSCHED1"], escalationUserIds: ["PUSER01"] } });

type Json = {
  resource: Record<string, Record<string, Record<string, any>>>;
  data: Record<string, Record<string, Record<string, any>>>;
  provider: Record<string, any[]>;
};

describe("OperationsStack", () => {
  let previous: string | undefined;
  let text: string;
  let json: Json;
  let observability: Json;

  beforeAll(() => {
    previous = process.env.PAGERDUTY_TOKEN;
    process.env.PAGERDUTY_TOKEN = SENTINEL_TOKEN;
    const app: App = Testing.app();
    const ops = new OperationsStack(app, `${ENABLED.id}-operations`, { environment: ENABLED });
    text = Testing.synth(ops, true);
    json = JSON.parse(text) as Json;
    observability = JSON.parse(Testing.synth(new ObservabilityStack(app, ENABLED.id, { environment: ENABLED }))) as Json;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.PAGERDUTY_TOKEN;
    else process.env.PAGERDUTY_TOKEN = previous;
  });

  it("holds no PagerDuty token: the provider reads PAGERDUTY_TOKEN itself", () => {
    expect(text).not.toContain(SENTINEL_TOKEN);
    expect(json.provider.pagerduty).toHaveLength(1);
    expect(json.provider.pagerduty![0]).not.toHaveProperty("token");
    expect(json.provider.pagerduty![0]).not.toHaveProperty("user_token");
  });

  it("creates an escalation policy to the configured schedule and user", () => {
    const [policy] = Object.values(json.resource.pagerduty_escalation_policy!);
    expect(policy!.rule).toEqual([
      {
        escalation_delay_in_minutes: 30,
        target: [
          { type: "schedule_reference", id: "PSCHED1" },
          { type: "user_reference", id: "PUSER01" },
        ],
      },
    ]);
  });

  it("creates a high-urgency page service and a low-urgency ticket service on that policy", () => {
    const services = Object.values(json.resource.pagerduty_service!);
    const [policyName] = Object.keys(json.resource.pagerduty_escalation_policy!);
    expect(services.map((s) => [s.name, s.incident_urgency_rule])).toEqual([
      ["llmobs-retail-banking-staging page", { type: "constant", urgency: "high" }],
      ["llmobs-retail-banking-staging ticket", { type: "constant", urgency: "low" }],
    ]);
    for (const s of services) expect(s.escalation_policy).toBe(`\${pagerduty_escalation_policy.${policyName}.id}`);
  });

  it("gives each service an Amazon CloudWatch integration (vendor looked up here, not in an AWS stack)", () => {
    const [vendorName, vendor] = Object.entries(json.data.pagerduty_vendor!)[0]!;
    expect(vendor.name).toBe("Amazon CloudWatch");
    const integrations = Object.values(json.resource.pagerduty_service_integration!);
    expect(integrations).toHaveLength(2);
    for (const i of integrations) expect(i.vendor).toBe(`\${data.pagerduty_vendor.${vendorName}.id}`);
    expect(JSON.stringify(observability)).not.toContain("pagerduty");
  });

  it("subscribes each integration over HTTPS to the topic of its severity, by the ARN the observability stack creates", () => {
    const subscriptions = Object.values(json.resource.aws_sns_topic_subscription!);
    const topicNames = Object.values(observability.resource.aws_sns_topic!)
      .map((t) => t.name as string)
      .sort();
    const integrations = Object.keys(json.resource.pagerduty_service_integration!);
    expect(subscriptions.map((s) => s.topic_arn).sort()).toEqual(topicNames.map((n) => `arn:aws:sns:sa-east-1:123456789012:${n}`));
    subscriptions.forEach((s, i) => {
      expect(s.protocol).toBe("https");
      expect(s.endpoint_auto_confirms).toBe(true);
      expect(s.endpoint).toBe(`https://events.pagerduty.com/integration/\${pagerduty_service_integration.${integrations[i]}.integration_key}/enqueue`);
      expect(s.topic_arn).toMatch(i === 0 ? /alerts-page$/ : /alerts-ticket$/);
    });
  });

  it("is refused for an environment without PagerDuty", () => {
    expect(() => new OperationsStack(Testing.app(), "x", { environment: environment({}) })).toThrow(/alerting.pagerduty.enabled is false/);
  });
});

describe("ObservabilityStack alerting", () => {
  it("wires the endpoint's names, model and GPU count into the alarms, and exposes the topic ARNs", () => {
    const env = resolveEnvironment(
      {
        ...validEnvironment(),
        gateway: { requestTypes: ["card_dispute", "general"], auth: TEST_GATEWAY_AUTH },
        alerting: { runbookBaseUrl: TEST_RUNBOOK_BASE_URL, qualityThresholds: { card_dispute: 0.8 } },
      },
      FILE,
    );
    const json = JSON.parse(Testing.synth(new ObservabilityStack(Testing.app(), env.id, { environment: env }), true)) as Json & { output: Record<string, any> };
    const composites = Object.values(json.resource.aws_cloudwatch_composite_alarm!)
      .map((c) => c.alarm_name)
      .sort();
    // One quality SLO per request type the gateway accepts: the listed threshold, else the default.
    expect(composites.filter((c) => c.includes("-slo-quality-"))).toEqual([
      "llmobs-retail-banking-staging-slo-quality-card-dispute-page",
      "llmobs-retail-banking-staging-slo-quality-card-dispute-ticket",
      "llmobs-retail-banking-staging-slo-quality-general-page",
      "llmobs-retail-banking-staging-slo-quality-general-ticket",
    ]);
    const availability = Object.values(json.resource.aws_cloudwatch_metric_alarm!).find((a) => a.alarm_name.endsWith("-slo-availability-page-1h-long-1h"))!;
    // Availability as clients see it: API Gateway's counts for the stage, and the access log's 429s.
    expect(
      (availability.metric_query as { metric?: { namespace: string; metric_name: string } }[]).flatMap((q) =>
        q.metric ? [`${q.metric.namespace} ${q.metric.metric_name}`] : [],
      ),
    ).toEqual(["AWS/ApiGateway Count", "AWS/ApiGateway 4XXError", "AWS/ApiGateway 5XXError", "LLMInference/Api ApiThrottled"]);
    const gpu = Object.values(json.resource.aws_cloudwatch_metric_alarm!).find((a) => a.alarm_name.endsWith("-gpu-memory"))!;
    expect(gpu.threshold).toBe(340);
    expect(gpu.dimensions).toMatchObject({ EndpointName: "llmobs-retail-banking-staging-endpoint" });
    expect(Object.keys(json.output)).toEqual(expect.arrayContaining(["page_topic_arn", "ticket_topic_arn"]));
    // Cost per request: the instance hour over the requests decoded at once (rolling batch 32), not
    // over the job queue (64), which would understate it 2x.
    const costQuery = Object.values(json.resource.aws_cloudwatch_query_definition!).find((q) => String(q.name).endsWith("token-usage-and-cost-by-use-case"))!;
    expect(env.model.maxRollingBatchSize).toBe(32);
    expect(env.model.maxConcurrentRequests).toBe(64);
    expect(costQuery.query_string).toContain(`total_latency_ms * ${(7.09 / 3_600_000 / 32).toPrecision(6)} as request_cost_usd`);
  });
});
