/**
 * Evaluator Lambda: S3 object-created notifications (through SQS) -> sample -> mask -> judge -> store.
 * Reports partial batch failures; clients are created once per container.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { loadConfig } from "./config";
import { createPorts } from "./dependencies";
import { processBatch } from "./process-batch";

const logger = new Logger({ serviceName: "llm-evaluator" });
// Fails the cold start with a ConfigError naming the variable, before any record is touched.
const config = loadConfig();
const ports = createPorts(config);

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return processBatch(event, config, ports, logger);
}
