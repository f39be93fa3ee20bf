import { defineEnvironment } from "../../config/define";
import { RUNBOOK_BASE_URL } from "../../config/deployment-settings";
import businessLine from "./business-line";

export default defineEnvironment({
  businessLine,
  stage: "staging",
  accountId: "111111111111",
  region: "sa-east-1",
  model: {
    name: "llama-3-1-8b-instruct",
    image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
    modelDataS3Uri: "s3://retail-banking-model-artifacts-111111111111/llama-3-1-8b-instruct/",
    instanceType: "ml.g5.12xlarge",
    instanceCount: 1,
    hourlyPriceUsd: 7.09,
    maxRollingBatchSize: 32,
    maxConcurrentRequests: 64,
  },
  network: {
    vpcId: "vpc-0a1b2c3d4e5f60001",
    subnetIds: ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"],
    securityGroupIds: ["sg-0a1b2c3d4e5f60021"],
  },
  // The use case follows from the calling role (chargeback, SLOs, quality); any other caller gets 403.
  gateway: { auth: { type: "iam", callers: [{ principal: "arn:aws:iam::111111111111:role/retail-banking-assistant-*", useCase: "general" }] } },
  // Private route tables get S3 and DynamoDB gateway endpoints: evaluation traffic stays off the internet.
  evaluation: { routeTableIds: ["rtb-0a1b2c3d4e5f60031"] },
  // 100% capture in staging (the default for non-production stages).
  auditRoleArns: ["arn:aws:iam::111111111111:role/security-audit"],
  state: {
    backend: "s3",
    bucket: "retail-banking-terraform-state-111111111111",
    kmsKeyArn: "arn:aws:kms:sa-east-1:111111111111:key/0a1b2c3d-4e5f-4a60-8b1c-2d3e4f5a6b70",
    lock: { s3Lockfile: true },
  },
  accountSettings: { ownsApiGatewayLoggingRole: true },
  alerting: { runbookBaseUrl: RUNBOOK_BASE_URL },
});
