import { describe, expect, it } from "vitest";
import { onlyResource, resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../testing/fixtures/synth";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { GrafanaWorkspace, type GrafanaWorkspaceProps } from "../grafana-workspace";
import { GRAFANA_RULES } from "../policy-rules";

const LOG_GROUP = `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:/aws/lambda/llmobs-retail-banking-staging-gateway`;
const VPC = { subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], securityGroupIds: ["sg-0123456789abcdef0"] };

function synth(overrides: Partial<GrafanaWorkspaceProps> = {}) {
  return synthStack((stack) => {
    new GrafanaWorkspace(stack, "grafana", {
      naming: testNaming(),
      accountId: TEST_ACCOUNT,
      region: TEST_REGION,
      authentication: { type: "AWS_SSO", adminGroupIds: ["9067729b3d-94f0c1c2-3a4b-4c5d-8e9f-0a1b2c3d4e5f"] },
      vpc: VPC,
      logGroupArns: [LOG_GROUP],
      ...overrides,
    });
  });
}

const statements = (json: ReturnType<typeof synth>) => JSON.parse(onlyResource(json, "aws_iam_role_policy").policy).Statement as Record<string, any>[];

describe("GrafanaWorkspace", () => {
  const json = synth();

  it("creates a CUSTOMER_MANAGED workspace in the VPC with unified alerting on, reading CloudWatch and X-Ray", () => {
    const ws = onlyResource(json, "aws_grafana_workspace");
    expect(ws).toMatchObject({
      name: "llmobs-retail-banking-staging-grafana",
      account_access_type: "CURRENT_ACCOUNT",
      authentication_providers: ["AWS_SSO"],
      permission_type: "CUSTOMER_MANAGED",
      role_arn: expect.stringMatching(/^\$\{aws_iam_role\..*\.arn\}$/),
      data_sources: ["CLOUDWATCH", "XRAY"],
      vpc_configuration: { subnet_ids: VPC.subnetIds, security_group_ids: VPC.securityGroupIds },
    });
    expect(JSON.parse(ws.configuration).unifiedAlerting).toEqual({ enabled: true });
    expect(ws.notification_destinations).toBeUndefined();
    expect(ws.network_access_control).toBeUndefined();
  });

  it("trusts only Grafana, for this account's workspaces", () => {
    const trust = JSON.parse(onlyResource(json, "aws_iam_role").assume_role_policy).Statement;
    expect(trust).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "grafana.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": TEST_ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:aws:grafana:${TEST_REGION}:${TEST_ACCOUNT}:/workspaces/*` },
        },
      },
    ]);
  });

  it("reads metrics, alarms, traces and only the given log groups, in its region; nothing writes", () => {
    const s = statements(json);
    const actions = s.flatMap((x) => x.Action as string[]);
    expect(actions.every((a) => /^(cloudwatch|logs|xray):(Get|List|Describe|BatchGet|StartQuery|StopQuery)/.test(a))).toBe(true);
    expect(actions.some((a) => a.endsWith(":*"))).toBe(false);
    expect(s.find((x) => x.Sid === "QueryLogGroups")).toEqual({
      Sid: "QueryLogGroups",
      Effect: "Allow",
      Action: ["logs:StartQuery", "logs:GetLogGroupFields", "logs:GetLogEvents"],
      Resource: [LOG_GROUP, `${LOG_GROUP}:*`],
    });
    for (const x of s.filter((y) => y.Resource === "*")) expect(x.Condition, x.Sid).toEqual({ StringEquals: { "aws:RequestedRegion": TEST_REGION } });
    expect(s.find((x) => x.Sid === "ReadAlarms")!.Resource).toBe(`arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT}:alarm:*`);
  });

  it("gives Identity Center groups their Grafana role, and the provider an admin service account with a short-lived token", () => {
    expect(resourcesOf(json, "aws_grafana_role_association")).toEqual([
      expect.objectContaining({ role: "ADMIN", group_ids: ["9067729b3d-94f0c1c2-3a4b-4c5d-8e9f-0a1b2c3d4e5f"] }),
    ]);
    expect(onlyResource(json, "aws_grafana_workspace_service_account")).toMatchObject({ grafana_role: "ADMIN", name: "terraform-grafana-provider" });
    expect(onlyResource(json, "aws_grafana_workspace_service_account_token")).toMatchObject({
      seconds_to_live: 3600,
      service_account_id: expect.stringContaining("service_account_id"),
    });
  });

  it("configures SAML from the IdP metadata, network access control and SNS destinations when asked", () => {
    const saml = synth({
      authentication: {
        type: "SAML",
        idpMetadataUrl: "https://idp.example-bank.com/metadata",
        adminRoleValues: ["grafana-admins"],
        editorRoleValues: ["grafana-editors"],
      },
      networkAccess: { prefixListIds: ["pl-0123456789abcdef0"], vpceIds: ["vpce-0123456789abcdef0"] },
      notificationTopicArns: [`arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:page`],
    });
    expect(onlyResource(saml, "aws_grafana_workspace")).toMatchObject({
      authentication_providers: ["SAML"],
      notification_destinations: ["SNS"],
      network_access_control: { prefix_list_ids: ["pl-0123456789abcdef0"], vpce_ids: ["vpce-0123456789abcdef0"] },
    });
    expect(onlyResource(saml, "aws_grafana_workspace_saml_configuration")).toMatchObject({
      idp_metadata_url: "https://idp.example-bank.com/metadata",
      admin_role_values: ["grafana-admins"],
      editor_role_values: ["grafana-editors"],
      role_assertion: "role",
    });
    expect(resourcesOf(saml, "aws_grafana_role_association")).toEqual([]);
    expect(statements(saml).find((x) => x.Sid === "PublishAlerts")).toMatchObject({
      Action: ["sns:Publish"],
      Resource: [`arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT}:page`],
    });
  });

  it("refuses bad props with the value and the fix", () => {
    expect(() => synth({ providerTokenSecondsToLive: 0 })).toThrow("provider token life must be a whole number of seconds from 1 to 2592000, got 0");
    expect(() => synth({ vpc: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } })).toThrow(
      "grafana workspace vpc needs 2-6 subnets and 1-5 security groups, got 1 and 1",
    );
    expect(() => synth({ authentication: { type: "SAML", adminRoleValues: ["a"], editorRoleValues: ["e"] } })).toThrow(
      "saml authentication needs exactly one of idpMetadataUrl and idpMetadataXml",
    );
  });

  it("passes every platform rule, and each Grafana rule fires on what it forbids", () => {
    const stack = synthesizedStackFrom(json);
    expect(evaluatePolicy(stack, PLATFORM_RULE_PACKS)).toEqual([]);
    const ws = stack.byType("aws_grafana_workspace")[0]!;
    const token = stack.byType("aws_grafana_workspace_service_account_token")[0]!;
    const broken = (base: typeof ws, config: Record<string, unknown>) => ({ ...base, config: { ...base.config, ...config } });
    const fired = (resource: typeof ws) =>
      GRAFANA_RULES.filter((r) => r.resourceTypes.includes(resource.type) && r.check(resource, stack) === "non-compliant").map((r) => r.id);
    expect(fired(broken(ws, { permission_type: "SERVICE_MANAGED" }))).toEqual(["LLMOBS-GRAFANA-1"]);
    expect(fired(broken(ws, { configuration: undefined }))).toEqual(["LLMOBS-GRAFANA-2"]);
    expect(fired(broken(ws, { configuration: '{"unifiedAlerting":{"enabled":false}}' }))).toEqual(["LLMOBS-GRAFANA-2"]);
    expect(fired(broken(ws, { vpc_configuration: undefined }))).toEqual(["LLMOBS-GRAFANA-3"]);
    expect(fired(broken(ws, { account_access_type: "ORGANIZATION" }))).toEqual(["LLMOBS-GRAFANA-4"]);
    expect(fired(broken(token, { seconds_to_live: 2_592_000 }))).toEqual(["LLMOBS-GRAFANA-5"]);
    expect(fired(ws)).toEqual([]);
    expect(fired(token)).toEqual([]);
  });
});
