/**
 * Every environment's Grafana stack (those whose grafana.mode is not "cloudwatch"), and every
 * environment's CloudWatch dashboard, synthesized the way users do (`tsx main.ts`): valid against the
 * Grafana provider's pinned schema (the offline stand-in for `terraform validate`), wired to its
 * environment's workspace, holding no secret, and drawing the environment's own prices and SLOs.
 * Terraform itself renders each dashboard (the Grafana provider cannot be installed here, but the
 * string Terraform hands it can be computed without one).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../config/resolved";
import { grafanaProviderSchema } from "../modules/grafana/pinned-schema";
import { validateStackAgainstSchema } from "../modules/grafana/schema-validation";
import { unescapeTerraformTemplate } from "../modules/shared/terraform-template";
import { exportDashboards } from "../scripts/dashboards";

const ROOT = path.resolve(__dirname, "..");
const OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), "grafana-stacks-"));
/** The environments as main.ts resolves them (environment files load through tsx, as in a synth). */
function resolvedEnvironments(): ResolvedEnvironment[] {
  const script = `const { loadEnvironments } = require(${JSON.stringify(path.join(ROOT, "config", "discover.ts"))});
    console.log(JSON.stringify(loadEnvironments(${JSON.stringify(path.join(ROOT, "environments"))}, ${JSON.stringify(ROOT)})));`;
  return JSON.parse(execFileSync(process.execPath, [require.resolve("tsx/cli"), "-e", script], { encoding: "utf8" })) as ResolvedEnvironment[];
}
const read = (stack: string): Record<string, any> => JSON.parse(fs.readFileSync(path.join(OUTDIR, "stacks", stack, "cdk.tf.json"), "utf8"));
const resources = (json: Record<string, any>, type: string): Record<string, any>[] => Object.values(json.resource?.[type] ?? {});

describe("Grafana stacks of every environment", { timeout: 120_000 }, () => {
  let stacks: string[] = [];
  let environments: ResolvedEnvironment[] = [];
  let all: ResolvedEnvironment[] = [];
  beforeAll(() => {
    all = resolvedEnvironments();
    environments = all.filter((env) => env.grafana.mode !== "cloudwatch");
    execFileSync(process.execPath, [require.resolve("tsx/cli"), "main.ts"], { cwd: ROOT, stdio: "pipe", env: { ...process.env, CDKTF_OUTDIR: OUTDIR } });
    stacks = fs.readdirSync(path.join(OUTDIR, "stacks"));
  }, 120_000);

  it("exist beside the AWS stack of every environment that has a Grafana, and of no other", () => {
    expect(environments.length).toBeGreaterThan(0);
    for (const env of all) {
      expect(stacks).toContain(env.id);
      if (env.grafana.mode === "cloudwatch") expect(stacks).not.toContain(`${env.id}-grafana`);
      else expect(stacks).toContain(`${env.id}-grafana`);
    }
  });

  it("pass schema validation: every grafana_* resource and the provider block", () => {
    const schema = grafanaProviderSchema();
    let checked = 0;
    for (const env of environments) {
      const json = read(`${env.id}-grafana`);
      expect(validateStackAgainstSchema(json, schema, "grafana"), env.id).toEqual([]);
      checked += Object.keys(json.resource).filter((t) => t.startsWith("grafana_")).length;
    }
    expect(checked).toBe(environments.length * 5);
  });

  it("hold the business line's folder, team and permission, the CloudWatch data source and the dashboard", () => {
    for (const env of environments) {
      const json = read(`${env.id}-grafana`);
      expect(resources(json, "grafana_folder").map((f) => f.title)).toEqual([env.businessLine.name]);
      expect(resources(json, "grafana_team").map((t) => t.name)).toEqual([env.businessLine.name]);
      expect(resources(json, "grafana_folder_permission")).toHaveLength(1);
      const [ds, promql] = resources(json, "grafana_data_source");
      expect(JSON.parse(ds!.json_data_encoded)).toMatchObject({ authType: "ec2_iam_role", defaultRegion: env.region });
      // SageMaker's detailed serving metrics: CloudWatch's PromQL endpoint of the region, SigV4 with the workspace role.
      expect(promql).toMatchObject({ type: "grafana-amazonprometheus-datasource", url: `https://monitoring.${env.region}.amazonaws.com` });
      expect(JSON.parse(promql!.json_data_encoded)).toMatchObject({ sigV4Auth: true, sigV4AuthType: "ec2_iam_role", sigV4Region: env.region });
      const [dashboard] = resources(json, "grafana_dashboard");
      const model = JSON.parse(dashboard!.config_json);
      expect(model.uid).toBe(`llmobs-${env.id}`.slice(0, 40));
      expect(model.panels.filter((p: any) => p.type === "row").map((p: any) => p.title)).toEqual([
        "SLOs",
        "Quality",
        "Token economics",
        "Serving",
        "Infrastructure",
      ]);
      expect(json.terraform.required_providers).toEqual({ grafana: { source: "grafana/grafana", version: "4.45.1" } });
    }
  });

  it("reach the workspace of their AWS stack and take the token from a sensitive variable, never from the JSON", () => {
    for (const env of environments) {
      const grafana = read(`${env.id}-grafana`);
      const aws = read(env.id);
      const provider = grafana.provider.grafana[0];
      expect(provider.auth).toBe("${var.grafana_auth}");
      expect(grafana.variable.grafana_auth).toMatchObject({ type: "string", sensitive: true });
      expect(grafana.variable.grafana_auth.default).toBeUndefined();
      // The URL is the workspace's endpoint, read from the AWS stack's state (a cross-stack reference).
      const [remote] = Object.keys(grafana.data.terraform_remote_state);
      expect(remote).toBe(`cross-stack-reference-input-${env.id}`);
      const output = /outputs\.([\w-]+)\}$/.exec(provider.url)![1]!;
      expect(provider.url.startsWith("https://${data.terraform_remote_state.")).toBe(true);
      expect(aws.output[output]).toEqual({ value: expect.stringMatching(/^\$\{aws_grafana_workspace\..*\.endpoint\}$/), sensitive: true });
      // No token is made by Terraform (it would sit in state in clear): the deploy mints a short-lived one.
      expect(aws.output.grafana_provider_token).toBeUndefined();
      expect(aws.resource.aws_grafana_workspace_service_account_token).toBeUndefined();
      expect(JSON.stringify(grafana)).not.toMatch(/glsa_|eyJrIjoi/);
    }
  });

  it("reach Grafana as written: Terraform renders each dashboard with its variables and dynamic labels intact", () => {
    // Terraform reads config_json as a template; an unescaped `${environment}` or `${PROP('Dim.x')}`
    // makes it refuse the whole stack. Rendered here as a local value, with the AWS stack's API id
    // (read from its state in a deploy) given as a local too.
    const API_ID = "a1b2c3d4e5";
    const remoteStateOutput = /\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\}/g;
    const configs: Record<string, string> = {};
    for (const env of environments) {
      const configJson = resources(read(`${env.id}-grafana`), "grafana_dashboard")[0]!.config_json as string;
      configs[env.id] = configJson.replace(remoteStateOutput, "${local.api_id}");
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grafana-render-"));
    fs.writeFileSync(
      path.join(dir, "main.tf.json"),
      JSON.stringify({ locals: { api_id: API_ID, dashboards: configs }, output: { dashboards: { value: "${local.dashboards}" } } }),
    );
    const terraform = (...args: string[]) => {
      try {
        return execFileSync("terraform", [...args, "-no-color"], {
          cwd: dir,
          encoding: "utf8",
          maxBuffer: 256 * 1024 * 1024,
          env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        });
      } catch (error) {
        // Terraform quotes the whole offending line (a dashboard): the start of its message is enough.
        throw new Error(`terraform ${args[0]} failed: ${String((error as { stderr?: string }).stderr).slice(0, 1500)}`);
      }
    };
    terraform("init", "-input=false");
    terraform("apply", "-auto-approve", "-input=false");
    const rendered = JSON.parse(terraform("output", "-json", "dashboards")) as Record<string, string>;
    for (const env of environments) {
      const model = JSON.parse(rendered[env.id]!);
      expect(model.templating.list.find((v: any) => v.name === "endpoint").regex).toBe("/^${environment}-.*/");
      const targets = model.panels.flatMap((p: any) => p.targets ?? []);
      expect(targets.filter((t: any) => t.label === "${PROP('Dim.InstanceId')}").length, env.id).toBeGreaterThan(0);
      expect(targets.filter((t: any) => String(t.expression).includes("=~ /^${use_case:regex}$/")).length, env.id).toBeGreaterThan(0);
      const throttled = targets.filter((t: any) => t.metricName === "ApiThrottled");
      expect(throttled.length, env.id).toBeGreaterThan(0);
      for (const t of throttled) expect(t.dimensions.ApiId).toBe(API_ID);
      // Nothing else changes on the way: the model is the synthesized text with its escapes undone.
      expect(model).toEqual(JSON.parse(unescapeTerraformTemplate(configs[env.id]!).replaceAll("${local.api_id}", API_ID)));
    }
  });

  it("npm run dashboards writes each environment's dashboard as an import file that asks for the data source", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "dashboards-export-"));
    const files = exportDashboards(path.join(OUTDIR, "stacks"), out);
    expect(files.map((f) => path.relative(out, f)).sort()).toEqual(environments.map((e) => `${e.id}/${`llmobs-${e.id}`.slice(0, 40)}.json`).sort());
    const file = JSON.parse(fs.readFileSync(files[0]!, "utf8"));
    expect(file.__inputs).toEqual([
      expect.objectContaining({ name: "DS_CLOUDWATCH", type: "datasource", pluginId: "cloudwatch" }),
      expect.objectContaining({ name: "DS_PROMQL", type: "datasource", pluginId: "grafana-amazonprometheus-datasource" }),
      expect.objectContaining({ name: "TF_OUTPUT_1", type: "constant" }),
    ]);
    expect(JSON.stringify(file)).not.toContain("llmobs-cloudwatch");
    expect(file.panels.length).toBeGreaterThan(40);
    // No Terraform is left in the file: Grafana's own variables as written, the API id an input.
    expect(JSON.stringify(file)).not.toMatch(/terraform_remote_state|\$\$\{/);
    expect(file.templating.list.find((v: any) => v.name === "endpoint").regex).toBe("/^${environment}-.*/");
    const apiId = file.__inputs.find((i: any) => i.type === "constant");
    expect(apiId).toMatchObject({
      name: "TF_OUTPUT_1",
      value: "",
      description: expect.stringMatching(/^terraform -chdir=cdktf\.out\/stacks\/[\w-]+ output -raw cross-stack-output-aws_api_gateway_rest_api/),
    });
    const throttled = file.panels.flatMap((p: any) => p.targets ?? []).filter((t: any) => t.metricName === "ApiThrottled");
    expect(throttled.length).toBeGreaterThan(0);
    for (const t of throttled) expect(t.dimensions.ApiId).toBe("${TF_OUTPUT_1}");
  });

  it("draw each environment's own price and SLO objectives, in Grafana and in its CloudWatch dashboard", () => {
    const costPerHour = (env: ResolvedEnvironment) => env.model.hourlyPriceUsd * (env.model.autoscaling?.minInstances ?? env.model.instanceCount);
    const objectiveOf = (env: ResolvedEnvironment) => Number((1 - (env.alerting.sloObjectives.availability ?? 0.995)).toPrecision(6));
    const seen = new Set<string>();
    for (const env of environments) {
      const model = JSON.parse(resources(read(`${env.id}-grafana`), "grafana_dashboard")[0]!.config_json);
      const cost = model.panels.find((p: any) => p.title === "Cost per request and per 1,000 generated tokens");
      const expression = cost.targets.find((t: any) => t.refId === "cost_per_1k_tokens").expression as string;
      expect(expression).toBe(`1000 * ${Number(costPerHour(env).toPrecision(8))} / ((completion / PERIOD(completion)) * 3600)`);
      const availability = model.panels.find((p: any) => p.title === "Burn rate: availability");
      expect(availability.targets.find((t: any) => t.refId === "burn_1h").expression).toContain(`/ ${objectiveOf(env)}`);
      const endpointVariable = model.templating.list.find((v: any) => v.name === "endpoint");
      expect(endpointVariable.current.value).toMatch(new RegExp(`^llmobs-${env.id}-`));
    }
    for (const env of all) {
      const body = JSON.parse(unescapeTerraformTemplate(resources(read(env.id), "aws_cloudwatch_dashboard")[0]!.dashboard_body));
      const entries = (title: string) => body.widgets.find((w: any) => w.properties.title === title).properties.metrics.flat();
      const expression = entries("Cost per request and per 1,000 generated tokens").find((e: any) => e?.id === "cost_per_1k_tokens").expression;
      expect(expression).toBe(`1000 * ${Number(costPerHour(env).toPrecision(8))} / ((completion / PERIOD(completion)) * 3600)`);
      seen.add(expression);
      expect(entries("Burn rate: availability").find((e: any) => e?.id === "burn_1h").expression).toContain(`/ ${objectiveOf(env)}`);
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});
