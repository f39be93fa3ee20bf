export {
  GrafanaWorkspace,
  WORKSPACE_CONFIGURATION,
  DEFAULT_PROVIDER_TOKEN_SECONDS,
  type GrafanaWorkspaceProps,
  type GrafanaAuthentication,
} from "./grafana-workspace";
export { GrafanaContent, type GrafanaContentProps, type GrafanaDashboardSource } from "./grafana-content";
export { GRAFANA_RULES, GRAFANA_RULE_PACK, MAX_SHORT_LIVED_TOKEN_SECONDS } from "./policy-rules";
export { GRAFANA_PROVIDER_SOURCE, GRAFANA_PROVIDER_VERSION, grafanaProviderSchema } from "./pinned-schema";
export { validateStackAgainstSchema, validateBlock, providerSchemaOf, type ProviderSchema, type ProviderSchemaFile } from "./schema-validation";
export { GrafanaProvider, type GrafanaProviderConfig } from "./generated/provider";
