/** The Managed Grafana line: per-user licences (the workspace itself has no fee). */
import type { CostContext, CostSheet } from "../context";
import { PRICES } from "../prices";

/** Viewers when neither the profile nor the environment's team names them. */
const DEFAULT_VIEWERS = 5;

export function addGrafana(context: CostContext, sheet: CostSheet): void {
  const { env, profile } = context;
  if (env.grafana.mode !== "managed-workspace" || !context.resources.aws_grafana_workspace) return;
  const viewers = profile.grafanaViewers ?? (env.grafana.teamMembers.length > 0 ? env.grafana.teamMembers.length : DEFAULT_VIEWERS);
  const editors = Math.max(1, profile.grafanaEditors);
  const fromTeam = profile.grafanaViewers === undefined && env.grafana.teamMembers.length > 0;
  const editorsFromTeam = env.grafana.teamPermission === "Edit" && fromTeam;
  sheet.add(
    "Managed Grafana",
    (editorsFromTeam ? editors + viewers : editors) * PRICES.grafanaEditor.usd + (editorsFromTeam ? 0 : viewers) * PRICES.grafanaViewer.usd,
    `${editors} editor${editors === 1 ? "" : "s"} x $${PRICES.grafanaEditor.usd} + ${viewers} ${editorsFromTeam ? "team editors" : "viewers"} x $${editorsFromTeam ? PRICES.grafanaEditor.usd : PRICES.grafanaViewer.usd} (${fromTeam ? "the environment's grafana.teamMembers" : "profile default"}); the workspace itself has no fee`,
  );
}
