/**
 * The optional in-region PII model: a SageMaker endpoint of the bank's (a token classifier such as a
 * Portuguese BERT NER model) the evaluator calls before its local detectors. Its grant names that
 * endpoint only, reached through the VPC's sagemaker.runtime endpoint only.
 */
import { partitionOf } from "../shared/partition";
import type { PolicyStatement } from "../shared/policy-document";

/** A SageMaker endpoint name (the API's pattern): the name, never an ARN, so the endpoint is in the layer's account and region. */
export const SAGEMAKER_ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export interface PiiModelStatementProps {
  readonly endpointName: string;
  readonly region: string;
  readonly accountId: string;
  /** Id of the sagemaker.runtime VPC endpoint the evaluator's calls go through (`aws:SourceVpce`). */
  readonly sourceVpceId: string;
  /** The environment VPC, when that endpoint is the layer's own (then `aws:SourceVpc` too). @default - aws:SourceVpce only */
  readonly vpcId?: string;
}

/** `sagemaker:InvokeEndpoint` on the model endpoint's ARN only, from the VPC endpoint only. */
export function piiModelStatements(props: PiiModelStatementProps): PolicyStatement[] {
  if (!SAGEMAKER_ENDPOINT_NAME.test(props.endpointName)) {
    throw new Error(`pii model endpoint must be a SageMaker endpoint name (letters, digits, hyphens; at most 63), not an ARN, got "${props.endpointName}"`);
  }
  // SageMaker writes endpoint ARNs in lower case whatever the name's case.
  const arn = `arn:${partitionOf(props.region)}:sagemaker:${props.region}:${props.accountId}:endpoint/${props.endpointName.toLowerCase()}`;
  return [
    {
      Sid: "InvokePiiModel",
      Effect: "Allow",
      Action: "sagemaker:InvokeEndpoint",
      Resource: arn,
      Condition: { StringEquals: { "aws:SourceVpce": props.sourceVpceId, ...(props.vpcId ? { "aws:SourceVpc": props.vpcId } : {}) } },
    },
  ];
}
