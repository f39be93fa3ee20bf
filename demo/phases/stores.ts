/**
 * Phases 5 and 6 of a run: drain the pipeline (Firehose flushes, the evaluator works through the
 * notification queue, the stream reaches the publisher), then read what the stores hold: the
 * scores table, what the publisher sent to CloudWatch, and SageMaker's own invocation metrics of
 * what the simulated endpoint served.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { PutMetricDataCall } from "../../testing/wire/cloudwatch-stub";
import type { InvocationRecord } from "../model/simulated-model";
import { LOCAL_CREDENTIALS, type RunContext, sleep } from "./context";
import type { EventSources } from "./event-sources";
import type { LocalFunctions } from "./local-functions";
import type { LocalServices } from "./local-services";
import type { ClientResult } from "./traffic";

/** Waits until the pipeline is empty, at most 45 s (then reads what arrived). */
export async function drainPipeline({ checkAbort }: RunContext, services: LocalServices, sources: EventSources): Promise<void> {
  const { delivery, evaluatorSource, publisherSource } = sources;
  const deadline = Date.now() + 45_000;
  await delivery.drain();
  while (Date.now() < deadline) {
    checkAbort();
    if (delivery.pending === 0 && services.notificationQueue.depth === 0 && evaluatorSource.idle && publisherSource.caughtUp) break;
    if (services.notificationQueue.depth === 0 && evaluatorSource.idle) await publisherSource.drain(2_000);
    await sleep(100);
  }
  await publisherSource.drain(5_000);
}

async function scanScores({ stack }: RunContext, services: LocalServices): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({ region: stack.environment.region, endpoint: services.dynalite.url, credentials: LOCAL_CREDENTIALS });
  const documentClient = DynamoDBDocumentClient.from(client);
  const scores: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new ScanCommand({ TableName: stack.scoresTable.name, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    scores.push(...((page.Items ?? []) as Record<string, unknown>[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  documentClient.destroy();
  return scores;
}

/** SageMaker's metrics of each invocation the endpoint served, as AWS/SageMaker publishes them. */
function addSageMakerMetrics({ stack }: RunContext, functions: LocalFunctions, invocations: readonly InvocationRecord[]): void {
  const dims = { EndpointName: stack.dashboardInput.model.endpointName, VariantName: stack.dashboardInput.model.variantName };
  for (const invocation of invocations) {
    functions.metrics.add("AWS/SageMaker", "Invocations", dims, invocation.at, 1);
    functions.metrics.add("AWS/SageMaker", "Invocation4XXErrors", dims, invocation.at, invocation.outcome === "throttled" ? 1 : 0);
    functions.metrics.add("AWS/SageMaker", "Invocation5XXErrors", dims, invocation.at, invocation.outcome === "model_error" ? 1 : 0);
    if (invocation.outcome !== "throttled" && invocation.outcome !== "model_error") {
      functions.metrics.add("AWS/SageMaker", "ModelLatency", dims, invocation.at, invocation.modelLatencyUs);
    }
  }
}

/**
 * API Gateway's per-stage metrics of each request, as the client saw it. The demo runs no API
 * Gateway: the stage's answer is the gateway function's (a function that fails answers 502), which
 * is what the availability SLO reads through AWS/ApiGateway in the stack.
 */
function addApiGatewayMetrics({ stack }: RunContext, functions: LocalFunctions, clients: readonly ClientResult[]): void {
  const queries = stack.dashboardInput.slos.flatMap((slo) => slo.sli.queries);
  const stage = queries.find((q) => q.metric.namespace === "AWS/ApiGateway")?.dimensions;
  // The access log's metric filter: a 429 the stage answered (throttling) counts as a failure clients saw.
  const throttled = queries.find((q) => q.metric.name === "ApiThrottled");
  if (!stage) return;
  for (const client of clients) {
    if (throttled) functions.metrics.add(throttled.metric.namespace, "ApiThrottled", throttled.dimensions, client.at, client.statusCode === 429 ? 1 : 0);
    functions.metrics.add("AWS/ApiGateway", "Count", stage, client.at, 1);
    functions.metrics.add("AWS/ApiGateway", "4XXError", stage, client.at, client.statusCode >= 400 && client.statusCode < 500 ? 1 : 0);
    functions.metrics.add("AWS/ApiGateway", "5XXError", stage, client.at, client.statusCode >= 500 ? 1 : 0);
    functions.metrics.add("AWS/ApiGateway", "Latency", stage, client.at, client.latencyMs);
  }
}

export interface StoreContents {
  readonly scores: readonly Record<string, unknown>[];
  readonly invocations: readonly InvocationRecord[];
}

/** Reads the scores table, and fills the metric store with what CloudWatch and SageMaker would hold. */
export async function readStores(
  context: RunContext,
  services: LocalServices,
  functions: LocalFunctions,
  clients: readonly ClientResult[],
): Promise<StoreContents> {
  const scores = await scanScores(context, services);
  for (const call of services.cloudwatch.calls as PutMetricDataCall[]) functions.metrics.ingestPutMetricData(call.Namespace, call.MetricData as never);
  const invocations = await services.endpoint.invocations();
  addSageMakerMetrics(context, functions, invocations);
  addApiGatewayMetrics(context, functions, clients);
  return { scores, invocations };
}
