/** The AWS services the environment's VPC may reach through endpoints, by kind. */

/** Interface endpoints the evaluator and publisher call (Comprehend only when PII detection uses it). */
export const EVALUATION_INTERFACE_SERVICES = ["bedrock-runtime", "comprehend", "sqs", "monitoring", "logs", "kms"] as const;
/** Services that other functions in the same VPC may need endpoints for (the inference gateway's). */
export const GATEWAY_INTERFACE_SERVICES = ["sagemaker.runtime", "kinesis-firehose"] as const;
/** The endpoint the platform's functions export traces through (X-Ray's OTLP endpoint answers on the X-Ray host). */
export const TRACING_INTERFACE_SERVICES = ["xray"] as const;
export type EvaluationInterfaceService =
  | (typeof EVALUATION_INTERFACE_SERVICES)[number]
  | (typeof GATEWAY_INTERFACE_SERVICES)[number]
  | (typeof TRACING_INTERFACE_SERVICES)[number];
/** Gateway endpoints (free; need the private subnets' route tables). */
export const EVALUATION_GATEWAY_SERVICES = ["s3", "dynamodb"] as const;
export type EvaluationGatewayService = (typeof EVALUATION_GATEWAY_SERVICES)[number];
/** Every service a VPC endpoint choice can be given for. */
export type VpcEndpointService = EvaluationInterfaceService | EvaluationGatewayService;
export const VPC_ENDPOINT_SERVICES: readonly VpcEndpointService[] = [
  ...EVALUATION_INTERFACE_SERVICES,
  ...GATEWAY_INTERFACE_SERVICES,
  ...TRACING_INTERFACE_SERVICES,
  ...EVALUATION_GATEWAY_SERVICES,
];
