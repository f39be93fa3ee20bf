/**
 * The PII canary's Lambda, deployed twice with one bundle: `PII_CANARY_TASK=plant` writes a fresh
 * canary record where the gateway's inference logs land; `PII_CANARY_TASK=check` compares the judge
 * payloads with the planted values and publishes the figures. Each runs on its own schedule, with
 * a role that allows its job only.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { CloudWatchCanaryMetrics } from "./adapters/cloudwatch-metrics";
import { S3CanaryStore } from "./adapters/s3-canary-store";
import { check } from "./check";
import { PII_CANARY_SERVICE_NAME } from "../../contracts/pii-canary";
import { loadConfig } from "./config";
import { plant } from "./plant";

const logger = new Logger({ serviceName: PII_CANARY_SERVICE_NAME });
// Fails the cold start with a ConfigError naming the variable.
const config = loadConfig();
const store = new S3CanaryStore(new S3Client({}), { canaryBucket: config.canaryBucket, ...(config.logBucket ? { logBucket: config.logBucket } : {}) });
const metrics = new CloudWatchCanaryMetrics(new CloudWatchClient({}), config.evaluatorName);

export async function handler(): Promise<{ task: string; runId?: string; leaks?: number; missing?: number; evaluated?: number }> {
  const now = new Date();
  if (config.task === "plant") {
    const runId = await plant(store, config, now);
    logger.info("canary planted", { runId });
    return { task: "plant", runId };
  }
  const report = await check(store, { graceMinutes: config.graceMinutes }, now);
  await metrics.publish(report, now);
  // Run ids, outcomes and kinds: never a planted value.
  logger.info("canary checked", { runs: report.runs, leaks: report.leaks, missing: report.missing, evaluated: report.evaluated });
  return { task: "check", leaks: report.leaks, missing: report.missing, evaluated: report.evaluated };
}
