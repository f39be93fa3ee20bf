/**
 * The regional-availability part of `npm run preflight`: the table synth checks against (each
 * service the environment uses, the Regions AWS documents for it, the page and the day it was
 * read, and whether the environment's Region is one), and the checks AWS publishes no table for
 * (the SageMaker instance type's endpoint quota in the Region).
 */
import { masksWithComprehend } from "../contracts/pii-languages";
import { isModelOffered, isOffered } from "../modules/shared/regions/regional-availability";
import {
  BEDROCK_MODEL_AVAILABILITY,
  EVERY_COMMERCIAL_REGION_SERVICES,
  type RegionalService,
  SERVICE_AVAILABILITY,
} from "../modules/shared/regions/service-availability";
import type { PreflightCheck } from "./preflight-check";
import type { ResolvedEnvironment } from "./resolved";

/** The regional services the environment turns on, with the Region each is planned in. */
export function regionalServicesOf(env: ResolvedEnvironment): { service: RegionalService; region: string }[] {
  const used: { service: RegionalService; region: string }[] = [
    { service: "bedrock-runtime", region: env.region },
    { service: "scheduler", region: env.region },
  ];
  if (env.codeSigning !== "off") used.push({ service: "signer", region: env.region });
  if (env.evaluation.piiLanguages.some((language) => masksWithComprehend(language))) used.push({ service: "comprehend", region: env.region });
  if (env.grafana.mode === "managed-workspace") used.push({ service: "managed-grafana", region: env.grafana.workspaceRegion });
  return used;
}

/** The table as preflight prints it: one line per service, then the sources. */
export function availabilityTable(env: ResolvedEnvironment): string[] {
  const lines = [`Regional availability (what synth checks; modules/shared/regions/service-availability.ts):`];
  for (const { service, region } of regionalServicesOf(env)) {
    const entry = SERVICE_AVAILABILITY[service];
    const verdict = isOffered(service, region) ? "offered" : "NOT OFFERED";
    lines.push(`  ${verdict.padEnd(11)} ${entry.service} in ${region} (${entry.field}) - documented: ${entry.regions.join(", ")}`);
    lines.push(`              source: ${entry.source.join(", ")}, read ${entry.retrieved}${entry.partial ? `; list as read: ${entry.partial}` : ""}`);
  }
  const judges = [env.evaluation.judgeModelId, ...(env.evaluation.candidateJudge ? [env.evaluation.candidateJudge.judgeModelId] : [])];
  for (const modelId of judges) {
    const entry = BEDROCK_MODEL_AVAILABILITY[modelId];
    const verdict = isModelOffered(modelId, env.region) ? "offered" : "NOT OFFERED";
    lines.push(
      `  ${verdict.padEnd(11)} judge ${modelId} in ${env.region} - documented: ${entry ? entry.regions.join(", ") : "not in the model table"}`,
      ...(entry ? [`              ${entry.note}; source: ${entry.source.join(", ")}, read ${entry.retrieved}`] : []),
    );
  }
  lines.push(`  every commercial Region: ${EVERY_COMMERCIAL_REGION_SERVICES.join(", ")}`);
  return lines;
}

/** Checks AWS publishes no Region table for: the endpoint's instance type in the Region. */
export function availabilityChecks(env: ResolvedEnvironment): PreflightCheck[] {
  const quotaName = `${env.model.instanceType} for endpoint usage`;
  const instances = env.model.autoscaling?.maxInstances ?? env.model.instanceCount;
  return [
    {
      subject: "instance type",
      assumption: `SageMaker AI offers ${env.model.instanceType} for real-time endpoints in ${env.region} (AWS publishes no Region list of instance types: the endpoint quota exists only where the type is offered), and the account may run ${instances}.`,
      command: `aws service-quotas list-service-quotas --service-code sagemaker --region ${env.region} --query "Quotas[?QuotaName=='${quotaName}'].Value" --output text`,
      expect: `a number of at least ${instances}; nothing printed means the type is not offered in ${env.region}`,
    },
  ];
}
