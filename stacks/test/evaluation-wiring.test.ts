import { type App, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../config/resolved";
import type { AlertingConfig } from "../../config/sections/alerting";
import { TEST_RUNBOOK_BASE_URL, validEnvironment } from "../../testing/fixtures/environment-fixture";
import { ObservabilityStack } from "../observability-stack";

const FILE = "environments/retail-banking/staging.ts";
type Json = { resource: Record<string, Record<string, Record<string, any>>>; output: Record<string, { value: unknown }> };

function synth(evaluation = {}, alerting: Partial<AlertingConfig> = {}): { json: Json; stack: ObservabilityStack } {
  const environment = resolveEnvironment({ ...validEnvironment(), evaluation, alerting: { runbookBaseUrl: TEST_RUNBOOK_BASE_URL, ...alerting } }, FILE);
  const app: App = Testing.app();
  const stack = new ObservabilityStack(app, environment.id, { environment });
  return { json: JSON.parse(Testing.synth(stack)) as Json, stack };
}

const entry = (json: Json, type: string, fragment: string) => Object.entries(json.resource[type]!).find(([k]) => k.includes(fragment))!;

describe("ObservabilityStack evaluation wiring", () => {
  const { json, stack } = synth(
    { piiLanguages: ["pt"], routeTableIds: ["rtb-0123456789abcdef0"] },
    {
      qualityThresholds: { balance_inquiry: 0.92 },
      defaultQualityThreshold: 0.8,
    },
  );

  it("records object reads and writes of the calibration and code-signing artifact buckets in the audit trail, as of the capture bucket", () => {
    const trail = Object.values(json.resource.aws_cloudtrail!).find((candidate) => String(candidate.name).endsWith("-audit-trail"))!;
    const audited = JSON.stringify(trail.event_selector ?? trail.advanced_event_selector);
    const calibration = entry(json, "aws_s3_bucket", "judge-calibration")[1].bucket as string;
    const artifactsAddress = entry(json, "aws_s3_bucket", "function-code-signing")[0];
    const captureAddress = entry(json, "aws_s3_bucket", "capture-bucket")[0];
    expect(audited).toContain(`arn:aws:s3:::${calibration}/`);
    expect(audited).toContain(`\${aws_s3_bucket.${artifactsAddress}.arn}/`);
    expect(audited).toContain(`\${aws_s3_bucket.${captureAddress}.arn}/`);
  });

  it("gives the publisher the alerting section's thresholds, so alarms and metrics share one source", () => {
    const publisher = entry(json, "aws_lambda_function", "evaluation-layer_publisher")[1];
    expect(JSON.parse(publisher.environment.variables.QUALITY_THRESHOLDS)).toEqual({ balance_inquiry: 0.92, default: 0.8 });
  });

  it("creates one set of private endpoints for the VPC, including the gateway's SageMaker Runtime and Firehose", () => {
    const services = Object.values(json.resource.aws_vpc_endpoint!)
      .map((e) => e.service_name)
      .sort();
    expect(services).toEqual([
      "com.amazonaws.sa-east-1.bedrock-runtime",
      "com.amazonaws.sa-east-1.dynamodb",
      "com.amazonaws.sa-east-1.kinesis-firehose",
      "com.amazonaws.sa-east-1.kms",
      "com.amazonaws.sa-east-1.logs",
      "com.amazonaws.sa-east-1.monitoring",
      "com.amazonaws.sa-east-1.s3",
      "com.amazonaws.sa-east-1.sagemaker.runtime",
      "com.amazonaws.sa-east-1.sqs",
      // Tracing on (the default): X-Ray's OTLP endpoint, privately.
      "com.amazonaws.sa-east-1.xray",
    ]);
  });

  it("passes the evaluation config to the evaluator", () => {
    const evaluator = entry(json, "aws_lambda_function", "evaluation-layer_evaluator")[1];
    expect(evaluator.environment.variables).toMatchObject({ PII_LANGUAGES: "pt", JUDGE_MODEL_ID: "anthropic.claude-3-haiku-20240307-v1:0" });
    expect(evaluator.reserved_concurrent_executions).toBe(5);
  });

  it("evaluates DataCapture and the telemetry module's inference logs, with decrypt on both keys", () => {
    const prefixes = Object.values(json.resource.aws_s3_bucket_notification!)
      .map((n) => n.queue[0].filter_prefix)
      .sort();
    expect(prefixes).toEqual(["datacapture/", "inference-logs/"]);
    const [roleName] = entry(json, "aws_iam_role", "evaluation-layer_evaluator");
    const logKey = JSON.parse(entry(json, "aws_kms_key", "inference-log")[1].policy);
    const grant = logKey.Statement.find((s: { Sid: string }) => s.Sid === "EvaluatorDecryptsInferenceLogs");
    expect(grant.Principal.AWS).toEqual([`\${aws_iam_role.${roleName}.arn}`]);
    expect(grant.Action).toEqual(["kms:Decrypt", "kms:DescribeKey"]);
  });

  it("lets the gateway encrypt inference logs and denies it decrypt (writers never read back)", () => {
    const [roleName] = entry(json, "aws_iam_role", "inference-gateway_function");
    const role = `\${aws_iam_role.${roleName}.arn}`;
    const statements = JSON.parse(entry(json, "aws_kms_key", "inference-log")[1].policy).Statement as { Sid: string; Principal: { AWS: string[] } }[];
    expect(statements.find((s) => s.Sid === "GatewayEncryptsInferenceLogs")!.Principal.AWS).toEqual([role]);
    expect(statements.find((s) => s.Sid === "DenyDecryptToWriters")!.Principal.AWS).toContain(role);
    expect(statements.filter((s) => s.Sid !== "DenyDecryptToWriters" && s.Sid.includes("Decrypt")).flatMap((s) => s.Principal.AWS)).not.toContain(role);
  });

  it("alarms on the evaluation functions and on every dead-letter queue", () => {
    const alarms = JSON.stringify(json.resource.aws_cloudwatch_metric_alarm);
    for (const name of [...stack.evaluation.functionNames, ...stack.evaluation.deadLetterQueueNames]) expect(alarms).toContain(`"${name}"`);
  });

  it("outputs the names alarms and operators need", () => {
    expect(json.output.evaluation_scores_table_name!.value).toBe("llmobs-retail-banking-staging-evaluation-scores");
    expect(json.output.evaluation_dead_letter_queue_names!.value).toEqual([...stack.evaluation.deadLetterQueueNames]);
    expect(json.output.evaluation_function_names!.value).toEqual([...stack.evaluation.functionNames]);
    expect(json.output.evaluation_notification_queue_name!.value).toBe("llmobs-retail-banking-staging-evaluation-notifications");
  });

  it("uses the landing zone's endpoints where the environment names them, and creates the rest", () => {
    const { json } = synth({
      piiLanguage: "pt",
      routeTableIds: ["rtb-0123456789abcdef0"],
      vpcEndpoints: { sqs: "vpce-0123456789abcdef0", "sagemaker.runtime": "vpce-0123456789abcdef1" },
    });
    const services = Object.values(json.resource.aws_vpc_endpoint!).map((e) => e.service_name);
    expect(services).not.toContain("com.amazonaws.sa-east-1.sqs");
    expect(services).not.toContain("com.amazonaws.sa-east-1.sagemaker.runtime");
    expect(services).toContain("com.amazonaws.sa-east-1.bedrock-runtime");
  });
});
