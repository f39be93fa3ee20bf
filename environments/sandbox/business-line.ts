import { defineBusinessLine } from "../../config/define";

export default defineBusinessLine({
  name: "sandbox",
  costCentre: "CC-0000-PLATFORM",
  owner: "llm-platform@example.com",
  // The sandbox's Grafana workspace runs in us-east-1 (Managed Grafana is not offered in sa-east-1).
  residency: { grafanaWorkspace: { adr: "docs/adr/0002-grafana-workspace-residency.md", workspaceRegions: ["us-east-1"] } },
});
