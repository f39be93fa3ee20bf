import { GrafanaRoleAssociation } from "@cdktf/provider-aws/lib/grafana-role-association";
import { GrafanaWorkspace as GrafanaWorkspaceResource } from "@cdktf/provider-aws/lib/grafana-workspace";
import { GrafanaWorkspaceSamlConfiguration } from "@cdktf/provider-aws/lib/grafana-workspace-saml-configuration";
import { GrafanaWorkspaceServiceAccount } from "@cdktf/provider-aws/lib/grafana-workspace-service-account";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { type EnvironmentScope, NAME_LIMITS } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import { PolicyDocument, type PolicyStatement } from "../shared/policy-document";
import { requireRulePack } from "../shared/policy/packs";
import { GRAFANA_RULE_PACK } from "./policy-rules";

/** Who may sign in to the workspace. */
export type GrafanaAuthentication =
  /** IAM Identity Center users and groups, given Grafana roles by id. */
  | {
      readonly type: "AWS_SSO";
      /** Identity Center group ids that administer the workspace. @default [] */
      readonly adminGroupIds?: readonly string[];
      /** Group ids that may edit dashboards. @default [] */
      readonly editorGroupIds?: readonly string[];
      /** Group ids that may view dashboards. @default [] */
      readonly viewerGroupIds?: readonly string[];
    }
  /** The bank's SAML identity provider; roles come from an assertion attribute. */
  | {
      readonly type: "SAML";
      /** URL of the IdP's metadata (or give `idpMetadataXml`). */
      readonly idpMetadataUrl?: string;
      /** The IdP's metadata document. */
      readonly idpMetadataXml?: string;
      /** Values of the role assertion that make a user an admin. */
      readonly adminRoleValues: readonly string[];
      /** Values that make a user an editor. */
      readonly editorRoleValues: readonly string[];
      /** Assertion attribute holding the role. @default "role" */
      readonly roleAssertion?: string;
      /** Minutes a sign-in lasts. @default 60 */
      readonly loginValidityMinutes?: number;
    };

/**
 * `accountId` is the workspace's: the role trusts Grafana only for this account. `region` is the
 * data's: the role reads CloudWatch, Logs and X-Ray of this region only.
 */
export interface GrafanaWorkspaceProps extends EnvironmentScope {
  /**
   * Region of the workspace, when it is not `region` (Amazon Managed Grafana is offered in fewer
   * Regions than the platform runs in). Give the AWS provider of that Region as `workspaceProvider`;
   * the workspace then cannot join the VPC (`vpc` must be left out).
   * @default - `region`
   */
  readonly workspaceRegion?: string;
  /** The AWS provider of `workspaceRegion`. @default - the stack's default AWS provider */
  readonly workspaceProvider?: AwsProvider;
  readonly authentication: GrafanaAuthentication;
  /**
   * Connects the workspace to the VPC, so data-source traffic uses the VPC's endpoints (CloudWatch,
   * Logs) instead of the internet.
   * @default - no VPC configuration (the policy aspect flags it)
   */
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /**
   * Who may reach the workspace's URL: managed prefix lists (the bank's egress addresses) and VPC
   * endpoints of `com.amazonaws.<region>.grafana-workspace`.
   * @default - reachable from anywhere, sign-in still required
   */
  readonly networkAccess?: { readonly prefixListIds?: readonly string[]; readonly vpceIds?: readonly string[] };
  /** Log groups the dashboards query with Logs Insights (the gateway's). @default [] */
  readonly logGroupArns?: readonly string[];
  /**
   * SNS topics Grafana alerting may publish to (adds `SNS` to the notification destinations).
   * @default [] - no SNS destination
   */
  readonly notificationTopicArns?: readonly string[];
  /** @default "10.4" */
  readonly grafanaVersion?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The configuration every workspace gets: unified alerting on (else rules are accepted, never evaluated). */
export const WORKSPACE_CONFIGURATION = { unifiedAlerting: { enabled: true }, plugins: { pluginAdminEnabled: false } } as const;
/** Life of the token a deploy mints for the Grafana provider (see `providerTokenCommand`). */
export const DEFAULT_PROVIDER_TOKEN_SECONDS = 3_600;

/**
 * An Amazon Managed Grafana workspace with customer-managed permissions: its own role reads
 * CloudWatch metrics and alarms, the given log groups with Logs Insights and X-Ray traces, in the
 * environment's region only. A service account (Grafana admin) lets the Grafana provider of the
 * environment's Grafana stack deploy folders, data sources and dashboards. Its token is not made
 * here: a token made by Terraform sits in its state in clear. The deploy mints a short-lived one
 * just before the Grafana stack and lets it expire (`providerTokenCommand`, docs/regions-and-residency.md#the-grafana-providers-token).
 */
export class GrafanaWorkspace extends Construct {
  readonly workspace: GrafanaWorkspaceResource;
  readonly role: IamRole;
  readonly serviceAccount: GrafanaWorkspaceServiceAccount;
  readonly roleName: string;
  readonly workspaceName: string;
  readonly roleArn: string;
  readonly workspaceId: string;
  /** Host name of the workspace (`g-xxxx.grafana-workspace.<region>.amazonaws.com`). */
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: GrafanaWorkspaceProps) {
    super(scope, id);
    requireRulePack(this, GRAFANA_RULE_PACK);
    validate(props);
    const { naming, accountId, region } = props;
    const workspaceRegion = props.workspaceRegion ?? region;
    const partition = partitionOf(region);
    const provider = props.workspaceProvider ? { provider: props.workspaceProvider } : {};
    this.workspaceName = naming.name("grafana", 255);
    this.roleName = naming.name("grafana-workspace", NAME_LIMITS.iamRole);

    this.role = new IamRole(this, "role", {
      name: this.roleName,
      description: `Amazon Managed Grafana workspace ${this.workspaceName}: reads CloudWatch, Logs and X-Ray of ${region}`,
      assumeRolePolicy: PolicyDocument.trust("grafana.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:${partition}:grafana:${workspaceRegion}:${accountId}:/workspaces/*` },
      }),
      tags: { ...(props.tags ?? {}) },
    });
    this.roleArn = this.role.arn;
    new IamRolePolicy(this, "policy", {
      role: this.role.id,
      name: "read-observability-data",
      policy: new PolicyDocument(readStatements(props, partition)).render(),
    });

    const topics = props.notificationTopicArns ?? [];
    const access = props.networkAccess;
    this.workspace = new GrafanaWorkspaceResource(this, "workspace", {
      ...provider,
      name: this.workspaceName,
      description: `LLM observability of ${naming.prefix}`,
      accountAccessType: "CURRENT_ACCOUNT",
      authenticationProviders: [props.authentication.type],
      permissionType: "CUSTOMER_MANAGED",
      roleArn: this.roleArn,
      dataSources: ["CLOUDWATCH", "XRAY"],
      ...(topics.length > 0 ? { notificationDestinations: ["SNS"] } : {}),
      grafanaVersion: props.grafanaVersion ?? "10.4",
      configuration: JSON.stringify(WORKSPACE_CONFIGURATION),
      ...(props.vpc ? { vpcConfiguration: { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } } : {}),
      ...(access ? { networkAccessControl: { prefixListIds: [...(access.prefixListIds ?? [])], vpceIds: [...(access.vpceIds ?? [])] } } : {}),
      tags: { ...(props.tags ?? {}) },
    });
    this.workspaceId = this.workspace.id;
    this.endpoint = this.workspace.endpoint;

    const auth = props.authentication;
    if (auth.type === "SAML") {
      new GrafanaWorkspaceSamlConfiguration(this, "saml", {
        ...provider,
        workspaceId: this.workspace.id,
        ...(auth.idpMetadataUrl ? { idpMetadataUrl: auth.idpMetadataUrl } : { idpMetadataXml: auth.idpMetadataXml }),
        adminRoleValues: [...auth.adminRoleValues],
        editorRoleValues: [...auth.editorRoleValues],
        roleAssertion: auth.roleAssertion ?? "role",
        loginValidityDuration: auth.loginValidityMinutes ?? 60,
      });
    } else {
      const roles = { ADMIN: auth.adminGroupIds, EDITOR: auth.editorGroupIds, VIEWER: auth.viewerGroupIds };
      for (const [role, groupIds] of Object.entries(roles)) {
        if (!groupIds || groupIds.length === 0) continue;
        new GrafanaRoleAssociation(this, `role-${role.toLowerCase()}`, { ...provider, workspaceId: this.workspace.id, role, groupIds: [...groupIds] });
      }
    }

    // The Grafana provider needs an org admin: it creates folders, teams, permissions and data sources.
    this.serviceAccount = new GrafanaWorkspaceServiceAccount(this, "provider-account", {
      ...provider,
      workspaceId: this.workspace.id,
      name: "terraform-grafana-provider",
      grafanaRole: "ADMIN",
    });
  }
}

/** Least privilege for a read-only observability workspace, in one region. */
function readStatements(props: GrafanaWorkspaceProps, partition: string): PolicyStatement[] {
  const { accountId, region } = props;
  const inRegion = { StringEquals: { "aws:RequestedRegion": region } };
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadMetrics",
      Effect: "Allow",
      // Metric reads have no resource-level permissions.
      // QueryMetrics: PromQL queries of SageMaker's detailed serving metrics (the Serving row).
      Action: [
        "cloudwatch:GetMetricData",
        "cloudwatch:ListMetrics",
        "cloudwatch:QueryMetrics",
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:GetInsightRuleReport",
      ],
      Resource: "*",
      Condition: inRegion,
    },
    {
      Sid: "ReadAlarms",
      Effect: "Allow",
      Action: ["cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"],
      Resource: `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:*`,
    },
    {
      Sid: "ReadTraces",
      Effect: "Allow",
      Action: [
        "xray:BatchGetTraces",
        "xray:GetTraceSummaries",
        "xray:GetTraceGraph",
        "xray:GetServiceGraph",
        "xray:GetGroups",
        "xray:GetTimeSeriesServiceStatistics",
        "xray:GetInsightSummaries",
        "xray:GetInsight",
      ],
      Resource: "*",
      Condition: inRegion,
    },
    {
      Sid: "ListLogGroups",
      Effect: "Allow",
      Action: ["logs:DescribeLogGroups"],
      Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:*`,
    },
  ];
  const logGroups = props.logGroupArns ?? [];
  if (logGroups.length > 0) {
    statements.push(
      {
        Sid: "QueryLogGroups",
        Effect: "Allow",
        Action: ["logs:StartQuery", "logs:GetLogGroupFields", "logs:GetLogEvents"],
        Resource: logGroups.flatMap((arn) => [arn, `${arn}:*`]),
      },
      {
        Sid: "ReadQueryResults",
        Effect: "Allow",
        // Results are read by query id: no resource-level permissions.
        Action: ["logs:GetQueryResults", "logs:StopQuery"],
        Resource: "*",
        Condition: inRegion,
      },
    );
  }
  const topics = props.notificationTopicArns ?? [];
  if (topics.length > 0) {
    statements.push({ Sid: "PublishAlerts", Effect: "Allow", Action: ["sns:Publish"], Resource: [...topics] });
  }
  return statements;
}

/**
 * The command a deploy runs to mint the Grafana provider's token for `TF_VAR_grafana_auth`: it
 * expires after `secondsToLive` and never enters Terraform state.
 */
export function providerTokenCommand(workspaceId: string, serviceAccountId: string, region: string, secondsToLive = DEFAULT_PROVIDER_TOKEN_SECONDS): string {
  return (
    `aws grafana create-workspace-service-account-token --region ${region} --workspace-id ${workspaceId} --service-account-id ${serviceAccountId} ` +
    `--name "deploy-$(date -u +%Y%m%dT%H%M%S)" --seconds-to-live ${secondsToLive} --query serviceAccountToken.key --output text`
  );
}

function validate(props: GrafanaWorkspaceProps): void {
  if (props.vpc && props.workspaceRegion !== undefined && props.workspaceRegion !== props.region) {
    throw new Error(`a workspace in ${props.workspaceRegion} cannot join a VPC of ${props.region}: leave vpc out`);
  }
  if ((props.workspaceRegion !== undefined && props.workspaceRegion !== props.region) !== (props.workspaceProvider !== undefined)) {
    throw new Error("give workspaceProvider (the AWS provider of workspaceRegion) exactly when workspaceRegion differs from region");
  }
  if (
    props.vpc &&
    (props.vpc.subnetIds.length < 2 || props.vpc.subnetIds.length > 6 || props.vpc.securityGroupIds.length < 1 || props.vpc.securityGroupIds.length > 5)
  ) {
    throw new Error(
      `grafana workspace vpc needs 2-6 subnets and 1-5 security groups, got ${props.vpc.subnetIds.length} and ${props.vpc.securityGroupIds.length}`,
    );
  }
  const auth = props.authentication;
  if (auth.type === "SAML") {
    if ((auth.idpMetadataUrl === undefined) === (auth.idpMetadataXml === undefined)) {
      throw new Error("saml authentication needs exactly one of idpMetadataUrl and idpMetadataXml");
    }
    if (auth.editorRoleValues.length === 0) throw new Error("saml authentication needs at least one editorRoleValues entry");
  }
}
