/**
 * Phase 4 of a run: the workload, open loop (each request leaves at its planned time whatever the
 * others do), through the gateway as API Gateway invokes it, with a progress line and an SQS
 * queue-depth sample about once a second.
 */
import type { APIGatewayProxyResult } from "aws-lambda";
import type { GatewayAuthConfig } from "../../config/sections/gateway";
import { asCaller, callerOf } from "../workload/caller-identity";
import { apiGatewayEvent, type PlannedRequest, planWorkload } from "../workload/workload";
import { type RunContext, sleep } from "./context";
import type { EventSources } from "./event-sources";
import type { LocalFunctions } from "./local-functions";
import type { LocalServices } from "./local-services";

/** One gateway request as the client saw it. */
export interface ClientResult {
  readonly planned: PlannedRequest;
  readonly statusCode: number;
  readonly requestId?: string;
  readonly latencyMs: number;
  /** When the response reached the client (ms since the epoch). */
  readonly at: number;
}

export interface Traffic {
  readonly planned: readonly PlannedRequest[];
  readonly clients: readonly ClientResult[];
  /** When the first request was sent. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Samples the queues' depths into the metric store now (the drain samples once more at its end). */
  readonly sampleQueues: () => void;
  /** Stops the progress line. */
  readonly stopProgress: () => void;
}

/** SQS queue depth as CloudWatch would sample it (AWS/SQS ApproximateNumberOfMessagesVisible). */
function queueSampler({ stack }: RunContext, services: LocalServices, functions: LocalFunctions): () => void {
  return () => {
    const t = Date.now();
    const depth = { QueueName: stack.notificationQueue.deadLetterQueueName };
    functions.metrics.add("AWS/SQS", "ApproximateNumberOfMessagesVisible", depth, t, services.deadLetterQueue.depth);
    functions.metrics.add(
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      { QueueName: stack.failedRecordsQueueName },
      t,
      services.sqs.queueUrls.filter((url) => url.endsWith(`/${stack.failedRecordsQueueName}`)).length,
    );
  };
}

/** Sends one request at its time; its outcome joins `clients` when it settles. */
function send(functions: LocalFunctions, request: PlannedRequest, clients: ClientResult[], auth: GatewayAuthConfig): Promise<void> {
  const began = Date.now();
  const event = asCaller(apiGatewayEvent(request, "v1"), callerOf(request.useCase, auth, request.index % 97));
  return functions.gateway.invoke<APIGatewayProxyResult>(event).then(
    (result) => {
      clients.push({
        planned: request,
        statusCode: result.statusCode,
        requestId: String(result.headers?.["x-request-id"] ?? ""),
        latencyMs: Date.now() - began,
        at: Date.now(),
      });
    },
    () => {
      clients.push({ planned: request, statusCode: 502, latencyMs: Date.now() - began, at: Date.now() });
    },
  );
}

export async function sendTraffic(context: RunContext, services: LocalServices, functions: LocalFunctions, sources: EventSources): Promise<Traffic> {
  const { settings, stack, resources, checkAbort, onProgress } = context;
  const env = stack.environment;
  const planned = planWorkload(
    {
      requests: settings.requests,
      durationMs: settings.durationMs,
      seed: settings.seed,
      useCases: env.gateway.useCases,
      requestTypes: env.gateway.requestTypes,
    },
    env.gateway.guardrailMaxPromptChars,
  );
  const startedAt = Date.now();
  services.endpoint.setStart(startedAt);
  const clients: ClientResult[] = [];
  const inFlight = new Set<Promise<void>>();
  const sampleQueues = queueSampler(context, services, functions);
  const progressTimer = setInterval(() => {
    sampleQueues();
    const elapsed = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(3);
    const evaluated = functions.evaluatorLogs.filter((l) => l.message === "object evaluated").length;
    onProgress?.(
      `[${elapsed} s] requests ${String(clients.length).padStart(String(settings.requests).length)}/${settings.requests} (in flight ${String(inFlight.size).padStart(3)})` +
        ` | in S3 ${sources.delivery.linesDelivered} | evaluator objects ${evaluated}/${sources.delivery.objects.length}` +
        ` | judged ${services.judge.calls} | published ${sources.publisherSource.delivered}`,
    );
  }, 1_000);
  resources.add("progress", progressTimer, async (t) => clearInterval(t));

  for (const request of planned) {
    const wait = startedAt + request.atMs - Date.now();
    if (wait > 0) await sleep(wait);
    checkAbort();
    const task = send(functions, request, clients, env.gateway.auth).finally(() => inFlight.delete(task));
    inFlight.add(task);
  }
  while (inFlight.size > 0) {
    checkAbort();
    await Promise.race([...inFlight, sleep(250)]);
  }
  return { planned, clients, startedAt, endedAt: Date.now(), sampleQueues, stopProgress: () => clearInterval(progressTimer) };
}
