/** Where a function of the platform runs: private subnets and security groups of the environment VPC, and the VPC itself. */
export interface FunctionNetwork {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}
