/**
 * Evaluator Lambda: S3 object-created notifications (through SQS) -> sample -> mask -> judge -> store.
 * Reports partial batch failures; clients are created once per container.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { loadConfig } from "./config";
import { createPorts } from "./dependencies";
import { processBatch } from "./process-batch";
import { startTracing } from "../tracing/provider";

/** Longest the invocation waits for its verdict spans to be exported after the batch. */
const TRACE_FLUSH_BUDGET_MS = 2_000;

const logger = new Logger({ serviceName: "llm-evaluator" });
// Fails the cold start with a ConfigError (or TracingConfigError) naming the variable, before any record is touched.
const config = loadConfig();
const tracing = startTracing(process.env, "llm-evaluator", "llm-evaluator");
const ports = { ...createPorts(config), ...(tracing.tracer ? { tracer: tracing.tracer } : {}) };

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const response = await processBatch(event, config, ports, logger);
  await tracing.flush(Date.now() + TRACE_FLUSH_BUDGET_MS);
  return response;
}
