/**
 * What a deploy of one environment assumes already exists, each with the read-only AWS CLI
 * command that verifies it. Computed from the environment file alone: nothing here calls AWS.
 * `npm run preflight -- <business-line>/<stage>` prints it.
 */
import { stackIdsOf } from "./resolved-checks";
import { COMPREHEND_REGIONS, masksWithComprehend } from "../modules/evaluation-layer/comprehend-regions";
import {
  EVALUATION_GATEWAY_SERVICES,
  EVALUATION_INTERFACE_SERVICES,
  GATEWAY_INTERFACE_SERVICES,
  type VpcEndpointService,
} from "../modules/evaluation-layer/evaluation-vpc-endpoints";
import { LAMBDA_SIGNING_PLATFORM } from "../modules/shared/code-signing";
import { NAME_LIMITS, ResourceNaming } from "../modules/shared/naming";
import { environmentReservedConcurrency } from "./across-environments";
import { UNRESERVED_CONCURRENCY_FLOOR } from "./sections/account";
import { stateKey } from "./sections/state";
import type { ResolvedEnvironment } from "./resolved";
import { availabilityChecks, availabilityTable } from "./preflight-availability";
import { existingEndpointPolicyChecks } from "./preflight-endpoint-policies";

import type { PreflightCheck } from "./preflight-check";
import { HUGGING_FACE_TOKEN_VARIABLE } from "./hugging-face-access";

export type { PreflightCheck } from "./preflight-check";

const q = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`);

/** The interface services the environment's VPC needs an endpoint for. */
export function interfaceServicesOf(env: ResolvedEnvironment): VpcEndpointService[] {
  const comprehend = env.evaluation.piiLanguages.some((language) => masksWithComprehend(language)) && COMPREHEND_REGIONS.includes(env.region);
  return [...EVALUATION_INTERFACE_SERVICES.filter((s) => s !== "comprehend" || comprehend), ...GATEWAY_INTERFACE_SERVICES];
}

/** Every check of the environment, in deploy order: identity, network, images and models, state, account, integrations. */
export function preflightChecks(env: ResolvedEnvironment, processEnv: NodeJS.ProcessEnv = process.env): PreflightCheck[] {
  const r = `--region ${env.region}`;
  const checks: PreflightCheck[] = [];
  const add = (subject: string, assumption: string, command: string, expect: string) => checks.push({ subject, assumption, command, expect });
  const naming = new ResourceNaming({ businessLine: env.businessLine.name, stage: env.stage, accountId: env.accountId, region: env.region });
  const { vpcId, subnetIds, securityGroupIds } = env.network;

  add(
    "account",
    `The deploy runs with credentials of account ${env.accountId} (the provider refuses any other).`,
    "aws sts get-caller-identity --query Account --output text",
    env.accountId,
  );

  // Network
  add(
    "vpc",
    `VPC ${vpcId} exists in ${env.region}, with DNS support and DNS hostnames on (private-DNS endpoints need both).`,
    `aws ec2 describe-vpcs --vpc-ids ${vpcId} ${r} --query 'Vpcs[].State' --output text && ` +
      `aws ec2 describe-vpc-attribute --vpc-id ${vpcId} --attribute enableDnsSupport ${r} --query EnableDnsSupport.Value && ` +
      `aws ec2 describe-vpc-attribute --vpc-id ${vpcId} --attribute enableDnsHostnames ${r} --query EnableDnsHostnames.Value`,
    "available, true, true",
  );
  add(
    "subnets",
    `Subnets ${subnetIds.join(", ")} are private subnets of ${vpcId} in at least two availability zones.`,
    `aws ec2 describe-subnets --subnet-ids ${subnetIds.join(" ")} ${r} --query 'Subnets[].[SubnetId,VpcId,AvailabilityZone,MapPublicIpOnLaunch]' --output text`,
    `every subnet in ${vpcId}, two or more zones, MapPublicIpOnLaunch False`,
  );
  add(
    "security groups",
    `Security groups ${securityGroupIds.join(", ")} belong to ${vpcId} and allow HTTPS (443) out to the VPC endpoints.`,
    `aws ec2 describe-security-groups --group-ids ${securityGroupIds.join(" ")} ${r} --query 'SecurityGroups[].[GroupId,VpcId,length(IpPermissionsEgress)]' --output text`,
    `each in ${vpcId}, with an egress rule that admits TCP 443 to the VPC's CIDR or to the endpoints' security group`,
  );

  const choice = (service: VpcEndpointService) => env.evaluation.vpcEndpoints[service] ?? "create";
  const interfaceServices = interfaceServicesOf(env);
  const toCreate = interfaceServices.filter((s) => choice(s) === "create");
  if (toCreate.length > 0) {
    add(
      "vpc endpoints to create",
      `The VPC has no endpoint yet for ${toCreate.join(", ")}: the stack creates them with private DNS, and a second private-DNS endpoint for a service fails with a conflicting domain.`,
      `aws ec2 describe-vpc-endpoints ${r} --filters Name=vpc-id,Values=${vpcId} Name=service-name,Values=${toCreate.map((s) => `com.amazonaws.${env.region}.${s}`).join(",")} ` +
        "--query 'VpcEndpoints[].[VpcEndpointId,ServiceName,PrivateDnsEnabled,State]' --output text",
      "nothing; for any endpoint listed, set evaluation.vpcEndpoints.<service> to its id instead of creating one",
    );
  }
  const existing = [...interfaceServices, ...EVALUATION_GATEWAY_SERVICES].filter((s) => choice(s) !== "create");
  if (existing.length > 0) {
    add(
      "existing vpc endpoints",
      `The landing zone's endpoints ${existing.map((s) => `${s}: ${choice(s)}`).join(", ")} are available, for those services, with private DNS on (interface), ` +
        `reachable from ${vpcId}; the judge's Bedrock permission is bound to the bedrock-runtime one (aws:SourceVpce).`,
      `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${existing.map((s) => choice(s)).join(" ")} ${r} ` +
        "--query 'VpcEndpoints[].[VpcEndpointId,ServiceName,VpcId,State,PrivateDnsEnabled,join(`,`,Groups[].GroupId)]' --output text",
      `each available, with the service name com.amazonaws.${env.region}.<service>; then the listed security groups admit TCP 443 from ${securityGroupIds.join(", ")} ` +
        "(aws ec2 describe-security-groups --group-ids <groups> --query 'SecurityGroups[].IpPermissions')",
    );
  }
  checks.push(...existingEndpointPolicyChecks(env, interfaceServices));
  const gatewayToCreate = EVALUATION_GATEWAY_SERVICES.filter((s) => choice(s) === "create");
  if (gatewayToCreate.length > 0 && env.evaluation.routeTableIds) {
    const tables = env.evaluation.routeTableIds;
    add(
      "route tables",
      `Route tables ${tables.join(", ")} are the private subnets' (the ${gatewayToCreate.join(" and ")} gateway endpoints go on them) and have no ${gatewayToCreate.join(" or ")} gateway endpoint yet.`,
      `aws ec2 describe-route-tables --route-table-ids ${tables.join(" ")} ${r} --query 'RouteTables[].[RouteTableId,VpcId,join(\`,\`,Associations[].SubnetId),join(\`,\`,Routes[].GatewayId)]' --output text && ` +
        `aws ec2 describe-vpc-endpoints ${r} --filters Name=vpc-id,Values=${vpcId} Name=vpc-endpoint-type,Values=Gateway --query 'VpcEndpoints[].[VpcEndpointId,ServiceName]' --output text`,
      `every table in ${vpcId} and associated with ${subnetIds.join(", ")}; no ${gatewayToCreate.map((s) => `com.amazonaws.${env.region}.${s}`).join(" or ")} gateway endpoint listed`,
    );
  } else if (gatewayToCreate.length > 0) {
    add(
      "routes to s3 and dynamodb",
      `No route tables are given, so no gateway endpoint is created: the subnets already reach S3 and DynamoDB privately (or through a NAT).`,
      `aws ec2 describe-route-tables ${r} --filters Name=association.subnet-id,Values=${subnetIds.join(",")} --query 'RouteTables[].Routes[].[DestinationPrefixListId,GatewayId,NatGatewayId]' --output text`,
      "a route to the S3 and DynamoDB prefix lists (vpce-...), or a default route through a NAT gateway",
    );
  }

  // Image and model
  const image = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(env.model.image);
  if (image) {
    const [, registry, imageRegion, repository, tag, digest] = image;
    add(
      "container image",
      `The LMI image ${env.model.image} exists and the account may pull it.`,
      `aws ecr batch-get-image --registry-id ${registry} --repository-name ${repository} --image-ids ${digest ? `imageDigest=${digest}` : `imageTag=${tag}`} ` +
        `--region ${imageRegion} --query 'images[].imageId' --output text`,
      "the image id; an empty list or failures[] means the tag or digest does not exist there",
    );
  }
  const executionRole = naming.name("endpoint-execution", NAME_LIMITS.iamRole);
  if (env.model.modelDataS3Uri) {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(env.model.modelDataS3Uri)!;
    const [, bucket, prefix] = match;
    add(
      "model artifacts",
      `The model's uncompressed artifacts are staged under ${env.model.modelDataS3Uri} in a bucket of ${env.region} (data residency; the endpoint loads them network-isolated): its config.json and weights are there.`,
      `aws s3api get-bucket-location --bucket ${bucket} --query LocationConstraint --output text && ` +
        `aws s3api head-object --bucket ${bucket} --key ${q(`${(prefix ?? "").replace(/\/?$/, "/")}config.json`)} --query ContentLength --output text && ` +
        `aws s3 ls s3://${bucket}/${prefix ?? ""} --recursive ${r} | grep -cE '\\.(safetensors|bin|pt)$' && ` +
        `aws s3api get-bucket-encryption --bucket ${bucket} --query 'ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault'`,
      `${env.region === "us-east-1" ? "None" : env.region}; the size of config.json (a missing one is a 404: nothing is staged there); a count of weight files of at least 1; if the bucket uses a customer-managed KMS key, that key's policy lets ${executionRole} decrypt`,
    );
  } else if (env.model.huggingFaceModelId) {
    add(
      "model download",
      `The container downloads ${env.model.huggingFaceModelId} from Hugging Face at start (not allowed in production): the subnets have egress to huggingface.co through a NAT.`,
      `aws ec2 describe-route-tables ${r} --filters Name=association.subnet-id,Values=${subnetIds.join(",")} --query 'RouteTables[].Routes[?DestinationCidrBlock==\`0.0.0.0/0\`].NatGatewayId' --output text`,
      "a NAT gateway id for each subnet's table",
    );
    checks.push(huggingFaceAccessCheck(env));
  }
  checks.push(...availabilityChecks(env));

  // State
  if (env.state.backend === "s3") {
    const s = env.state;
    const sr = `--region ${s.region}`;
    const stacks = stackIdsOf(env);
    add(
      "state bucket",
      `The state bucket ${s.bucket} exists in ${s.region}, versioned, with public access blocked; the stacks' states are ${stacks.map((id) => stateKey(s, id)).join(", ")}.`,
      `aws s3api get-bucket-location --bucket ${s.bucket} --query LocationConstraint --output text && aws s3api get-bucket-versioning --bucket ${s.bucket} --query Status --output text && ` +
        `aws s3api get-public-access-block --bucket ${s.bucket} --query 'PublicAccessBlockConfiguration'`,
      `${s.region === "us-east-1" ? "None" : s.region}; Enabled; all four settings true`,
    );
    add(
      "state key",
      `The KMS key ${s.kmsKeyArn} is enabled and customer-managed; the pipeline's role may encrypt and decrypt with it.`,
      `aws kms describe-key --key-id ${s.kmsKeyArn} ${sr} --query 'KeyMetadata.[KeyState,KeyManager]' --output text`,
      "Enabled CUSTOMER",
    );
    if ("dynamodbTable" in s.lock) {
      add(
        "state lock",
        `The lock table ${s.lock.dynamodbTable} exists in ${s.region} with the partition key LockID (string).`,
        `aws dynamodb describe-table --table-name ${s.lock.dynamodbTable} ${sr} --query 'Table.[TableStatus,KeySchema[0].AttributeName,AttributeDefinitions[0].AttributeType]' --output text`,
        "ACTIVE LockID S",
      );
    } else {
      add(
        "state lock",
        "Terraform 1.10 or later runs the deploy: the lock is a file beside the state object (use_lockfile).",
        "terraform version",
        "Terraform v1.10.0 or later",
      );
    }
    if (s.roleArn) {
      add(
        "state role",
        `The role ${s.roleArn} exists and the pipeline may assume it.`,
        `aws iam get-role --role-name ${q(s.roleArn.split("/").pop()!)} --query Role.Arn --output text`,
        s.roleArn,
      );
    }
  } else {
    add(
      "state",
      "The state stays in a local file (terraform.<stack>.tfstate where synth runs): keep it, or one deploy forgets the last.",
      "ls terraform.*.tfstate",
      `terraform.${env.id}.tfstate after the first deploy`,
    );
  }

  // Account-wide settings
  const ownRole = naming.name("apigw-cloudwatch", NAME_LIMITS.iamRole);
  if (env.accountSettings.ownsApiGatewayLoggingRole) {
    add(
      "api gateway logging role",
      `This stack owns API Gateway's CloudWatch Logs role of account ${env.accountId} in ${env.region} (it sets ${ownRole}); no other stack or tool sets it.`,
      `aws apigateway get-account ${r} --query cloudwatchRoleArn --output text`,
      `None (not set yet) or arn:aws:iam::${env.accountId}:role/${ownRole}; any other role means another owner: set accountSettings.ownsApiGatewayLoggingRole to false`,
    );
  } else {
    add(
      "api gateway logging role",
      `API Gateway's CloudWatch Logs role of account ${env.accountId} in ${env.region} is already set (this stack does not own it; without it the stage fails).`,
      `aws apigateway get-account ${r} --query cloudwatchRoleArn --output text`,
      "a role ARN, not None",
    );
  }
  const reserved = environmentReservedConcurrency(env);
  add(
    "lambda concurrency",
    `The account's Lambda quota in ${env.region} leaves ${reserved} executions to reserve for this environment (gateway, evaluator, publisher) plus AWS's ${UNRESERVED_CONCURRENCY_FLOOR} unreserved.`,
    `aws lambda get-account-settings ${r} --query 'AccountLimit.[ConcurrentExecutions,UnreservedConcurrentExecutions]' --output text`,
    `the second figure at least ${reserved + UNRESERVED_CONCURRENCY_FLOOR}`,
  );
  if (env.codeSigning !== "off") {
    add(
      "code signing",
      `AWS Signer offers the Lambda signing platform in ${env.region} (codeSigning "${env.codeSigning}").`,
      `aws signer list-signing-platforms ${r} --query "platforms[?platformId=='${LAMBDA_SIGNING_PLATFORM}'].platformId" --output text`,
      LAMBDA_SIGNING_PLATFORM,
    );
  }
  add(
    "judge model",
    `The judge ${env.evaluation.judgeModelId} is offered in ${env.region} and model access is granted to the account.`,
    `aws bedrock get-foundation-model --model-identifier ${env.evaluation.judgeModelId.replace(/^[a-z]{2}\./, "")} ${r} --query 'modelDetails.modelLifecycle.status' --output text`,
    "ACTIVE (and the model enabled under Bedrock model access)",
  );

  // People and integrations
  for (const arn of env.auditRoleArns) {
    add(
      "audit role",
      `The auditors' role ${arn} exists (the capture, inference-log and trail keys name it).`,
      `aws iam get-role --role-name ${q(arn.split("/").pop()!)} --query Role.Arn --output text`,
      arn,
    );
  }
  if (env.gateway.auth.type === "cognito") {
    const pool = env.gateway.auth.userPoolArn.split("/").pop()!;
    add(
      "user pool",
      `The Cognito user pool ${pool} exists; its ID tokens carry the use_case claim.`,
      `aws cognito-idp describe-user-pool --user-pool-id ${pool} ${r} --query 'UserPool.Id' --output text`,
      pool,
    );
  }
  if (env.alerting.pagerduty.enabled) {
    const token = processEnv.PAGERDUTY_TOKEN ? "set in this shell" : "not set in this shell";
    const ids = [
      ...env.alerting.pagerduty.escalationScheduleIds.map((id) => `schedules/${id}`),
      ...env.alerting.pagerduty.escalationUserIds.map((id) => `users/${id}`),
    ];
    add(
      "pagerduty token",
      `PAGERDUTY_TOKEN holds a PagerDuty API token in the shell that deploys ${env.id}-operations (never in a file); it is ${token}. The escalation targets exist.`,
      `test -n "$PAGERDUTY_TOKEN" && ${ids.map((id) => `curl -sf -o /dev/null -w '%{http_code} ${id}\\n' -H "Authorization: Token token=$PAGERDUTY_TOKEN" -H 'Accept: application/vnd.pagerduty+json;version=2' https://api.pagerduty.com/${id}`).join(" && ")}`,
      `200 for each of ${ids.join(", ")}`,
    );
  }
  return checks;
}

/** Whether the container can fetch the model: a public model is not gated; a gated one has its token secret. */
function huggingFaceAccessCheck(env: ResolvedEnvironment): PreflightCheck {
  const id = env.model.huggingFaceModelId!;
  const access = env.model.huggingFaceAccess;
  if (access === "public" || access === undefined) {
    return {
      subject: "hugging face access",
      assumption: `${id} is public on the Hugging Face Hub (model.huggingFaceAccess is "public"): the container downloads it without a token.`,
      command: `curl -sf https://huggingface.co/api/models/${id} | grep -o '"gated":[a-z"]*'`,
      expect: '"gated":false (anything else: the model needs a token; set model.huggingFaceAccess to { tokenSecretArn })',
    };
  }
  return {
    subject: "hugging face token",
    assumption:
      `The secret ${access.tokenSecretArn} holds a Hugging Face token that may read the gated ${id} (its licence accepted on the Hub). ` +
      `The deploy reads it into the stack's sensitive variable: export TF_VAR_${HUGGING_FACE_TOKEN_VARIABLE}="$(aws secretsmanager get-secret-value --secret-id ${access.tokenSecretArn} --region ${env.region} --query SecretString --output text)".`,
    command:
      `aws secretsmanager describe-secret --secret-id ${access.tokenSecretArn} --region ${env.region} --query Name --output text && ` +
      `curl -sf -o /dev/null -w '%{http_code}\\n' -H "Authorization: Bearer $(aws secretsmanager get-secret-value --secret-id ${access.tokenSecretArn} --region ${env.region} --query SecretString --output text)" https://huggingface.co/api/models/${id}`,
    expect: "the secret's name, then 200 (401 or 403: the token cannot read the model)",
  };
}

/** The checks as text, as `npm run preflight` prints them. */
export function formatPreflight(env: ResolvedEnvironment, checks: readonly PreflightCheck[]): string {
  const lines = [
    `Preflight of ${env.id} (${env.file}): account ${env.accountId}, ${env.region}.`,
    `Nothing here called AWS. Run each command with read-only credentials of account ${env.accountId}; every one must show what follows "expect".`,
    "",
    ...availabilityTable(env),
    "",
  ];
  checks.forEach((c, i) => {
    lines.push(`${String(i + 1).padStart(2)}. [${c.subject}] ${c.assumption}`, `    $ ${c.command}`, `    expect: ${c.expect}`, "");
  });
  for (const warning of env.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join("\n").trimEnd()}\n`;
}
