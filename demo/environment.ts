/**
 * The demo's own environment, written in code as another team would (`environmentFromConfig`):
 * the source article's endpoint (Llama 3.1 8B on two `ml.g5.12xlarge`, 64 sequences batched each), four use cases and four request types, in us-east-1
 * so that Amazon Comprehend (offered there, not in sa-east-1) masks names beside the local
 * detectors of Brazilian identifiers. `--environment <business-line>/<stage>` runs against an
 * environment file of `environments/` instead.
 */
import { defineBusinessLine, defineEnvironment } from "../config/define";
import { environmentFromConfig } from "../config/from-config";
import type { ResolvedEnvironment } from "../config/resolved";
import { RUNBOOK_BASE_URL } from "../config/deployment-settings";

export const DEMO_ENVIRONMENT_ID = "demo-bank-demo";

export function demoEnvironment(): ResolvedEnvironment {
  const businessLine = defineBusinessLine({
    name: "demo-bank",
    allowedRegions: ["us-east-1"],
    costCentre: "CC-0000-DEMO",
    owner: "llm-platform@example.com",
  });
  return environmentFromConfig(
    defineEnvironment({
      businessLine,
      stage: "demo",
      accountId: "000000000000",
      region: "us-east-1",
      credentialFree: true,
      model: {
        name: "llama-3-1-8b-instruct",
        image: "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
        huggingFaceModelId: "meta-llama/Llama-3.1-8B-Instruct",
        // Gated on the Hub: a deploy would read the token from this secret (the demo serves a simulated model).
        huggingFaceAccess: { tokenSecretArn: "arn:aws:secretsmanager:us-east-1:000000000000:secret:llmobs/hugging-face-token-De0De0" },
        instanceType: "ml.g5.12xlarge",
        instanceCount: 2,
        hourlyPriceUsd: 7.09,
        maxRollingBatchSize: 64,
      },
      network: {
        vpcId: "vpc-0de0de0de0de00001",
        subnetIds: ["subnet-0de0de0de0de00011", "subnet-0de0de0de0de00012"],
        securityGroupIds: ["sg-0de0de0de0de00021"],
      },
      gateway: {
        useCases: ["onboarding", "cards", "investments", "collections"],
        // Onboarding's prompts open with the same compliance instructions: its prefix-cache hit rate is watched.
        repeatedPrefixUseCases: ["onboarding"],
        requestTypes: ["balance_inquiry", "investment_strategy", "card_dispute", "general"],
        // Each application's role books its traffic to its use case (the workload signs as these roles).
        auth: {
          type: "iam",
          callers: ["onboarding", "cards", "investments", "collections"].map((useCase) => ({
            principal: `arn:aws:iam::000000000000:role/demo-${useCase}-*`,
            useCase,
          })),
        },
      },
      // The compact rubric (docs/judge-cost.md), as the sandbox: the demo's judge cost is measured with it.
      evaluation: { routeTableIds: ["rtb-0de0de0de0de00031"], judgeRubricVersion: "bank-qa-rubric/2026-12-v3" },
      alerting: {
        runbookBaseUrl: RUNBOOK_BASE_URL,
        qualityThresholds: { balance_inquiry: 0.9, investment_strategy: 0.75, card_dispute: 0.85 },
      },
    }),
    "demo/environment.ts",
  );
}
