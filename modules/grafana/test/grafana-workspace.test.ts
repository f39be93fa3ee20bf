import { describe, expect, it } from "vitest";
import { onlyResource, resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../testing/fixtures/synth";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GrafanaWorkspace, providerTokenCommand, type GrafanaWorkspaceProps } from "../grafana-workspace";
import { GRAFANA_RULES } from "../policy-rules";

/** A Region where Amazon Managed Grafana is offered (it is not in sa-east-1, the platform's default). */
const REGION = "us-east-1";
const LOG_GROUP = `arn:aws:logs:${REGION}:${TEST_ACCOUNT}:log-group:/aws/lambda/llmobs-retail-banking-staging-gateway`;
const ACCESS = { prefixListIds: ["pl-0123456789abcdef0"] };
const VPC = { subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], securityGroupIds: ["sg-0123456789abcdef0"] };

function synth(overrides: Partial<GrafanaWorkspaceProps> = {}) {
  return synthStack(
    (stack) => {
      new GrafanaWorkspace(stack, "grafana", {
        naming: testNaming(),
        accountId: TEST_ACCOUNT,
        region: REGION,
        authentication: { type: "AWS_SSO", adminGroupIds: ["9067729b3d-94f0c1c2-3a4b-4c5d-8e9f-0a1b2c3d4e5f"] },
        vpc: VPC,
        networkAccess: ACCESS,
        logGroupArns: [LOG_GROUP],
        ...overrides,
      });
    },
    false,
    REGION,
  );
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
    expect(ws.network_access_control).toEqual({ prefix_list_ids: ACCESS.prefixListIds, vpce_ids: [] });
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
          ArnLike: { "aws:SourceArn": `arn:aws:grafana:${REGION}:${TEST_ACCOUNT}:/workspaces/*` },
        },
      },
    ]);
  });

  it("reads metrics, alarms, traces and only the given log groups, in its region; nothing writes", () => {
    const s = statements(json);
    const actions = s.flatMap((x) => x.Action as string[]);
    expect(actions.every((a) => /^(cloudwatch|logs|xray):(Get|List|Describe|BatchGet|StartQuery|StopQuery|QueryMetrics)/.test(a))).toBe(true);
    expect(actions.some((a) => a.endsWith(":*"))).toBe(false);
    expect(s.find((x) => x.Sid === "QueryLogGroups")).toEqual({
      Sid: "QueryLogGroups",
      Effect: "Allow",
      Action: ["logs:StartQuery", "logs:GetLogGroupFields", "logs:GetLogEvents"],
      Resource: [LOG_GROUP, `${LOG_GROUP}:*`],
    });
    for (const x of s.filter((y) => y.Resource === "*")) expect(x.Condition, x.Sid).toEqual({ StringEquals: { "aws:RequestedRegion": REGION } });
    expect(s.find((x) => x.Sid === "ReadAlarms")!.Resource).toBe(`arn:aws:cloudwatch:${REGION}:${TEST_ACCOUNT}:alarm:*`);
  });

  it("gives Identity Center groups their Grafana role, and the provider an admin service account whose token stays out of state", () => {
    expect(resourcesOf(json, "aws_grafana_role_association")).toEqual([
      expect.objectContaining({ role: "ADMIN", group_ids: ["9067729b3d-94f0c1c2-3a4b-4c5d-8e9f-0a1b2c3d4e5f"] }),
    ]);
    expect(onlyResource(json, "aws_grafana_workspace_service_account")).toMatchObject({ grafana_role: "ADMIN", name: "terraform-grafana-provider" });
    // A token made by Terraform would sit in its state in clear: the deploy mints one that expires.
    expect(resourcesOf(json, "aws_grafana_workspace_service_account_token")).toEqual([]);
    expect(providerTokenCommand("g-abc123", "7", "us-east-1", 900)).toBe(
      'aws grafana create-workspace-service-account-token --region us-east-1 --workspace-id g-abc123 --service-account-id 7 --name "deploy-$(date -u +%Y%m%dT%H%M%S)" --seconds-to-live 900 --query serviceAccountToken.key --output text',
    );
  });

  it("places the workspace in another Region through that Region's provider, trusting Grafana there, reading data here", () => {
    const other = synthStack((stack) => {
      const provider = new AwsProvider(stack, "aws-grafana", { alias: "grafana", region: "us-east-1" });
      new GrafanaWorkspace(stack, "grafana", {
        naming: testNaming(),
        accountId: TEST_ACCOUNT,
        region: TEST_REGION,
        workspaceRegion: "us-east-1",
        workspaceProvider: provider,
        authentication: { type: "AWS_SSO" },
        networkAccess: ACCESS,
        logGroupArns: [LOG_GROUP],
      });
    });
    expect(onlyResource(other, "aws_grafana_workspace").provider).toBe("aws.grafana");
    expect(onlyResource(other, "aws_grafana_workspace_service_account").provider).toBe("aws.grafana");
    const trust = JSON.parse(onlyResource(other, "aws_iam_role").assume_role_policy).Statement[0];
    expect(trust.Condition.ArnLike["aws:SourceArn"]).toBe(`arn:aws:grafana:us-east-1:${TEST_ACCOUNT}:/workspaces/*`);
    expect(statements(other).find((x) => x.Sid === "ReadAlarms")!.Resource).toBe(`arn:aws:cloudwatch:${TEST_REGION}:${TEST_ACCOUNT}:alarm:*`);
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
      notificationTopicArns: [`arn:aws:sns:${REGION}:${TEST_ACCOUNT}:page`],
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
      Resource: [`arn:aws:sns:${REGION}:${TEST_ACCOUNT}:page`],
    });
  });

  it("refuses bad props with the value and the fix", () => {
    expect(() => synth({ workspaceRegion: "us-east-2" })).toThrow("a workspace in us-east-2 cannot join a VPC of us-east-1: leave vpc out");
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
    const token = { ...ws, type: "aws_grafana_workspace_service_account_token", config: { seconds_to_live: 3600 } };
    const broken = (base: typeof ws, config: Record<string, unknown>) => ({ ...base, config: { ...base.config, ...config } });
    const fired = (resource: typeof ws) =>
      GRAFANA_RULES.filter((r) => r.resourceTypes.includes(resource.type) && r.check(resource, stack) === "non-compliant").map((r) => r.id);
    expect(fired(broken(ws, { permission_type: "SERVICE_MANAGED" }))).toEqual(["LLMOBS-GRAFANA-1"]);
    expect(fired(broken(ws, { configuration: undefined }))).toEqual(["LLMOBS-GRAFANA-2"]);
    expect(fired(broken(ws, { configuration: '{"unifiedAlerting":{"enabled":false}}' }))).toEqual(["LLMOBS-GRAFANA-2"]);
    expect(fired(broken(ws, { vpc_configuration: undefined }))).toEqual(["LLMOBS-GRAFANA-3"]);
    expect(fired(broken(ws, { account_access_type: "ORGANIZATION" }))).toEqual(["LLMOBS-GRAFANA-4"]);
    expect(fired(broken(ws, { network_access_control: undefined }))).toEqual(["LLMOBS-GRAFANA-6"]);
    expect(fired(broken(token, { seconds_to_live: 2_592_000 }))).toEqual(["LLMOBS-GRAFANA-5"]);
    expect(fired(ws)).toEqual([]);
    expect(fired(token)).toEqual([]);
  });
});
