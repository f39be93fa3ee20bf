/**
 * The serving-metrics bridge and its alarms as an environment deploys them: the prefix-cache alarm
 * only where a use case declares a repeated prefix, at the source article's 40 %, on the bridged metric of
 * the environment's endpoint; the bridge's role reads PromQL and nothing else.
 */
import { type App, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../config/resolved";
import type { GatewayConfig } from "../../config/sections/gateway";
import { TEST_GATEWAY_AUTH, validEnvironment } from "../../testing/fixtures/environment-fixture";
import { ObservabilityStack } from "../observability-stack";

type Json = { resource: Record<string, Record<string, Record<string, any>>> };

function synth(gateway: GatewayConfig): { json: Json; stack: ObservabilityStack } {
  const environment = resolveEnvironment({ ...validEnvironment(), gateway: { auth: TEST_GATEWAY_AUTH, ...gateway } }, "environments/retail-banking/staging.ts");
  const app: App = Testing.app();
  const stack = new ObservabilityStack(app, environment.id, { environment });
  return { json: JSON.parse(Testing.synth(stack)) as Json, stack };
}

const alarms = (json: Json) => Object.values(json.resource.aws_cloudwatch_metric_alarm!);
const alarmNamed = (json: Json, suffix: string) => alarms(json).find((a) => String(a.alarm_name).endsWith(suffix));

describe("serving-metrics bridge and alarms in an environment", () => {
  const repeated = synth({ useCases: ["general", "onboarding"], repeatedPrefixUseCases: ["onboarding"] });
  const plain = synth({ useCases: ["general", "onboarding"] });

  it("alarms on the server's prefix-cache hit rate below 40 % of the environment's endpoint where a use case repeats a prefix", () => {
    const alarm = alarmNamed(repeated.json, "-serving-prefix-cache-hit-rate");
    expect(alarm).toMatchObject({
      namespace: "LLMInference/Serving",
      metric_name: "PrefixCacheHitRate",
      dimensions: { EndpointName: repeated.stack.endpoint.endpointName },
      statistic: "Average",
      comparison_operator: "LessThanThreshold",
      threshold: 40,
      treat_missing_data: "notBreaching",
      tags: { severity: "ticket", alarm_family: "serving-prefix-cache" },
    });
    expect(alarm!.alarm_actions).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.alerting_routing_ticket/)]);
    expect(alarm!.alarm_description).toContain("onboarding");
    expect(alarm!.alarm_description).toMatch(/Runbook: https:\/\/\S+\/serving-prefix-cache\.md$/);
  });

  it("creates no prefix-cache alarm where no use case declares a repeated prefix, and watches the bridged series in both", () => {
    expect(alarmNamed(plain.json, "-serving-prefix-cache-hit-rate")).toBeUndefined();
    for (const { json, stack } of [plain, repeated]) {
      expect(alarmNamed(json, "-serving-metrics-missing")).toMatchObject({
        metric_name: "RequestsRunning",
        statistic: "SampleCount",
        dimensions: { EndpointName: stack.endpoint.endpointName },
        treat_missing_data: "breaching",
      });
    }
  });

  it("lets the bridge's role query CloudWatch's PromQL API in its Region, and publish nothing but its own logs", () => {
    const fn = Object.entries(repeated.json.resource.aws_lambda_function!).find(([key]) => key.startsWith("serving-metrics"))![1];
    expect(fn.environment.variables.SERVING_ENDPOINT_NAMES).toBe(repeated.stack.endpoint.endpointName);
    expect(fn.vpc_config.subnet_ids).toEqual(validEnvironment().network.subnetIds);
    const policy = JSON.parse(
      Object.entries(repeated.json.resource.aws_iam_role_policy!).find(([key]) => key.startsWith("serving-metrics_function"))![1].policy,
    );
    const cloudwatch = policy.Statement.filter((s: { Action: string | string[] }) => [s.Action].flat().some((a) => a.startsWith("cloudwatch:")));
    expect(cloudwatch).toEqual([
      {
        Sid: "QueryServingMetrics",
        Effect: "Allow",
        Action: ["cloudwatch:QueryMetrics", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics"],
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": "sa-east-1" } },
      },
    ]);
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions.filter((a: string) => a.endsWith("*"))).toEqual([]);
  });

  it("runs the bridge every minute from an encrypted schedule, and watches its errors and dead-letter queue", () => {
    const schedule = Object.entries(repeated.json.resource.aws_scheduler_schedule!).find(([key]) => key.startsWith("serving-metrics"))![1];
    expect(schedule.schedule_expression).toBe("rate(1 minute)");
    expect(schedule.kms_key_arn).toMatch(/^\$\{aws_kms_key\.serving-metrics_key/);
    const names = alarms(repeated.json).map((a) => String(a.alarm_name));
    expect(names).toContain(`${repeated.stack.naming.prefix}-lambda-errors-${repeated.stack.servingMetrics.functionName}`);
    expect(names).toContain(`${repeated.stack.naming.prefix}-dead-letter-queue-${repeated.stack.servingMetrics.deadLetterQueueName}`);
  });
});
