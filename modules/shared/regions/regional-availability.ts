/**
 * Questions answered from the availability table (`service-availability.ts`): is a service or a
 * Bedrock model offered in a Region, which service a planned resource belongs to, and the sentence
 * that shows the documented list with its source.
 */
import { BEDROCK_MODEL_AVAILABILITY, type RegionalService, SERVICE_AVAILABILITY } from "./service-availability";

export function isOffered(service: RegionalService, region: string): boolean {
  return SERVICE_AVAILABILITY[service].regions.includes(region);
}

/**
 * Is the Bedrock model offered in-Region? A cross-Region inference-profile id (`us.`, `eu.`, `sa.`,
 * `apac.`, `global.` prefix) routes out of the Region, which the platform does not do with client
 * text, so it is never "offered in" one Region here.
 */
export function isModelOffered(modelId: string, region: string): boolean {
  return BEDROCK_MODEL_AVAILABILITY[modelId]?.regions.includes(region) ?? false;
}

/** "Amazon Managed Grafana is offered in us-east-1, ... (source, read 2026-12-04)". */
export function documentedRegions(service: RegionalService): string {
  const entry = SERVICE_AVAILABILITY[service];
  const partial = entry.partial ? `; list as read: ${entry.partial}` : "";
  return `${entry.service} is offered in ${entry.regions.join(", ")} (${entry.source.join(" and ")}, read ${entry.retrieved}${partial})`;
}

/** The same for a Bedrock model, or a sentence saying the table does not know it. */
export function documentedModelRegions(modelId: string): string {
  const entry = BEDROCK_MODEL_AVAILABILITY[modelId];
  if (!entry) {
    return `${modelId} is not in the platform's model table (modules/shared/regions/service-availability.ts, BEDROCK_MODEL_AVAILABILITY); add it with its model card's Regions before using it (known: ${Object.keys(BEDROCK_MODEL_AVAILABILITY).join(", ")})`;
  }
  return `${entry.model} (${modelId}) is offered in-Region in ${entry.regions.join(", ")}: ${entry.note} (${entry.source.join(" and ")}, read ${entry.retrieved})`;
}

/** Terraform type prefixes whose resources exist only where the service is offered. */
const TYPE_PREFIXES: readonly (readonly [string, RegionalService])[] = [
  ["aws_grafana_", "managed-grafana"],
  ["aws_signer_", "signer"],
  ["aws_lambda_code_signing_config", "signer"],
  ["aws_scheduler_", "scheduler"],
  ["aws_comprehend_", "comprehend"],
  ["aws_bedrock_", "bedrock-runtime"],
];

/** VPC endpoint service names (`com.amazonaws.<region>.<service>`) of the services above. */
const ENDPOINT_SERVICES: Readonly<Record<string, RegionalService>> = {
  comprehend: "comprehend",
  "bedrock-runtime": "bedrock-runtime",
  bedrock: "bedrock-runtime",
  signer: "signer",
  "grafana-workspace": "managed-grafana",
  grafana: "managed-grafana",
  scheduler: "scheduler",
};

/** The regional service a planned resource needs, or undefined when it is one offered everywhere. */
export function serviceOfResource(type: string, config: Readonly<Record<string, unknown>>): RegionalService | undefined {
  if (type === "aws_vpc_endpoint") {
    const name = typeof config.service_name === "string" ? config.service_name : "";
    const service = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(name)?.[1];
    return service === undefined ? undefined : ENDPOINT_SERVICES[service];
  }
  return TYPE_PREFIXES.find(([prefix]) => type.startsWith(prefix))?.[1];
}

/** Terraform types `serviceOfResource` may map to a regional service. */
export const REGIONAL_RESOURCE_TYPES: readonly string[] = [
  "aws_vpc_endpoint",
  "aws_grafana_workspace",
  "aws_grafana_role_association",
  "aws_grafana_workspace_saml_configuration",
  "aws_grafana_workspace_service_account",
  "aws_grafana_workspace_service_account_token",
  "aws_grafana_workspace_api_key",
  "aws_grafana_license_association",
  "aws_signer_signing_profile",
  "aws_signer_signing_job",
  "aws_signer_signing_profile_permission",
  "aws_lambda_code_signing_config",
  "aws_scheduler_schedule",
  "aws_scheduler_schedule_group",
  "aws_comprehend_entity_recognizer",
  "aws_comprehend_document_classifier",
  "aws_bedrock_guardrail",
  "aws_bedrock_model_invocation_logging_configuration",
];
