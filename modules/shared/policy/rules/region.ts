/**
 * Regional availability, checked on what Terraform will plan: a resource of a service AWS does not
 * offer in the stack's Region fails the deploy (Amazon Managed Grafana in sa-east-1), and a judge
 * model granted where it is not offered fails every evaluation. The table and its sources are
 * `modules/shared/regions/service-availability.ts`.
 */
import {
  documentedModelRegions,
  documentedRegions,
  isModelOffered,
  isOffered,
  REGIONAL_RESOURCE_TYPES,
  serviceOfResource,
} from "../../regions/regional-availability";
import { SERVICE_AVAILABILITY } from "../../regions/service-availability";
import { policyStatements } from "../synthesized-stack";
import type { PolicyRule, SynthesizedResource, SynthesizedStack } from "../types";

function unofferedService(resource: SynthesizedResource, stack: SynthesizedStack) {
  const service = serviceOfResource(resource.type, resource.config);
  const region = stack.regionOf(resource);
  if (service === undefined || region === undefined) return undefined;
  return isOffered(service, region) ? undefined : { service, region };
}

export const serviceOfferedInRegion: PolicyRule = {
  id: "LLMOBS-REGION-1",
  description: "Every resource is planned in a Region where AWS documents its service (modules/shared/regions/service-availability.ts)",
  resourceTypes: REGIONAL_RESOURCE_TYPES,
  check: (resource, stack) => {
    const service = serviceOfResource(resource.type, resource.config);
    if (service === undefined || stack.regionOf(resource) === undefined) return "not-applicable";
    return unofferedService(resource, stack) ? "non-compliant" : "compliant";
  },
  explain: (resource, stack) => {
    const found = unofferedService(resource, stack);
    if (!found) return serviceOfferedInRegion.description;
    const entry = SERVICE_AVAILABILITY[found.service];
    return `${resource.type} is planned in ${found.region}, where ${entry.service} is not offered; it is there for ${entry.usedFor}, set by the environment's ${entry.field}. ${documentedRegions(found.service)}`;
  },
};

const POLICY_TYPES = ["aws_iam_role_policy", "aws_iam_policy"];
const FOUNDATION_MODEL = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+)::foundation-model\/([^/*]+)$/;

/** In-Region foundation-model ARNs a policy grants (`bedrock:*` on `...:<region>::foundation-model/<id>`). */
function grantedModels(resource: SynthesizedResource): { region: string; modelId: string }[] {
  const statements = policyStatements(resource.config.policy);
  return statements
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
    .map((arn) => (typeof arn === "string" ? FOUNDATION_MODEL.exec(arn) : null))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ region: m[1]!, modelId: m[2]! }));
}

export const judgeModelOfferedInRegion: PolicyRule = {
  id: "LLMOBS-REGION-2",
  description: "A Bedrock model a policy grants in one Region is offered there (BEDROCK_MODEL_AVAILABILITY)",
  resourceTypes: POLICY_TYPES,
  check: (resource) => {
    const models = grantedModels(resource);
    if (models.length === 0) return "not-applicable";
    return models.every((m) => isModelOffered(m.modelId, m.region)) ? "compliant" : "non-compliant";
  },
  explain: (resource) => {
    const missing = grantedModels(resource).filter((m) => !isModelOffered(m.modelId, m.region));
    return missing
      .map(
        (m) =>
          `${m.modelId} is granted in ${m.region}, where it is not offered (set by evaluation.judgeModelId or evaluation.candidateJudge). ${documentedModelRegions(m.modelId)}`,
      )
      .join("; ");
  },
};

export const REGION_RULES: readonly PolicyRule[] = [serviceOfferedInRegion, judgeModelOfferedInRegion];
