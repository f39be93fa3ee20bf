/**
 * A dashboard as a file for teams that import it by hand (Dashboards > New > Import): the data
 * source uid is replaced by an `__inputs` entry, so Grafana asks which CloudWatch data source to use.
 */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";

/** The name of the import input that stands for the CloudWatch data source. */
export const DATA_SOURCE_INPUT = "DS_CLOUDWATCH";

export function exportableDashboard(model: dashboard.Dashboard, dataSourceUid: string): Record<string, unknown> {
  const json = JSON.stringify(model)
    .split(JSON.stringify(dataSourceUid))
    .join(JSON.stringify(`\${${DATA_SOURCE_INPUT}}`));
  return {
    __inputs: [
      {
        name: DATA_SOURCE_INPUT,
        label: "CloudWatch",
        description: "The CloudWatch data source of the environment",
        type: "datasource",
        pluginId: "cloudwatch",
        pluginName: "CloudWatch",
      },
    ],
    __requires: [{ type: "datasource", id: "cloudwatch", name: "CloudWatch", version: "1.0.0" }],
    ...(JSON.parse(json) as Record<string, unknown>),
    id: null,
  };
}
