import { defineEnvironment } from "../../config/define";
import { RUNBOOK_BASE_URL } from "../../config/deployment-settings";
import businessLine from "./business-line";

export default defineEnvironment({
  businessLine,
  stage: "prod",
  accountId: "222222222222",
  region: "sa-east-1",
  model: {
    name: "llama-3-1-8b-instruct",
    image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
    modelDataS3Uri: "s3://retail-banking-model-artifacts-222222222222/llama-3-1-8b-instruct/",
    instanceType: "ml.g5.12xlarge",
    instanceCount: 2,
    hourlyPriceUsd: 7.09,
    maxRollingBatchSize: 32,
    maxConcurrentRequests: 64,
    autoscaling: { minInstances: 2, maxInstances: 6, targetInvocationsPerInstance: 120 },
  },
  network: {
    vpcId: "vpc-0b1b2c3d4e5f60001",
    subnetIds: ["subnet-0b1b2c3d4e5f60011", "subnet-0b1b2c3d4e5f60012", "subnet-0b1b2c3d4e5f60013"],
    securityGroupIds: ["sg-0b1b2c3d4e5f60021"],
  },
  // The use case follows from the calling role (chargeback, SLOs, quality); any other caller gets 403.
  gateway: { auth: { type: "iam", callers: [{ principal: "arn:aws:iam::222222222222:role/retail-banking-assistant-*", useCase: "general" }] } },
  // Private route tables get S3 and DynamoDB gateway endpoints: evaluation traffic stays off the internet.
  evaluation: {
    routeTableIds: ["rtb-0b1b2c3d4e5f60031"],
    // Shadow period of the compact rubric (docs/judge-cost.md): a tenth of the evaluations are judged
    // by it too, into the shadow table; promote once the daily shadow agreement holds.
    candidateJudge: { judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0", rubricVersion: "bank-qa-rubric/2026-12-v3", shadowShare: 0.1 },
  },
  // 10% capture in production (the default for prod): 100% is costly in S3 at high volume.
  dataCapture: { samplingPercentage: 10 },
  auditRoleArns: ["arn:aws:iam::222222222222:role/security-audit"],
  // State in the platform team's state bucket, encrypted with its key and locked with DynamoDB.
  state: {
    backend: "s3",
    bucket: "retail-banking-terraform-state-222222222222",
    kmsKeyArn: "arn:aws:kms:sa-east-1:222222222222:key/0b1b2c3d-4e5f-4a60-8b1c-2d3e4f5a6b70",
    lock: { dynamodbTable: "terraform-locks" },
  },
  // The only environment in account 222222222222 (sa-east-1): it owns API Gateway's CloudWatch Logs role there.
  accountSettings: { ownsApiGatewayLoggingRole: true },
  alerting: {
    runbookBaseUrl: RUNBOOK_BASE_URL,
    judgeDailyBudgetUsd: 40,
    // Pages reach the retail on-call schedule; the token comes from PAGERDUTY_TOKEN at deploy time.
    pagerduty: { enabled: true, escalationScheduleIds: ["PRETAIL1"] },
  },
});
