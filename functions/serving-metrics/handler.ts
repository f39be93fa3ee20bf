/**
 * The serving-metrics bridge's Lambda, run every minute by EventBridge Scheduler: queries SageMaker
 * AI's detailed serving metrics with PromQL for each configured endpoint and writes them as EMF
 * lines (namespace `LLMInference/Serving`), which CloudWatch alarms and the in-Region dashboard read.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { PromqlClient } from "./adapters/promql-client";
import { runBridge } from "./bridge";
import { loadConfig } from "./config";
import { emfDocuments } from "./emf";
import { BridgeRunFailedError } from "./errors";

const logger = new Logger({ serviceName: "llm-serving-metrics" });
// Fails the cold start with a ConfigError naming the variable.
const config = loadConfig();
const client = new PromqlClient({ url: config.promqlUrl, region: config.region });

export interface BridgeResult {
  readonly published: number;
  readonly empty: number;
  readonly failed: number;
}

export async function handler(): Promise<BridgeResult> {
  const run = await runBridge(client, config.endpointNames, new Date());
  // EMF goes to stdout as one line per document: Lambda ships it to the function's log group.
  for (const document of emfDocuments(run)) process.stdout.write(`${JSON.stringify(document)}\n`);
  for (const failure of run.failures) logger.warn("serving query failed", { ...failure });
  if (run.empty.length > 0) logger.info("serving queries with no series", { series: run.empty.map((e) => `${e.endpointName}/${e.series}`) });
  if (run.queries > 0 && run.failures.length === run.queries) {
    throw new BridgeRunFailedError(`all ${run.queries} PromQL queries failed; first: ${run.failures[0]?.error}`);
  }
  return { published: run.datums.length, empty: run.empty.length, failed: run.failures.length };
}
