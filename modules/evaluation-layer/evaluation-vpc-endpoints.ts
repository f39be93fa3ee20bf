import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Annotations } from "cdktf";
import { Construct } from "constructs";

/** Interface endpoints the evaluator and publisher call (Comprehend only when PII detection uses it). */
export const EVALUATION_INTERFACE_SERVICES = ["bedrock-runtime", "comprehend", "sqs", "monitoring", "logs", "kms"] as const;
/** Services that other functions in the same VPC may need endpoints for (the inference gateway's). */
export const GATEWAY_INTERFACE_SERVICES = ["sagemaker.runtime", "kinesis-firehose"] as const;
export type EvaluationInterfaceService = (typeof EVALUATION_INTERFACE_SERVICES)[number] | (typeof GATEWAY_INTERFACE_SERVICES)[number];
/** Gateway endpoints (free; need the private subnets' route tables). */
export const EVALUATION_GATEWAY_SERVICES = ["s3", "dynamodb"] as const;

export interface EvaluationVpcEndpointsProps {
  readonly vpcId: string;
  readonly region: string;
  /** Subnets the interface endpoints get a network interface in (the functions' subnets). */
  readonly subnetIds: readonly string[];
  /** Security groups of the callers; each may reach the endpoints on 443. */
  readonly sourceSecurityGroupIds: readonly string[];
  /** Name of the endpoints' security group. */
  readonly securityGroupName: string;
  /** @default EVALUATION_INTERFACE_SERVICES */
  readonly interfaceServices?: readonly EvaluationInterfaceService[];
  /** Route tables for the S3 and DynamoDB gateway endpoints. @default - none created, with a synth warning */
  readonly routeTableIds?: readonly string[];
}

/**
 * VPC endpoints that keep the evaluation layer's traffic off the internet: interface endpoints
 * (private DNS on) behind a security group that admits HTTPS from the callers' security groups only,
 * and S3 / DynamoDB gateway endpoints on the given route tables.
 */
export class EvaluationVpcEndpoints extends Construct {
  readonly securityGroup: SecurityGroup;
  /** Interface endpoints by service, e.g. `bedrock-runtime`. */
  readonly interfaceEndpoints: Readonly<Record<string, VpcEndpoint>>;
  /** Gateway endpoints by service (`s3`, `dynamodb`); empty without route tables. */
  readonly gatewayEndpoints: Readonly<Record<string, VpcEndpoint>>;

  constructor(scope: Construct, id: string, props: EvaluationVpcEndpointsProps) {
    super(scope, id);
    if (props.subnetIds.length === 0) throw new Error("vpc endpoints need at least one subnet id; pass the functions' private subnets");
    if (props.sourceSecurityGroupIds.length === 0) {
      throw new Error("vpc endpoints need the callers' security group ids; pass the environment's security groups");
    }
    // Terraform removes the default allow-all egress: endpoints only answer.
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: props.securityGroupName,
      description: "HTTPS from the environment's functions to the AWS service VPC endpoints",
      vpcId: props.vpcId,
    });
    props.sourceSecurityGroupIds.forEach((source, i) => {
      new VpcSecurityGroupIngressRule(this, `https-from-${i}`, {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: source,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS from the environment's security group",
      });
    });
    const interfaceEndpoints: Record<string, VpcEndpoint> = {};
    for (const service of props.interfaceServices ?? EVALUATION_INTERFACE_SERVICES) {
      interfaceEndpoints[service] = new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [this.securityGroup.id],
      });
    }
    this.interfaceEndpoints = interfaceEndpoints;
    const gatewayEndpoints: Record<string, VpcEndpoint> = {};
    if (props.routeTableIds && props.routeTableIds.length > 0) {
      for (const service of EVALUATION_GATEWAY_SERVICES) {
        gatewayEndpoints[service] = new VpcEndpoint(this, service, {
          vpcId: props.vpcId,
          serviceName: `com.amazonaws.${props.region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds: [...props.routeTableIds],
        });
      }
    } else {
      Annotations.of(this).addWarning(
        "no route table ids given (evaluation.routeTableIds): the S3 and DynamoDB gateway endpoints were not created; " +
          "the evaluator needs a route to S3 and DynamoDB (gateway endpoints, or a NAT) from its subnets",
      );
    }
    this.gatewayEndpoints = gatewayEndpoints;
  }
}
