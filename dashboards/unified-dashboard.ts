/**
 * The unified dashboard of one environment (the source article's playbook step 5): one screen for on-call
 * engineers, product owners and auditors, with rows for infrastructure, token economics, quality
 * and SLOs, and template variables for environment, endpoint, model, request_type and use_case.
 */
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { DIMENSIONS, GATEWAY_METRICS, NAMESPACES, SAGEMAKER_INVOCATION_METRICS } from "../contracts/metric-catalogue";
import type { AnyPanel } from "./panels";
import { cloudwatchDataSource, ref, VARIABLES } from "./queries";
import { infrastructurePanels } from "./rows/infrastructure";
import { qualityPanels } from "./rows/quality";
import { servingPanels } from "./rows/serving";
import { sloPanels } from "./rows/slos";
import { tokenEconomicsPanels } from "./rows/token-economics";
import type { UnifiedDashboardInput } from "./types";

/** Row titles, in order: health first (error budgets), then what explains it. */
export const ROWS = {
  slos: "SLOs",
  quality: "Quality",
  tokenEconomics: "Token economics",
  serving: "Serving",
  infrastructure: "Infrastructure",
} as const;

/** Grafana limits dashboard uids to 40 characters. */
export function dashboardUid(environmentId: string): string {
  const uid = `llmobs-${environmentId}`;
  return uid.length <= 40 ? uid : uid.slice(0, 40);
}

function variables(input: UnifiedDashboardInput): cog.Builder<dashboard.VariableModel>[] {
  const ds = cloudwatchDataSource(input.dataSourceUid);
  const option = (text: string, value: string) => ({ text, value, selected: true });
  const dimensionValues = (namespace: string, metricName: string, dimensionKey: string, dimensionFilters: Record<string, string>) => ({
    refId: dimensionKey,
    queryType: "dimensionValues",
    region: "default",
    namespace,
    metricName,
    dimensionKey,
    dimensionFilters,
  });
  /** A variable listing one dimension's values from CloudWatch, sorted alphabetically; `regex` keeps the values it matches. */
  const dimensionVariable = (o: {
    readonly name: string;
    readonly label: string;
    readonly query: ReturnType<typeof dimensionValues>;
    readonly regex?: string;
    readonly refresh: dashboard.VariableRefresh;
  }) => {
    const variable = new dashboard.QueryVariableBuilder(o.name).label(o.label).datasource(ds).query(o.query);
    if (o.regex) variable.regex(o.regex);
    return variable.refresh(o.refresh).sort(dashboard.VariableSort.AlphabeticalAsc);
  };
  return [
    new dashboard.CustomVariableBuilder(VARIABLES.environment)
      .label("Environment")
      .description("The environment's resource name prefix; endpoints are listed for it")
      .values(`${input.environmentId} : ${input.namePrefix}`)
      .current(option(input.environmentId, input.namePrefix))
      .options([option(input.environmentId, input.namePrefix)]),
    dimensionVariable({
      name: VARIABLES.endpoint,
      label: "Endpoint",
      query: dimensionValues(NAMESPACES.sagemakerInvocations, SAGEMAKER_INVOCATION_METRICS.invocations.name, DIMENSIONS.endpointName, {}),
      regex: `/^\${${VARIABLES.environment}}-.*/`,
      refresh: dashboard.VariableRefresh.OnDashboardLoad,
    }).current(option(input.model.endpointName, input.model.endpointName)),
    dimensionVariable({
      name: VARIABLES.model,
      label: "Model",
      query: dimensionValues(NAMESPACES.inference, GATEWAY_METRICS.requests.name, DIMENSIONS.modelName, { [DIMENSIONS.endpointName]: ref(VARIABLES.endpoint) }),
      refresh: dashboard.VariableRefresh.OnDashboardLoad,
    }).current(option(input.model.name, input.model.name)),
    dimensionVariable({
      name: VARIABLES.requestType,
      label: "request_type",
      query: dimensionValues(NAMESPACES.inference, GATEWAY_METRICS.requests.name, DIMENSIONS.requestType, {
        [DIMENSIONS.endpointName]: ref(VARIABLES.endpoint),
        [DIMENSIONS.modelName]: ref(VARIABLES.model),
      }),
      refresh: dashboard.VariableRefresh.OnTimeRangeChanged,
    })
      .multi(true)
      .includeAll(true)
      .allValue("*")
      .current({ text: "All", value: "$__all", selected: true }),
    new dashboard.CustomVariableBuilder(VARIABLES.useCase)
      .label("use_case")
      .description("Use cases callers declare (gateway log field; chargeback panels)")
      .values(input.useCases.join(","))
      .options(input.useCases.map((u) => ({ text: u, value: u, selected: false })))
      .multi(true)
      .includeAll(true)
      .current({ text: "All", value: "$__all", selected: true }),
  ];
}

/** The dashboard model (JSON-serialisable) of one environment. */
export function buildUnifiedDashboard(input: UnifiedDashboardInput): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(`LLM observability · ${input.environmentId}`)
    .uid(input.uid ?? dashboardUid(input.environmentId))
    .description(
      "Is the model healthy, what does each token cost, are the answers good, how much error budget is left. Built from the platform's metric catalogue by dashboards/ (grafana-foundation-sdk); do not edit in Grafana: changes are overwritten at deploy.",
    )
    .tags(["llm-observability", input.environmentId])
    .time({ from: "now-24h", to: "now" })
    .refresh("1m")
    .timezone("browser")
    .readonly()
    .tooltip(dashboard.DashboardCursorSync.Crosshair);
  builder.variables(variables(input));
  // Health in ten seconds: the error budgets first, then quality, cost and the machines behind them.
  const rows: [string, AnyPanel[]][] = [
    [ROWS.slos, sloPanels(input)],
    [ROWS.quality, qualityPanels(input)],
    [ROWS.tokenEconomics, tokenEconomicsPanels(input)],
    [ROWS.serving, servingPanels(input)],
    [ROWS.infrastructure, infrastructurePanels(input)],
  ];
  for (const [title, panels] of rows) {
    builder.withRow(new dashboard.RowBuilder(title));
    for (const panel of panels) builder.withPanel(panel);
  }
  const model = builder.build();
  layOut(model.panels ?? []);
  // Queries read the environment's CloudWatch data source unless they name their own (the Serving
  // row's PromQL); a panel mixing both is a "-- Mixed --" panel. Ids in layout order.
  const ds = cloudwatchDataSource(input.dataSourceUid);
  let id = 0;
  for (const panel of model.panels ?? []) {
    panel.id = ++id;
    if (panel.type === "row") continue;
    const p = panel as dashboard.Panel;
    const targets = (p.targets ?? []) as { datasource?: { type?: string; uid?: string } }[];
    for (const target of targets) target.datasource ??= ds;
    const sources = new Set(targets.map((t) => t.datasource?.uid));
    p.datasource = sources.size > 1 ? { type: "datasource", uid: "-- Mixed --" } : (targets[0]?.datasource ?? ds);
  }
  return model;
}

/**
 * Places panels left to right in the 24-column grid, wrapping to a new line when a panel does not
 * fit, each row header on a line of its own (the SDK's auto-placement lets a line overflow).
 */
function layOut(panels: readonly { type: string; gridPos?: dashboard.GridPos }[]): void {
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  for (const panel of panels) {
    const size = panel.gridPos ?? dashboard.defaultGridPos();
    if (panel.type === "row") {
      y += lineHeight;
      panel.gridPos = { x: 0, y, w: 24, h: 1 };
      y += 1;
      x = 0;
      lineHeight = 0;
      continue;
    }
    const w = Math.min(size.w, 24);
    if (x + w > 24) {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    }
    panel.gridPos = { x, y, w, h: size.h };
    x += w;
    lineHeight = Math.max(lineHeight, size.h);
  }
}

/** The dashboard as the JSON `grafana_dashboard.config_json` takes. */
export function unifiedDashboardJson(input: UnifiedDashboardInput): string {
  return JSON.stringify(buildUnifiedDashboard(input));
}
