import { type App, Testing, TerraformStack, TerraformVariable } from "cdktf";
import { describe, expect, it } from "vitest";
import { GrafanaProvider } from "../generated/provider";
import { GrafanaContent, type GrafanaContentProps } from "../grafana-content";
import { grafanaProviderSchema } from "../pinned-schema";
import { validateStackAgainstSchema } from "../schema-validation";

const DASHBOARD = JSON.stringify({ uid: "llmobs-retail-banking-prod", title: "t", panels: [] });

function synth(overrides: Partial<GrafanaContentProps> = {}): Record<string, any> {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "grafana");
  new GrafanaProvider(stack, "grafana", { url: "https://g-1.grafana-workspace.sa-east-1.amazonaws.com" });
  new GrafanaContent(stack, "content", {
    businessLine: "retail-banking",
    teamMembers: ["ana@example-bank.com"],
    cloudwatch: { uid: "llmobs-cloudwatch", defaultRegion: "sa-east-1", customMetricsNamespaces: ["LLMInference/SageMaker", "LLMInference/Quality"] },
    dashboards: [{ uid: "llmobs-retail-banking-prod", json: DASHBOARD }],
    ...overrides,
  });
  return JSON.parse(Testing.synth(stack));
}
const only = (json: Record<string, any>, type: string) => {
  const all = Object.values(json.resource[type] ?? {});
  expect(all, type).toHaveLength(1);
  return all[0] as Record<string, any>;
};

describe("GrafanaContent", () => {
  const json = synth();

  it("gives the business line a team and a folder only that team and Grafana admins open", () => {
    expect(only(json, "grafana_team")).toMatchObject({ name: "retail-banking", members: ["ana@example-bank.com"] });
    expect(only(json, "grafana_folder")).toMatchObject({ title: "retail-banking", uid: "llmobs-retail-banking" });
    expect(only(json, "grafana_folder_permission")).toEqual(
      expect.objectContaining({
        folder_uid: expect.stringMatching(/^\$\{grafana_folder\..*\.uid\}$/),
        permissions: [
          { team_id: expect.stringMatching(/^\$\{grafana_team\..*\.id\}$/), permission: "View" },
          { role: "Admin", permission: "Admin" },
        ],
      }),
    );
  });

  it("reads CloudWatch through the workspace's IAM role in the default region, with the platform's namespaces", () => {
    const ds = only(json, "grafana_data_source");
    expect(ds).toMatchObject({ type: "cloudwatch", uid: "llmobs-cloudwatch", is_default: true });
    expect(JSON.parse(ds.json_data_encoded)).toEqual({
      authType: "ec2_iam_role",
      defaultRegion: "sa-east-1",
      customMetricsNamespaces: "LLMInference/SageMaker,LLMInference/Quality",
    });
    expect(ds.secure_json_data_encoded).toBeUndefined();
  });

  it("puts the dashboards in the folder, after the data source", () => {
    const dashboard = only(json, "grafana_dashboard");
    expect(dashboard).toMatchObject({ config_json: DASHBOARD, folder: expect.stringMatching(/^\$\{grafana_folder\..*\.uid\}$/), overwrite: true });
    expect(dashboard.depends_on).toEqual([expect.stringMatching(/^grafana_data_source\./)]);
  });

  it("is valid against the provider's pinned schema, and synthesizes grafana/grafana 4.45.1", () => {
    expect(validateStackAgainstSchema(json, grafanaProviderSchema(), "grafana")).toEqual([]);
    expect(json.terraform.required_providers.grafana).toEqual({ source: "grafana/grafana", version: "4.45.1" });
  });

  it("escapes the dashboard's own ${…} and %{…} for Terraform, and still resolves cdktf tokens inside it", () => {
    const app: App = Testing.app();
    const stack = new TerraformStack(app, "grafana");
    new GrafanaProvider(stack, "grafana", { url: "https://g-1.grafana-workspace.sa-east-1.amazonaws.com" });
    const apiId = new TerraformVariable(stack, "api_id", { type: "string" });
    const model = {
      uid: "llmobs-retail-banking-prod",
      regex: "/^${environment}-.*/",
      label: "${PROP('Dim.InstanceId')}",
      note: "%{ if x }",
      api: apiId.stringValue,
    };
    new GrafanaContent(stack, "content", {
      businessLine: "retail-banking",
      cloudwatch: { uid: "llmobs-cloudwatch", defaultRegion: "sa-east-1", customMetricsNamespaces: [] },
      dashboards: [{ uid: model.uid, json: JSON.stringify(model) }],
    });
    const configJson = only(JSON.parse(Testing.synth(stack)), "grafana_dashboard").config_json as string;
    expect(JSON.parse(configJson)).toEqual({
      uid: "llmobs-retail-banking-prod",
      regex: "/^$${environment}-.*/",
      label: "$${PROP('Dim.InstanceId')}",
      note: "%%{ if x }",
      api: "${var.api_id}",
    });
  });

  it("refuses a dashboard whose json has another uid, and a uid Grafana would refuse", () => {
    expect(() => synth({ dashboards: [{ uid: "other", json: DASHBOARD }] })).toThrow('dashboard json has uid "llmobs-retail-banking-prod", expected "other"');
    expect(() => synth({ folderUid: "a/b" })).toThrow('grafana uids are 1-40 letters, digits, - or _, got "a/b"');
  });
});
