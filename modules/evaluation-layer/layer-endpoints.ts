import { Annotations } from "cdktf";
import type { Construct } from "constructs";
import { COMPREHEND_REGIONS, masksWithComprehend } from "./comprehend-regions";
import type { EvaluationLayerProps } from "./evaluation-layer-props";
import { EVALUATION_INTERFACE_SERVICES, EvaluationVpcEndpoints, type ServiceEndpoint, TRACING_INTERFACE_SERVICES } from "./evaluation-vpc-endpoints";
import { platformEndpointPolicyScope } from "./vpc-endpoint-policies";

/**
 * Whether the functions call Amazon Comprehend (a PII language it masks, in a region that offers
 * it). A language it masks where it is not offered would dead-letter every record: a synth warning.
 */
export function callsComprehend(scope: Construct, piiLanguages: readonly string[], region: string): boolean {
  const usesComprehend = piiLanguages.some(masksWithComprehend);
  const comprehendOffered = COMPREHEND_REGIONS.includes(region);
  if (usesComprehend && !comprehendOffered) {
    Annotations.of(scope).addWarning(
      `pii languages ${JSON.stringify(piiLanguages)} mask with Amazon Comprehend, which is not offered in ${region}: every record would be ` +
        `dead-lettered as masking_failed; set piiLanguages to ["pt"] (local detectors only) or deploy where Comprehend is offered. ` +
        "No Comprehend VPC endpoint is created here",
    );
  }
  return usesComprehend && comprehendOffered;
}

/** The layer's VPC endpoints and the bedrock-runtime one the judges are called through. */
export interface LayerEndpoints {
  readonly vpcEndpoints: EvaluationVpcEndpoints;
  readonly judgeEndpoint: ServiceEndpoint;
}

/**
 * One set of endpoints for the VPC (construct `vpc-endpoints` in `scope`): the evaluation services
 * (Comprehend only where called), the additional services, sagemaker.runtime for a PII model, and
 * X-Ray with tracing on; every created endpoint lets through only the environment's roles.
 */
export function layerVpcEndpoints(
  scope: Construct,
  props: EvaluationLayerProps,
  judges: { readonly judgeModelIds: readonly string[]; readonly callsComprehend: boolean },
): LayerEndpoints {
  if ((props as { createVpcEndpoints?: unknown }).createVpcEndpoints !== undefined) {
    throw new Error(
      'createVpcEndpoints was replaced by vpcEndpoints: for each service "create" or the id of the VPC\'s existing endpoint, ' +
        'e.g. { sqs: "vpce-0123456789abcdef0", logs: "vpce-0123456789abcdef1" } (the judge must reach bedrock-runtime privately)',
    );
  }
  const { naming, accountId, region } = props;
  const vpcEndpoints = new EvaluationVpcEndpoints(scope, "vpc-endpoints", {
    vpcId: props.network.vpcId,
    region,
    subnetIds: props.network.subnetIds,
    sourceSecurityGroupIds: props.network.securityGroupIds,
    securityGroupName: naming.name("evaluation-endpoints"),
    interfaceServices: [
      ...EVALUATION_INTERFACE_SERVICES.filter((service) => service !== "comprehend" || judges.callsComprehend),
      ...(props.additionalInterfaceServices ?? []),
      // The PII model is reached privately; one endpoint per service, whoever asked first.
      ...(props.piiModelEndpoint && !(props.additionalInterfaceServices ?? []).includes("sagemaker.runtime") ? (["sagemaker.runtime"] as const) : []),
      // X-Ray's OTLP endpoint (xray.<region>.amazonaws.com) for the spans, privately.
      ...(props.tracing === false ? [] : TRACING_INTERFACE_SERVICES),
    ],
    ...(props.vpcEndpoints ? { endpoints: props.vpcEndpoints } : {}),
    ...(props.routeTableIds ? { routeTableIds: props.routeTableIds } : {}),
    policyScope: platformEndpointPolicyScope({
      naming,
      accountId,
      region,
      judgeModelIds: judges.judgeModelIds,
      endpointName: props.endpoint.endpointName,
      externalBuckets: props.vpcEndpointPolicyBuckets ?? [],
    }),
  });
  const judgeEndpoint = vpcEndpoints.endpointOf["bedrock-runtime"];
  if (!judgeEndpoint) throw new Error("the judge cannot reach Bedrock privately: no bedrock-runtime vpc endpoint is created or given");
  return { vpcEndpoints, judgeEndpoint };
}

/** The sagemaker.runtime endpoint the PII model is called through. */
export function piiModelVpcEndpoint(vpcEndpoints: EvaluationVpcEndpoints): ServiceEndpoint {
  const endpoint = vpcEndpoints.endpointOf["sagemaker.runtime"];
  if (!endpoint) throw new Error("the pii model endpoint cannot be reached privately: no sagemaker.runtime vpc endpoint is created or given");
  return endpoint;
}
