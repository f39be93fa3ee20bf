/**
 * The source article's environment, resolved the way the stacks resolve every environment file, and the
 * alerting plan `Alerting` builds for it: what `npm run docs:slo` tabulates and `npm run
 * simulate:slo` replays. Every default is the platform's own; only the traffic scales.
 */
import { environmentFromConfig } from "../config/from-config";
import type { ResolvedEnvironment } from "../config/resolved";
import { type AlertingPlan, DEFAULT_EXPECTED_REQUESTS_PER_DAY } from "../modules/alerting";
import { environmentPlan } from "./environment-plan";

/** Names of the example stack, as its modules would name them. */
export const ARTICLE_NAMES = {
  modelName: "llama-3-1-8b-instruct",
  endpointName: "llmobs-article-prod-endpoint",
  apiName: "llmobs-article-prod-inference-api",
  apiId: "a1b2c3d4e5",
  stageName: "live",
  functions: { gateway: "llmobs-article-prod-gateway", evaluator: "llmobs-article-prod-evaluator", publisher: "llmobs-article-prod-quality-publisher" },
  queues: {
    notificationsDlq: "llmobs-article-prod-evaluation-notifications-dlq",
    failedRecords: "llmobs-article-prod-evaluation-failed-records",
    publisherDlq: "llmobs-article-prod-quality-publisher-dlq",
  },
  deliveryStream: "llmobs-article-prod-inference-logs",
} as const;

/** A production environment at `volume` times the source article's 10,000 requests a day, every other setting the default. */
export function articleEnvironment(volume = 1): ResolvedEnvironment {
  return environmentFromConfig(
    {
      businessLine: { name: "article", costCentre: "CC-0", owner: "platform@example.com" },
      stage: "prod",
      accountId: "123456789012",
      model: {
        name: ARTICLE_NAMES.modelName,
        image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
        modelDataS3Uri: "s3://article-models/llama/",
        hourlyPriceUsd: 7.09,
      },
      network: {
        vpcId: "vpc-0123456789abcdef0",
        subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        securityGroupIds: ["sg-0123456789abcdef0"],
      },
      // The use case follows from the calling role: a production stage may not leave it to the caller.
      gateway: { auth: { type: "iam", callers: [{ principal: "arn:aws:iam::123456789012:role/article-assistant-*", useCase: "general" }] } },
      // A production stage keeps its state in S3; nothing here is deployed.
      state: {
        backend: "s3",
        bucket: "article-terraform-state-123456789012",
        kmsKeyArn: "arn:aws:kms:sa-east-1:123456789012:key/0a1b2c3d-4e5f-4a60-8b1c-2d3e4f5a6b70",
        lock: { s3Lockfile: true },
      },
      alerting: {
        runbookBaseUrl: "https://git.example.com/platform/blob/main/runbooks",
        expectedRequestsPerDay: DEFAULT_EXPECTED_REQUESTS_PER_DAY * volume,
      },
    },
    "scripts/article-environment.ts",
  );
}

/** What `Alerting` deploys for the environment (the stack's props, with the example names). */
export function articlePlan(env: ResolvedEnvironment = articleEnvironment()): AlertingPlan {
  return environmentPlan(env, ARTICLE_NAMES);
}
