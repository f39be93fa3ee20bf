import { defineEnvironment } from "../../config/define";
import { RUNBOOK_BASE_URL } from "../../config/deployment-settings";
import businessLine from "./business-line";

export default defineEnvironment({
  businessLine,
  stage: "prod",
  accountId: "444444444444",
  region: "sa-east-1",
  tags: { DataClassification: "confidential" },
  model: {
    name: "mistral-7b-instruct",
    image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
    // Staged in-region (production never downloads weights from the internet): network isolation is on.
    modelDataS3Uri: "s3://wealth-management-model-artifacts-444444444444/mistral-7b-instruct-v0.3/",
    instanceType: "ml.g5.12xlarge",
    instanceCount: 1,
    hourlyPriceUsd: 7.09,
  },
  network: {
    vpcId: "vpc-0d1b2c3d4e5f60001",
    subnetIds: ["subnet-0d1b2c3d4e5f60011", "subnet-0d1b2c3d4e5f60012"],
    securityGroupIds: ["sg-0d1b2c3d4e5f60021"],
  },
  // The use case follows from the calling role (chargeback, SLOs, quality); any other caller gets 403.
  gateway: { auth: { type: "iam", callers: [{ principal: "arn:aws:iam::444444444444:role/wealth-management-assistant-*", useCase: "general" }] } },
  // Private route tables get S3 and DynamoDB gateway endpoints: evaluation traffic stays off the internet.
  evaluation: {
    routeTableIds: ["rtb-0d1b2c3d4e5f60031"],
    // Shadow period of the compact rubric (docs/judge-cost.md): a tenth of the evaluations are judged
    // by it too, into the shadow table; promote once the daily shadow agreement holds.
    candidateJudge: { judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0", rubricVersion: "bank-qa-rubric/2026-12-v3", shadowShare: 0.1 },
  },
  auditRoleArns: ["arn:aws:iam::444444444444:role/security-audit"],
  state: {
    backend: "s3",
    bucket: "wealth-management-terraform-state-444444444444",
    kmsKeyArn: "arn:aws:kms:sa-east-1:444444444444:key/0d1b2c3d-4e5f-4a60-8b1c-2d3e4f5a6b70",
    lock: { dynamodbTable: "terraform-locks" },
  },
  accountSettings: { ownsApiGatewayLoggingRole: true },
  alerting: { runbookBaseUrl: RUNBOOK_BASE_URL },
});
