import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { unifiedDashboardJson } from "../dashboards";
import { NAMESPACES } from "../contracts/metric-catalogue";
import { GrafanaContent } from "../modules/grafana";
import { GrafanaProvider } from "../modules/grafana";
import type { ObservabilityStack } from "./observability-stack";
import type { EnvironmentStackProps } from "./environment-stack";
import { configureStateBackend } from "./state-backend";
import { CLOUDWATCH_DATA_SOURCE_UID, PROMQL_DATA_SOURCE_UID, unifiedDashboardInput } from "./unified-dashboard-input";
import { dashboardUid } from "../dashboards";

export interface GrafanaStackProps extends EnvironmentStackProps {
  /** The environment's AWS stack: its workspace, names and SLOs. */
  readonly observability: ObservabilityStack;
}

/**
 * Grafana content of one environment (`<env-id>-grafana`), in a stack of its own, so that the AWS
 * stacks use the AWS provider alone and are planned offline by it: the Grafana provider can only be
 * configured once the workspace exists, and it cannot be planned offline. It reaches the Grafana of
 * the environment's `grafana.mode`: the managed workspace of its AWS stack (its URL, read from that
 * stack's state) or the bank's own Grafana (`grafana.url`), with a service account token given as `TF_VAR_grafana_auth` (sensitive; never in code, in the
 * synthesized JSON or in state; docs/regions-and-residency.md#the-grafana-providers-token says how a deploy mints a short-lived one).
 * Validated offline against the provider's pinned schema.
 */
export class GrafanaStack extends TerraformStack {
  readonly content: GrafanaContent;

  constructor(scope: Construct, id: string, props: GrafanaStackProps) {
    super(scope, id);
    const env = props.environment;
    const url = grafanaUrl(props);
    // The environment's state backend (its own key); the workspace URL is read from the AWS stack's state.
    configureStateBackend(this, env.state, id);
    const auth = new TerraformVariable(this, "grafana_auth", {
      type: "string",
      sensitive: true,
      description: "Short-lived token of the Grafana service account the stack deploys with (docs/grafana.md: how to mint it)",
    });
    new GrafanaProvider(this, "grafana", { url, auth: auth.stringValue });

    const input = unifiedDashboardInput(env, props.observability);
    this.content = new GrafanaContent(this, "content", {
      businessLine: env.businessLine.name,
      teamMembers: env.grafana.teamMembers,
      teamPermission: env.grafana.teamPermission,
      cloudwatch: {
        uid: CLOUDWATCH_DATA_SOURCE_UID,
        defaultRegion: env.region,
        customMetricsNamespaces: [NAMESPACES.inference, NAMESPACES.quality, NAMESPACES.sagemakerInstances],
      },
      promql: { uid: PROMQL_DATA_SOURCE_UID, region: env.region },
      dashboards: [{ uid: dashboardUid(env.id), json: unifiedDashboardJson(input) }],
    });

    new TerraformOutput(this, "grafana_folder_uid", { value: this.content.folder.uid });
    new TerraformOutput(this, "unified_dashboard_url", { value: this.content.dashboards[0]!.url });
  }
}

/** The URL of the environment's Grafana: its managed workspace's, or the bank's own. */
function grafanaUrl(props: GrafanaStackProps): string {
  const env = props.environment;
  if (env.grafana.mode === "existing" && env.grafana.url) return env.grafana.url;
  const workspace = props.observability.grafana;
  if (env.grafana.mode === "managed-workspace" && workspace) return `https://${workspace.endpoint}`;
  throw new Error(`grafana stack of ${env.id}: grafana.mode is "${env.grafana.mode}" in ${env.file}, with no Grafana to deploy to; do not create the stack`);
}
