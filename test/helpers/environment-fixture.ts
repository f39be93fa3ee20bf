import type { EnvironmentConfig } from "../../environments/types";

export const TEST_RUNBOOK_BASE_URL = "https://git.example.com/platform/blob/main/runbooks";

/** A valid environment; tests spread it and change one field to check one rule. */
/** Every stage binds its callers to use cases (the gateway refuses an unmapped caller). */
export const TEST_GATEWAY_AUTH = { type: "iam", callers: [{ principal: "arn:aws:iam::123456789012:role/app-*", useCase: "general" }] } as const;

export function validEnvironment(): EnvironmentConfig {
  return {
    businessLine: { name: "retail-banking", allowedRegions: ["sa-east-1"], costCentre: "CC-1", owner: "team@example.com" },
    stage: "staging",
    accountId: "123456789012",
    region: "sa-east-1",
    model: {
      name: "llama-3-1-8b-instruct",
      image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
      modelDataS3Uri: "s3://models-123456789012/llama/",
      instanceType: "ml.g5.12xlarge",
      hourlyPriceUsd: 7.09,
    },
    network: {
      vpcId: "vpc-0123456789abcdef0",
      subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
      securityGroupIds: ["sg-0123456789abcdef0"],
    },
    alerting: { runbookBaseUrl: TEST_RUNBOOK_BASE_URL },
    gateway: { auth: TEST_GATEWAY_AUTH },
  };
}
