import schemaJson from "./schema/grafana-provider-schema-4.45.1.json";
import { providerSchemaOf, type ProviderSchema, type ProviderSchemaFile } from "./schema-validation";

/** The JSON's inferred literal type is narrower than the schema format (cty types as tuples). */
const schemaFile = schemaJson as unknown as ProviderSchemaFile;

/** Source address of the Grafana provider. */
export const GRAFANA_PROVIDER_SOURCE = "grafana/grafana";

/** The grafana/grafana version the schema (and so the generated bindings) pins. */
export const GRAFANA_PROVIDER_VERSION: string = schemaFile.provider_versions![`registry.terraform.io/${GRAFANA_PROVIDER_SOURCE}`]!;

/** The pinned schema of the Grafana provider: its provider block and the resources the platform uses. */
export function grafanaProviderSchema(): ProviderSchema {
  return providerSchemaOf(schemaFile, GRAFANA_PROVIDER_SOURCE);
}
