/**
 * For each VPC endpoint the bank passes by id (`evaluation.vpcEndpoints.<service>: "vpce-..."`), the
 * policy it must allow: the one the platform would have attached to an endpoint it created
 * (`modules/evaluation-layer/vpc-endpoint-policies.ts`). An existing endpoint's policy is the bank's
 * to set; preflight prints what the platform's callers need through it.
 */
import { EVALUATION_GATEWAY_SERVICES, type VpcEndpointService } from "../modules/evaluation-layer/evaluation-vpc-endpoints";
import { bucketOfS3Uri, endpointPolicyStatements, platformEndpointPolicyScope } from "../modules/evaluation-layer/vpc-endpoint-policies";
import { NAME_LIMITS, ResourceNaming } from "../modules/shared/naming";
import type { PreflightCheck } from "./preflight-check";
import type { ResolvedEnvironment } from "./resolved";

/** The policy scope of the environment, as its stack computes it. */
export function endpointPolicyScopeOf(env: ResolvedEnvironment) {
  const naming = new ResourceNaming({ businessLine: env.businessLine.name, stage: env.stage, accountId: env.accountId, region: env.region });
  return platformEndpointPolicyScope({
    naming,
    accountId: env.accountId,
    region: env.region,
    judgeModelIds: [env.evaluation.judgeModelId, ...(env.evaluation.candidateJudge ? [env.evaluation.candidateJudge.judgeModelId] : [])],
    endpointName: naming.name("endpoint", NAME_LIMITS.sagemaker),
    externalBuckets: bucketOfS3Uri(env.model.modelDataS3Uri),
  });
}

/** One check per existing endpoint of a service the environment uses. */
export function existingEndpointPolicyChecks(env: ResolvedEnvironment, services: readonly VpcEndpointService[]): PreflightCheck[] {
  const scope = endpointPolicyScopeOf(env);
  const used = [...services, ...EVALUATION_GATEWAY_SERVICES];
  return used.flatMap((service) => {
    const id = env.evaluation.vpcEndpoints[service];
    if (id === undefined || id === "create") return [];
    const statements = endpointPolicyStatements(service, scope);
    return [
      {
        subject: `endpoint policy ${service}`,
        assumption: `The policy of the existing ${service} endpoint ${id} allows what the platform calls through it (at least these statements; anything wider lets more than the platform out): ${JSON.stringify({ Version: "2012-10-17", Statement: statements })}`,
        command: `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${id} --region ${env.region} --query 'VpcEndpoints[0].PolicyDocument' --output text`,
        expect: `a policy that allows ${statements.map((s) => `${s.Sid}`).join(", ")} as above, for the environment's roles (arn:aws:iam::${env.accountId}:role/${scope.namePrefix}-*), and no "Principal": "*" with "Action": "*" on "Resource": "*"`,
      },
    ];
  });
}
