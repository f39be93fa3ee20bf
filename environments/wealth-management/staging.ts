import { defineEnvironment } from "../../config/define";
import { RUNBOOK_BASE_URL } from "../../config/deployment-settings";
import businessLine from "./business-line";

/**
 * Staging runs on AWS Inferentia2: EBS-backed instances, so the endpoint volume is encrypted with
 * the platform's own KMS key (`kms_key_arn`), unlike the GPU instance types with local NVMe storage
 * that AWS encrypts in hardware. It ran in us-east-1 until Bedrock ended Claude 3 Haiku, the
 * calibrated judge, there on 2026-09-10 (the model card; modules/shared/regions/service-availability.ts):
 * it is in sa-east-1, where the judge is still offered, until a judge offered in us-east-1 is calibrated.
 */
export default defineEnvironment({
  businessLine,
  stage: "staging",
  accountId: "333333333333",
  region: "sa-east-1",
  model: {
    name: "mistral-7b-instruct",
    image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.29.0-neuronx-sdk2.19.1",
    huggingFaceModelId: "mistralai/Mistral-7B-Instruct-v0.3",
    // A gated model (Mistral's terms must be accepted on the Hub): the token is read from this secret at deploy.
    huggingFaceAccess: { tokenSecretArn: "arn:aws:secretsmanager:sa-east-1:333333333333:secret:llmobs/hugging-face-token-Ef34Gh" },
    instanceType: "ml.inf2.8xlarge",
    hourlyPriceUsd: 2.36,
    tensorParallelDegree: 2,
  },
  network: {
    vpcId: "vpc-0c1b2c3d4e5f60001",
    subnetIds: ["subnet-0c1b2c3d4e5f60011", "subnet-0c1b2c3d4e5f60012"],
    securityGroupIds: ["sg-0c1b2c3d4e5f60021"],
  },
  // The use case follows from the calling role (chargeback, SLOs, quality); any other caller gets 403.
  gateway: { auth: { type: "iam", callers: [{ principal: "arn:aws:iam::333333333333:role/wealth-management-assistant-*", useCase: "general" }] } },
  // Private route tables get S3 and DynamoDB gateway endpoints: evaluation traffic stays off the internet.
  evaluation: { routeTableIds: ["rtb-0c1b2c3d4e5f60031"] },
  state: {
    backend: "s3",
    bucket: "wealth-management-terraform-state-333333333333",
    region: "us-east-1",
    kmsKeyArn: "arn:aws:kms:us-east-1:333333333333:key/0c1b2c3d-4e5f-4a60-8b1c-2d3e4f5a6b70",
    lock: { s3Lockfile: true },
  },
  accountSettings: { ownsApiGatewayLoggingRole: true },
  alerting: { runbookBaseUrl: RUNBOOK_BASE_URL },
});
