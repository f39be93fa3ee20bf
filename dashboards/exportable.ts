/**
 * A dashboard as a file for teams that import it by hand (Dashboards > New > Import): the data
 * source uid is replaced by an `__inputs` entry, so Grafana asks which CloudWatch data source to use.
 */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";

/** The name of the import input that stands for the CloudWatch data source. */
export const DATA_SOURCE_INPUT = "DS_CLOUDWATCH";
/** The name of the import input that stands for the PromQL data source (the Serving row). */
export const PROMQL_DATA_SOURCE_INPUT = "DS_PROMQL";

const replaceUid = (json: string, uid: string, input: string): string => json.split(JSON.stringify(uid)).join(JSON.stringify(`\${${input}}`));

export function exportableDashboard(model: dashboard.Dashboard, dataSourceUid: string, promqlDataSourceUid?: string): Record<string, unknown> {
  let json = replaceUid(JSON.stringify(model), dataSourceUid, DATA_SOURCE_INPUT);
  if (promqlDataSourceUid) json = replaceUid(json, promqlDataSourceUid, PROMQL_DATA_SOURCE_INPUT);
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
      ...(promqlDataSourceUid
        ? [
            {
              name: PROMQL_DATA_SOURCE_INPUT,
              label: "CloudWatch PromQL",
              description: "The data source reading CloudWatch's PromQL endpoint (SageMaker's detailed serving metrics)",
              type: "datasource",
              pluginId: "grafana-amazonprometheus-datasource",
              pluginName: "Amazon Managed Service for Prometheus",
            },
          ]
        : []),
    ],
    __requires: [{ type: "datasource", id: "cloudwatch", name: "CloudWatch", version: "1.0.0" }],
    ...(JSON.parse(json) as Record<string, unknown>),
    id: null,
  };
}
