import { Construct } from "constructs";
import { escapeTerraformTemplate } from "../shared/terraform-template";
import { Dashboard } from "./generated/dashboard";
import { DataSource } from "./generated/data-source";

/** The Amazon Managed Service for Prometheus data source plugin, which AWS documents for CloudWatch's PromQL endpoint. */
export const PROMQL_DATA_SOURCE_TYPE = "grafana-amazonprometheus-datasource";
import { Folder } from "./generated/folder";
import { FolderPermission } from "./generated/folder-permission";
import { Team } from "./generated/team";

/** One dashboard, as the JSON model `grafana_dashboard.config_json` takes. */
export interface GrafanaDashboardSource {
  /** The dashboard's uid (it must equal the `uid` inside `json`). */
  readonly uid: string;
  /**
   * The dashboard model, serialised (e.g. `JSON.stringify(builder.build())`). Written as Grafana
   * reads it: its `${…}` and `%{…}` are escaped for Terraform here; cdktf tokens still resolve.
   */
  readonly json: string;
}

export interface GrafanaContentProps {
  /** Business line: the folder's title and the team's name. */
  readonly businessLine: string;
  /** Folder uid. @default "llmobs-<businessLine>" */
  readonly folderUid?: string;
  /** Grafana logins (e-mails) of the business line's team. @default [] */
  readonly teamMembers?: readonly string[];
  /** What the team may do in the folder; Grafana admins keep Admin, other org roles get nothing. @default "View" */
  readonly teamPermission?: "View" | "Edit";
  /** The CloudWatch data source. */
  readonly cloudwatch: {
    /** uid the dashboards' queries refer to. */
    readonly uid: string;
    /** @default "CloudWatch" */
    readonly name?: string;
    /** Region queries default to. */
    readonly defaultRegion: string;
    /** Custom namespaces offered in the query editor (the platform's own). */
    readonly customMetricsNamespaces: readonly string[];
  };
  readonly dashboards: readonly GrafanaDashboardSource[];
  /**
   * CloudWatch's PromQL endpoint (`https://monitoring.<region>.amazonaws.com`, SigV4 service
   * `monitoring`) through the Amazon Managed Service for Prometheus data source plugin: SageMaker
   * AI's detailed serving metrics, for the dashboard's Serving row.
   * @default - none
   */
  readonly promql?: { readonly uid: string; readonly region: string /** @default "CloudWatch PromQL" */; readonly name?: string };
}

/**
 * What the Grafana provider deploys into a workspace for one business line: its team, a folder only
 * that team (and Grafana admins) can open, the CloudWatch data source reading through the
 * workspace's IAM role, and the dashboards in the folder.
 */
export class GrafanaContent extends Construct {
  readonly team: Team;
  readonly folder: Folder;
  readonly dataSource: DataSource;
  readonly promqlDataSource?: DataSource;
  readonly dashboards: readonly Dashboard[];

  constructor(scope: Construct, id: string, props: GrafanaContentProps) {
    super(scope, id);
    const uid = (value: string) => {
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(value)) throw new Error(`grafana uids are 1-40 letters, digits, - or _, got "${value}"`);
      return value;
    };
    this.team = new Team(this, "team", { name: props.businessLine, members: [...(props.teamMembers ?? [])] });
    this.folder = new Folder(this, "folder", {
      title: props.businessLine,
      uid: uid(props.folderUid ?? `llmobs-${props.businessLine}`),
      preventDestroyIfNotEmpty: true,
    });
    new FolderPermission(this, "folder-permission", {
      folderUid: this.folder.uid,
      permissions: [
        { teamId: this.team.id, permission: props.teamPermission ?? "View" },
        { role: "Admin", permission: "Admin" },
      ],
    });
    this.dataSource = new DataSource(this, "cloudwatch", {
      type: "cloudwatch",
      name: props.cloudwatch.name ?? "CloudWatch",
      uid: uid(props.cloudwatch.uid),
      isDefault: true,
      jsonDataEncoded: JSON.stringify({
        // "Workspace IAM role" in Amazon Managed Grafana: the workspace's customer-managed role.
        authType: "ec2_iam_role",
        defaultRegion: props.cloudwatch.defaultRegion,
        customMetricsNamespaces: props.cloudwatch.customMetricsNamespaces.join(","),
      }),
    });
    if (props.promql) {
      this.promqlDataSource = new DataSource(this, "promql", {
        type: PROMQL_DATA_SOURCE_TYPE,
        name: props.promql.name ?? "CloudWatch PromQL",
        uid: uid(props.promql.uid),
        url: `https://monitoring.${props.promql.region}.amazonaws.com`,
        jsonDataEncoded: JSON.stringify({
          sigV4Auth: true,
          // The workspace's IAM role, as the CloudWatch data source uses.
          sigV4AuthType: "ec2_iam_role",
          sigV4Region: props.promql.region,
          sigV4Service: "monitoring",
        }),
      });
    }
    const dataSources = [this.dataSource, ...(this.promqlDataSource ? [this.promqlDataSource] : [])];
    this.dashboards = props.dashboards.map((source) => {
      const model = JSON.parse(source.json) as { uid?: unknown };
      if (model.uid !== source.uid) throw new Error(`dashboard json has uid ${JSON.stringify(model.uid)}, expected "${source.uid}"`);
      return new Dashboard(this, `dashboard-${uid(source.uid)}`, {
        folder: this.folder.uid,
        // Grafana variables and CloudWatch labels are `${…}` too: Terraform must pass them on as written.
        configJson: escapeTerraformTemplate(source.json),
        overwrite: true,
        message: "deployed by cdktf (dashboards/ in the platform repository)",
        dependsOn: dataSources,
      });
    });
  }
}
