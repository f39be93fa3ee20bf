import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { unescapeTerraformTemplate } from "../modules/shared/terraform-template";
import { findProviderMirror, planOffline, providersOf, type StackPlanResult } from "../scripts/plan-offline";

const ROOT = path.resolve(__dirname, "..");
/** A directory of its own: other tests synthesize into cdktf.out at the same time. */
const OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), "offline-plan-"));
const STACKS_DIR = path.join(OUTDIR, "stacks");
const STACKS = ["sandbox-sandbox", "wealth-management-staging"];

interface PlannedResource {
  type: string;
  change: { actions: string[]; after: Record<string, any> };
}

function planned(stack: string): PlannedResource[] {
  const plan = JSON.parse(fs.readFileSync(path.join(STACKS_DIR, stack, "plan.json"), "utf8"));
  return plan.resource_changes as PlannedResource[];
}

describe("offline plan with the real AWS provider", () => {
  let results: StackPlanResult[];

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], {
      cwd: ROOT,
      env: { ...process.env, LLMOBS_ENVIRONMENTS: "sandbox/sandbox,wealth-management/staging", CDKTF_OUTDIR: OUTDIR },
      stdio: "pipe",
    });
    results = await planOffline(STACKS, STACKS_DIR);
  }, 180_000);

  it("plans both stacks without errors or invalid-value warnings", () => {
    expect(results.map((r) => [r.stack, r.ok, r.problems])).toEqual(STACKS.map((s) => [s, true, []]));
  });

  it("creates the SageMaker model, endpoint configuration with DataCapture under KMS, and endpoint", () => {
    for (const stack of STACKS) {
      const byType = new Map(planned(stack).map((r) => [r.type, r]));
      expect(byType.get("aws_sagemaker_model")?.change.actions).toEqual(["create"]);
      expect(byType.get("aws_sagemaker_endpoint")?.change.actions).toEqual(["create"]);
      const config = byType.get("aws_sagemaker_endpoint_configuration")!.change.after;
      expect(config.data_capture_config[0]).toMatchObject({ enable_capture: true, capture_options: [{ capture_mode: "Input" }, { capture_mode: "Output" }] });
    }
  });

  it("encrypts the EBS-backed Inferentia endpoint volume with kms_key_arn", () => {
    const resources = planned("wealth-management-staging");
    const config = resources.find((r) => r.type === "aws_sagemaker_endpoint_configuration")!;
    // Known only after apply: the key is created in the same plan.
    const unknown = (JSON.parse(fs.readFileSync(path.join(STACKS_DIR, "wealth-management-staging", "plan.json"), "utf8")).resource_changes as any[]).find(
      (r) => r.type === "aws_sagemaker_endpoint_configuration",
    ).change.after_unknown;
    expect(unknown.kms_key_arn).toBe(true);
    expect(config.change.after.production_variants[0].instance_type).toBe("ml.inf2.8xlarge");
  });

  it("plans the judge calibration function, its monthly schedule, the scheduler's role and the calibration alarms", () => {
    for (const stack of STACKS) {
      const resources = planned(stack);
      const created = (type: string, match: (after: Record<string, any>) => boolean) =>
        resources.filter((r) => r.type === type && r.change.actions.join() === "create" && match(r.change.after));
      expect(
        created("aws_lambda_function", (a) => String(a.function_name).endsWith("-judge-calibration")),
        stack,
      ).toHaveLength(1);
      expect(
        created(
          "aws_scheduler_schedule",
          (a) => a.schedule_expression === "cron(0 6 1 * ? *)" && a.target[0].input === '{"task":"calibrate","pair":"current"}',
        ),
        stack,
      ).toHaveLength(1);
      expect(
        created("aws_iam_role", (a) => String(a.name).endsWith("-judge-calibration-scheduler")),
        stack,
      ).toHaveLength(1);
      // The calibration's, the PII canary's plant and check functions', and the serving-metrics bridge's.
      expect(
        created("aws_lambda_function_event_invoke_config", () => true),
        stack,
      ).toHaveLength(4);
      expect(
        created("aws_s3_object", (a) => String(a.key).startsWith("golden/")),
        stack,
      ).toHaveLength(1);
      const alarms = created("aws_cloudwatch_metric_alarm", (a) => /-judge-calibration-(kappa|bias|failed)$/.test(String(a.alarm_name))).map((r) =>
        String(r.change.after.alarm_name).replace(/^.*-judge-calibration-/, ""),
      );
      expect(alarms.sort(), stack).toEqual(["bias", "failed", "kappa"]);
    }
  });

  it("creates the sandbox's Managed Grafana workspace in us-east-1 (its residency ADR), with its least-privilege role, unified alerting and network access control, and no token in state", () => {
    const resources = planned("sandbox-sandbox");
    const of = (type: string) => resources.filter((r) => r.type === type);
    const [workspace] = of("aws_grafana_workspace");
    expect(workspace!.change.actions).toEqual(["create"]);
    expect(workspace!.change.after).toMatchObject({
      account_access_type: "CURRENT_ACCOUNT",
      authentication_providers: ["AWS_SSO"],
      permission_type: "CUSTOMER_MANAGED",
      data_sources: ["CLOUDWATCH", "XRAY"],
      network_access_control: [expect.objectContaining({ prefix_list_ids: ["pl-00000000000000001"] })],
    });
    expect(JSON.parse(workspace!.change.after.configuration)).toMatchObject({ unifiedAlerting: { enabled: true } });
    const role = of("aws_iam_role").find((r) => r.change.after.name.endsWith("-grafana-workspace"))!;
    expect(JSON.parse(role.change.after.assume_role_policy).Statement[0].Condition.ArnLike["aws:SourceArn"]).toMatch(/^arn:aws:grafana:us-east-1:/);
    const policy = of("aws_iam_role_policy").find((r) => r.change.after.name === "read-observability-data")!;
    const statements = JSON.parse(policy.change.after.policy).Statement as { Action: string[]; Resource: string | string[] }[];
    expect(statements.flatMap((x) => x.Action).filter((a) => !/^(cloudwatch|logs|xray):/.test(a) || a.endsWith("*"))).toEqual([]);
    expect(statements.find((x) => x.Action.includes("logs:StartQuery"))!.Resource).toEqual([
      expect.stringMatching(/:log-group:\/aws\/lambda\/llmobs-.*-gateway$/),
      expect.stringMatching(/-gateway:\*$/),
    ]);
    expect(of("aws_grafana_workspace_service_account")[0]!.change.after).toMatchObject({ grafana_role: "ADMIN" });
    expect(of("aws_grafana_workspace_service_account_token")).toEqual([]);
    // wealth-management staging has no Grafana: its dashboard is in CloudWatch, in its Region.
    expect(planned("wealth-management-staging").filter((r) => r.type.startsWith("aws_grafana_"))).toEqual([]);
  });

  it("plans the in-Region CloudWatch dashboard of each environment, rows and all", () => {
    for (const stack of STACKS) {
      const [dashboard] = planned(stack).filter((r) => r.type === "aws_cloudwatch_dashboard");
      expect(dashboard!.change.actions).toEqual(["create"]);
      // The body names the API's id (known after apply), so it is read as synthesized, template escapes undone.
      const json = JSON.parse(fs.readFileSync(path.join(STACKS_DIR, stack, "cdk.tf.json"), "utf8"));
      const body = JSON.parse(
        unescapeTerraformTemplate(Object.values(json.resource.aws_cloudwatch_dashboard as Record<string, { dashboard_body: string }>)[0]!.dashboard_body),
      );
      expect(body.widgets.filter((w: any) => w.type === "text").map((w: any) => w.properties.markdown)).toEqual([
        "## SLOs",
        "## Quality",
        "## Token economics",
        "## Serving",
        "## Infrastructure",
      ]);
      // The Serving row reads the bridged metrics: CloudWatch dashboards take no PromQL.
      expect(JSON.stringify(body)).toContain('"LLMInference/Serving","PrefixCacheHitRate"');
      expect(JSON.stringify(body)).not.toContain("vllm:");
      expect(JSON.stringify(body)).toContain("${PROP('Dim.InstanceId')}");
    }
  });

  it("plans the fail-closed check's metric alarm and the PII canary: schedules under the layer's key, two functions, its alarms", () => {
    for (const stack of STACKS) {
      const resources = planned(stack);
      const canarySchedules = resources.filter((r) => r.type === "aws_scheduler_schedule" && String(r.change.after.name).includes("-pii-canary-"));
      expect(
        canarySchedules.map((r) => [r.change.actions, r.change.after.schedule_expression]),
        stack,
      ).toEqual([
        [["create"], "rate(60 minutes)"],
        [["create"], "rate(60 minutes)"],
      ]);
      // The key is created in the same plan: its ARN is known after apply, but set.
      const unknown = (JSON.parse(fs.readFileSync(path.join(STACKS_DIR, stack, "plan.json"), "utf8")).resource_changes as any[])
        .filter((r) => r.type === "aws_scheduler_schedule" && String(r.change.after.name).includes("-pii-canary-"))
        .map((r) => r.change.after_unknown.kms_key_arn);
      expect(unknown, stack).toEqual([true, true]);
      const functions = resources.filter((r) => r.type === "aws_lambda_function" && /-pii-canary-(plant|check)$/.test(String(r.change.after.function_name)));
      expect(functions.map((r) => r.change.after.environment[0].variables.PII_CANARY_TASK).sort(), stack).toEqual(["check", "plant"]);
      const alarms = resources
        .filter(
          (r) => r.type === "aws_cloudwatch_metric_alarm" && /-pii-(canary-leak|canary-missing|survived-masking)$/.test(String(r.change.after.alarm_name)),
        )
        .map((r) => [r.change.after.metric_name, r.change.after.namespace, r.change.after.treat_missing_data]);
      expect(alarms.sort(), stack).toEqual([
        ["PiiCanaryEvaluated", "LLMInference/Privacy", "breaching"],
        ["PiiCanaryLeaks", "LLMInference/Privacy", "notBreaching"],
        ["PiiSurvivedMasking", "LLMInference/Privacy", "notBreaching"],
      ]);
    }
  });

  it("plans the landing-zone controls with the real provider: signed functions, WAF logging, the audit of the audit", () => {
    for (const stack of STACKS) {
      const resources = planned(stack);
      const of = (type: string) => resources.filter((r) => r.type === type);
      // Code signing: a profile, a config, and per function an upload and a signing job.
      expect(of("aws_signer_signing_profile")[0]!.change.after).toMatchObject({ platform_id: "AWSLambda-SHA384-ECDSA" });
      expect(of("aws_lambda_code_signing_config")[0]!.change.after.policies).toEqual([{ untrusted_artifact_on_deployment: "Warn" }]);
      // Seven functions (gateway, evaluator, publisher, judge calibration, PII canary plant and check, serving-metrics bridge); the eighth object is the calibration's golden set.
      expect(of("aws_s3_object").filter((r) => String(r.change.after.key).startsWith("unsigned/"))).toHaveLength(7);
      expect(of("aws_s3_object")).toHaveLength(8);
      expect(of("aws_signer_signing_job").map((r) => r.change.actions)).toEqual(Array.from({ length: 7 }, () => ["create"]));
      // WAF: logging with the authorization header redacted, body protection, the anonymous-IP group.
      expect(of("aws_wafv2_web_acl_logging_configuration")[0]!.change.after.redacted_fields).toEqual([
        expect.objectContaining({ single_header: [{ name: "authorization" }] }),
      ]);
      const acl = of("aws_wafv2_web_acl")[0]!.change.after;
      expect(acl.data_protection_config[0].data_protection.map((d: { field: { field_type: string }[] }) => d.field[0]!.field_type)).toEqual([
        "BODY",
        "SINGLE_HEADER",
      ]);
      expect(acl.rule.map((r: { name: string }) => r.name)).toContain("AWSManagedRulesAnonymousIpList");
      // Two trails: the audit trail and the one over its bucket.
      expect(
        of("aws_cloudtrail")
          .map((r) => r.change.after.name)
          .sort(),
      ).toEqual([expect.stringMatching(/-audit-trail$/), expect.stringMatching(/-trail-bucket-audit$/)]);
    }
  });

  it("plans a stack whose environment keeps its state in S3 (the override makes the backend local)", () => {
    const json = JSON.parse(fs.readFileSync(path.join(STACKS_DIR, "wealth-management-staging", "cdk.tf.json"), "utf8"));
    expect(json.terraform.backend.s3).toMatchObject({ bucket: "wealth-management-terraform-state-333333333333", use_lockfile: true });
    expect(results.find((r) => r.stack === "wealth-management-staging")!.ok).toBe(true);
  });

  it("finds the provider mirror from TF_PROVIDER_MIRROR or by discovery, and names a bad setting", () => {
    const mirror = findProviderMirror({ ...process.env, TF_PROVIDER_MIRROR: undefined });
    expect(fs.existsSync(path.join(mirror, "registry.terraform.io", "hashicorp", "aws", "5.100.0"))).toBe(true);
    expect(findProviderMirror({ TF_PROVIDER_MIRROR: mirror })).toBe(mirror);
    expect(() => findProviderMirror({ TF_PROVIDER_MIRROR: "/nonexistent" })).toThrow("TF_PROVIDER_MIRROR=/nonexistent does not contain");
  });

  it("treats only stacks whose sole provider is aws as plannable", () => {
    expect(providersOf({ provider: { aws: [{}] }, terraform: { required_providers: { aws: {} } } })).toEqual(["aws"]);
    expect(providersOf({ provider: { aws: [{}], pagerduty: [{}] } })).toEqual(["aws", "pagerduty"]);
  });
});
