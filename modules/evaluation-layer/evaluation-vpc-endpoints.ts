import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { endpointPolicyJson, type EndpointPolicyScope } from "./vpc-endpoint-policies";
import {
  EVALUATION_GATEWAY_SERVICES,
  EVALUATION_INTERFACE_SERVICES,
  VPC_ENDPOINT_SERVICES,
  type EvaluationInterfaceService,
  type VpcEndpointService,
} from "./vpc-endpoint-services";

export {
  EVALUATION_GATEWAY_SERVICES,
  EVALUATION_INTERFACE_SERVICES,
  GATEWAY_INTERFACE_SERVICES,
  TRACING_INTERFACE_SERVICES,
  VPC_ENDPOINT_SERVICES,
  type EvaluationGatewayService,
  type EvaluationInterfaceService,
  type VpcEndpointService,
} from "./vpc-endpoint-services";

/**
 * Per service: `"create"` (this construct creates the endpoint, private DNS on) or the id of an
 * endpoint the VPC already has (`"vpce-0123456789abcdef0"`, e.g. from the landing zone). A second
 * private-DNS endpoint for a service the VPC already has fails at apply with a conflicting domain.
 */
export type VpcEndpointChoice = "create" | `vpce-${string}`;

/** An existing endpoint id as AWS writes it. */
export const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8}([0-9a-f]{9})?$/;

/** Whether `choice` is `"create"` or a well-formed endpoint id. */
export function isVpcEndpointChoice(choice: unknown): choice is VpcEndpointChoice {
  return choice === "create" || (typeof choice === "string" && VPC_ENDPOINT_ID.test(choice));
}

/** The endpoint a service is reached through. */
export interface ServiceEndpoint {
  /** The endpoint's id: a reference to a created one, or the existing one's id. */
  readonly id: string;
  /** Created here, in the environment VPC (so `aws:SourceVpc` is guaranteed to be that VPC's id). */
  readonly created: boolean;
}

export interface EvaluationVpcEndpointsProps {
  readonly vpcId: string;
  readonly region: string;
  /** Subnets the interface endpoints get a network interface in (the functions' subnets). */
  readonly subnetIds: readonly string[];
  /** Security groups of the callers; each may reach the created endpoints on 443. */
  readonly sourceSecurityGroupIds: readonly string[];
  /** Name of the created endpoints' security group. */
  readonly securityGroupName: string;
  /** Interface services the functions need. @default EVALUATION_INTERFACE_SERVICES */
  readonly interfaceServices?: readonly EvaluationInterfaceService[];
  /**
   * Per service, `"create"` or the id of the VPC's existing endpoint (see `VpcEndpointChoice`).
   * @default - "create" for every service
   */
  readonly endpoints?: Readonly<Partial<Record<VpcEndpointService, VpcEndpointChoice>>>;
  /** Route tables for the S3 and DynamoDB gateway endpoints to create. @default - none created, with a synth warning */
  readonly routeTableIds?: readonly string[];
  /** Who and what each created endpoint lets through (`vpc-endpoint-policies.ts`): every created endpoint gets its policy. */
  readonly policyScope: EndpointPolicyScope;
}

/**
 * VPC endpoints that keep the evaluation layer's traffic off the internet, per service either
 * created here or an existing one of the VPC: created interface endpoints (private DNS on) sit behind a
 * security group that admits HTTPS from the callers' security groups only; created S3 / DynamoDB
 * gateway endpoints go on the given route tables. Every created endpoint has a policy that lets
 * through only the environment's roles acting on its own resources.
 */
export class EvaluationVpcEndpoints extends Construct {
  /** Security group of the created interface endpoints; absent when every interface endpoint exists already. */
  readonly securityGroup?: SecurityGroup;
  /** Interface endpoints created here, by service, e.g. `bedrock-runtime`. */
  readonly interfaceEndpoints: Readonly<Record<string, VpcEndpoint>>;
  /** Gateway endpoints created here, by service (`s3`, `dynamodb`); empty without route tables. */
  readonly gatewayEndpoints: Readonly<Record<string, VpcEndpoint>>;
  /** The endpoint each needed service is reached through, created or existing. */
  readonly endpointOf: Readonly<Partial<Record<VpcEndpointService, ServiceEndpoint>>>;

  constructor(scope: Construct, id: string, props: EvaluationVpcEndpointsProps) {
    super(scope, id);
    if (props.subnetIds.length === 0) throw new Error("vpc endpoints need at least one subnet id; pass the functions' private subnets");
    const choices = props.endpoints ?? {};
    for (const [service, choice] of Object.entries(choices)) {
      if (!(VPC_ENDPOINT_SERVICES as readonly string[]).includes(service)) {
        throw new Error(`vpc endpoint choice for unknown service "${service}"; services are ${VPC_ENDPOINT_SERVICES.join(", ")}`);
      }
      if (!isVpcEndpointChoice(choice)) {
        throw new Error(`vpc endpoint for ${service} must be "create" or an endpoint id such as vpce-0123456789abcdef0, got ${JSON.stringify(choice)}`);
      }
    }
    const choiceOf = (service: VpcEndpointService): VpcEndpointChoice => choices[service] ?? "create";
    const interfaceServices = props.interfaceServices ?? EVALUATION_INTERFACE_SERVICES;
    const endpointOf: Partial<Record<VpcEndpointService, ServiceEndpoint>> = {};

    const toCreate = interfaceServices.filter((service) => choiceOf(service) === "create");
    if (toCreate.length > 0) {
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
          securityGroupId: this.securityGroup!.id,
          referencedSecurityGroupId: source,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          description: "HTTPS from the environment's security group",
        });
      });
    }
    const interfaceEndpoints: Record<string, VpcEndpoint> = {};
    for (const service of interfaceServices) {
      const choice = choiceOf(service);
      if (choice !== "create") {
        endpointOf[service] = { id: choice, created: false };
        continue;
      }
      interfaceEndpoints[service] = new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        policy: endpointPolicyJson(service, props.policyScope),
        subnetIds: [...props.subnetIds],
        securityGroupIds: [this.securityGroup!.id],
      });
      endpointOf[service] = { id: interfaceEndpoints[service].id, created: true };
    }
    this.interfaceEndpoints = interfaceEndpoints;

    const gatewayEndpoints: Record<string, VpcEndpoint> = {};
    const gatewayToCreate = EVALUATION_GATEWAY_SERVICES.filter((service) => choiceOf(service) === "create");
    for (const service of EVALUATION_GATEWAY_SERVICES) {
      const choice = choiceOf(service);
      if (choice !== "create") endpointOf[service] = { id: choice, created: false };
    }
    if (gatewayToCreate.length > 0 && props.routeTableIds && props.routeTableIds.length > 0) {
      for (const service of gatewayToCreate) {
        gatewayEndpoints[service] = new VpcEndpoint(this, service, {
          vpcId: props.vpcId,
          serviceName: `com.amazonaws.${props.region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds: [...props.routeTableIds],
          policy: endpointPolicyJson(service, props.policyScope),
        });
        endpointOf[service] = { id: gatewayEndpoints[service].id, created: true };
      }
    } else if (gatewayToCreate.length > 0) {
      Annotations.of(this).addWarning(
        `no route table ids given (evaluation.routeTableIds): the ${gatewayToCreate.join(" and ")} gateway endpoint${gatewayToCreate.length > 1 ? "s were" : " was"} not created; ` +
          "the evaluator needs a route to S3 and DynamoDB (gateway endpoints, or a NAT) from its subnets; give the route tables, or the ids of the VPC's existing endpoints",
      );
    }
    this.gatewayEndpoints = gatewayEndpoints;
    this.endpointOf = endpointOf;
  }

  /** Endpoints created here, for resources that must wait for them. */
  get createdEndpoints(): VpcEndpoint[] {
    return [...Object.values(this.interfaceEndpoints), ...Object.values(this.gatewayEndpoints)];
  }
}
