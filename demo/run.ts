/**
 * Runs the whole pipeline on embedded services: the real gateway, evaluator and quality publisher
 * handlers, invoked as AWS invokes them (API Gateway proxy events, S3 notifications through an SQS
 * event source mapping, DynamoDB stream records), against dynalite, s3rver and the project's wire
 * stubs, with the configuration the environment's AWS stack deploys.
 */
import * as path from "node:path";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyResult, DynamoDBBatchResponse, SQSBatchResponse } from "aws-lambda";
import { BedrockStub } from "../testing/wire/bedrock-stub";
import { CloudWatchStub, type PutMetricDataCall } from "../testing/wire/cloudwatch-stub";
import { ComprehendStub } from "../testing/wire/comprehend-stub";
import { startFirehoseStub } from "../testing/wire/firehose-stub";
import { awsJsonError } from "../testing/wire/http-stub";
import { startDynalite, startS3rver, type LocalServer } from "../testing/local-aws";
import { SqsStub } from "../testing/wire/sqs-stub";
import { DynamoDbStreamEventSource, DynamoDbStreamTap } from "../testing/aws/dynamodb-stream";
import { FirehoseDelivery } from "../testing/aws/firehose-delivery";
import { MetricStore } from "../testing/aws/metric-store";
import { LocalQueue, SqsEventSource } from "../testing/aws/sqs-event-source";
import { LocalFunction } from "../testing/lambda/local-function";
import { SimulatedJudge } from "./model/simulated-judge";
import { EndpointThread } from "./model/endpoint-thread";
import type { InvocationRecord } from "./model/simulated-model";
import { buildPlatform, type DemoPlatform, loadDemoEnvironment } from "./platform";
import { Random } from "../testing/random";
import { startOtlpReceiver, type ReceivedSpan } from "../testing/wire/otlp-receiver";
import { ALL_NAMES, findPlanted } from "./workload/pii";
import { apiGatewayEvent, type PlannedRequest, planWorkload } from "./workload/workload";

export const ROOT = path.resolve(__dirname, "..");

export interface DemoOptions {
  /** Requests sent through the gateway. */
  readonly requests: number;
  /** How long the traffic lasts, ms. */
  readonly durationMs: number;
  readonly seed: string;
  /** `<business-line>/<stage>` of an environment file; the demo's own environment when absent. */
  readonly environment?: string;
  /** Share of judge (Bedrock Converse) calls throttled. */
  readonly judgeThrottleRate: number;
  /** Share of Comprehend DetectPiiEntities calls failing with InternalServerException. */
  readonly comprehendErrorRate: number;
  /** Share of inference-log lines truncated on the way to S3. */
  readonly malformedRate: number;
  /** Firehose buffering interval in the demo (the stack's is minutes), ms. */
  readonly firehoseIntervalMs: number;
  /** The notification queue's visibility timeout in the demo (the stack's is 90 minutes), ms. */
  readonly visibilityTimeoutMs: number;
  /** Gateway execution environments (worker threads; each SDK client keeps at most 50 sockets). */
  readonly gatewayInstances: number;
  /** Gateway deadline in the demo, ms (the stack's is 27 s, longer than a short run). */
  readonly invokeTimeoutMs: number;
  /** Called about once a second with a progress line. */
  readonly onProgress?: (line: string) => void;
  /** Aborts the run (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export const DEFAULT_OPTIONS: Omit<DemoOptions, "onProgress" | "signal"> = {
  requests: 2000,
  durationMs: 25_000,
  seed: "llmobs",
  judgeThrottleRate: 0.05,
  comprehendErrorRate: 0.02,
  malformedRate: 0.01,
  firehoseIntervalMs: 2_000,
  visibilityTimeoutMs: 1_500,
  gatewayInstances: 4,
  invokeTimeoutMs: 6_000,
};

/** One gateway request as the client saw it. */
export interface ClientResult {
  readonly planned: PlannedRequest;
  readonly statusCode: number;
  readonly requestId?: string;
  readonly latencyMs: number;
}

/** One evaluator per-object count line (its log), as the last successful attempt wrote it. */
export interface ObjectCounts {
  readonly key: string;
  readonly records: number;
  readonly scored: number;
  readonly sampledOut: number;
  readonly skipped: number;
  readonly deadLettered: number;
  readonly duplicates: number;
}

export interface Accounting {
  readonly requests: number;
  /** Inference records in S3: distinct request ids over the lines Firehose delivered. */
  readonly records: number;
  /** Lines delivered (a record delivered twice by Firehose is two lines). */
  readonly lines: number;
  /** Objects whose evaluator count line breaks records = scored + sampled out + skipped + dead-lettered + duplicates. */
  readonly passInvariantBroken: number;
  readonly malformedWritten: number;
  readonly scored: number;
  readonly sampledOut: number;
  readonly skipped: number;
  readonly deadLettered: number;
  /** Of the dead-lettered: pointers in the failed-records queue, by reason. */
  readonly deadLetterReasons: Readonly<Record<string, number>>;
  /** Records of objects whose notification ended in the notification queue's dead-letter queue. */
  readonly deadLetteredWithObject: number;
  readonly lost: number;
  readonly duplicatesSeen: number;
  readonly logDeliveryFailures: number;
  /** Requests whose inference-log record never reached S3 (the gateway gave up on Firehose). */
  readonly notDelivered: number;
}

export interface DemoResult {
  readonly options: Omit<DemoOptions, "onProgress" | "signal">;
  readonly platform: DemoPlatform;
  /** When the run began (before building the stack and starting the services). */
  readonly launchedAt: number;
  /** When the first request was sent. */
  readonly startedAt: number;
  readonly trafficEndedAt: number;
  readonly finishedAt: number;
  readonly clients: readonly ClientResult[];
  readonly metrics: MetricStore;
  /** Gateway log lines (EMF documents and Powertools lines), parsed. */
  readonly gatewayLogs: readonly Record<string, unknown>[];
  readonly evaluatorLogs: readonly Record<string, unknown>[];
  readonly publisherLogs: readonly Record<string, unknown>[];
  readonly scores: readonly Record<string, unknown>[];
  readonly deadLetters: readonly Record<string, unknown>[];
  readonly accounting: Accounting;
  /** What the simulated endpoint served, as SageMaker's own metrics count it. */
  readonly invocations: readonly InvocationRecord[];
  readonly judge: SimulatedJudge;
  readonly comprehendCalls: number;
  readonly comprehendFailures: number;
  readonly objects: FirehoseDelivery["objects"];
  readonly publisher: { readonly invocations: number; readonly delivered: number; readonly failedRecords: number; readonly filteredOut: number };
  readonly evaluator: {
    readonly invocations: number;
    readonly failedInvocations: number;
    readonly notificationsDeadLettered: number;
    readonly coldStarts: number;
  };
  /** Raw PII values the workload planted that were found in text sent to the judge (should be 0). */
  readonly piiLeaks: readonly string[];
  readonly plantedPii: number;
  /** Spans the gateway and the evaluator exported to the in-process OTLP receiver (the X-Ray stand-in). */
  readonly spans: readonly ReceivedSpan[];
}

/** s3rver checks signatures against its one key pair; the other local servers accept any. */
const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Stops everything started, in reverse order, even when one stop fails. */
class Resources {
  private readonly stops: { name: string; stop: () => Promise<unknown> }[] = [];

  public add<T>(name: string, value: T, stop: (value: T) => Promise<unknown>): T {
    this.stops.push({ name, stop: () => stop(value) });
    return value;
  }

  public async stopAll(): Promise<string[]> {
    const problems: string[] = [];
    for (const { name, stop } of this.stops.splice(0).reverse()) {
      try {
        await Promise.race([stop(), sleep(5_000).then(() => Promise.reject(new Error("did not stop within 5 s")))]);
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    return problems;
  }
}

export class DemoAborted extends Error {
  public override readonly name = "DemoAborted";
}

async function createTable(endpoint: string, region: string, tableName: string, hashKey: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: hashKey, AttributeType: "S" }],
        KeySchema: [{ AttributeName: hashKey, KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === "ACTIVE") return;
      await sleep(20);
    }
  } finally {
    client.destroy();
  }
}

/** The S3 notification S3 itself sends for a created object (s3rver's, with the key URL-encoded and the region set as S3 does). */
function s3Notification(event: { Records: Record<string, any>[] }, region: string): string {
  return JSON.stringify({
    Records: event.Records.map((record) => ({
      ...record,
      awsRegion: region,
      s3: { ...record.s3, object: { ...record.s3.object, key: encodeURIComponent(String(record.s3.object.key)).replace(/%2F/g, "/").replace(/%20/g, "+") } },
    })),
  });
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { onProgress, signal, ...settings } = options;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const resources = new Resources();
  const checkAbort = (): void => {
    if (signal?.aborted) throw new DemoAborted("interrupted");
  };
  try {
    return await run(settings, resources, checkAbort, onProgress, signal);
  } finally {
    const problems = await resources.stopAll();
    for (const problem of problems) onProgress?.(`cleanup: ${problem}`);
  }
}

async function run(
  settings: Omit<DemoOptions, "onProgress" | "signal">,
  resources: Resources,
  checkAbort: () => void,
  onProgress: ((line: string) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<DemoResult> {
  const launchedAt = Date.now();
  const platform = buildPlatform(loadDemoEnvironment(settings.environment, ROOT));
  const env = platform.environment;
  const region = env.region;
  checkAbort();

  // Local AWS: dynalite behind the stream tap, s3rver (its events feed the notification queue), stubs.
  const dynalite = resources.add("dynalite", await startDynalite(), (s: LocalServer) => s.stop());
  const tap = resources.add(
    "dynamodb stream tap",
    new DynamoDbStreamTap({
      target: dynalite.url,
      region,
      accountId: env.accountId,
      keyAttributes: { [platform.scoresTable.name]: [platform.scoresTable.hashKey] },
    }),
    (t) => t.stop(),
  );
  await tap.start();
  await createTable(dynalite.url, region, platform.scoresTable.name, platform.scoresTable.hashKey);

  const deadLetterQueue = new LocalQueue({
    name: platform.notificationQueue.deadLetterQueueName,
    arn: `arn:aws:sqs:${region}:${env.accountId}:${platform.notificationQueue.deadLetterQueueName}`,
    visibilityTimeoutMs: 30_000,
  });
  const notificationQueue = new LocalQueue({
    name: platform.notificationQueue.name,
    arn: `arn:aws:sqs:${region}:${env.accountId}:${platform.notificationQueue.name}`,
    visibilityTimeoutMs: settings.visibilityTimeoutMs,
    maxReceiveCount: platform.notificationQueue.maxReceiveCount,
    deadLetterQueue,
  });
  const bucket = platform.inferenceLogBucket.name;
  const s3 = resources.add(
    "s3rver",
    await startS3rver([bucket], {
      onEvent: (event) => {
        const record = event.Records[0];
        const key = String(record?.s3?.object?.key ?? "");
        if (
          String(record?.eventName).startsWith("ObjectCreated:") &&
          platform.inferenceLogBucket.notificationPrefixes.some((prefix) => key.startsWith(prefix))
        ) {
          notificationQueue.send(s3Notification(event, region));
        }
      },
    }),
    (s: LocalServer) => s.stop(),
  );

  const judge = new SimulatedJudge({ seed: settings.seed, throttleRate: settings.judgeThrottleRate });
  const bedrock = resources.add("bedrock stub", new BedrockStub(), (s) => s.stop());
  bedrock.reply = (call, index) => judge.reply(call, index);
  await bedrock.start();
  const comprehend = resources.add("comprehend stub", new ComprehendStub(), (s) => s.stop());
  comprehend.names = [...ALL_NAMES];
  comprehend.latencyMs = 25;
  let comprehendFailures = 0;
  comprehend.failCall = (index) => {
    if (!Random.for(settings.seed, "comprehend", index).chance(settings.comprehendErrorRate)) return undefined;
    comprehendFailures += 1;
    return awsJsonError(500, "InternalServerException", "stub: internal server error");
  };
  await comprehend.start();
  const sqs = resources.add("sqs stub", new SqsStub(), (s) => s.stop());
  await sqs.start();
  const cloudwatch = resources.add("cloudwatch stub", new CloudWatchStub(), (s) => s.stop());
  await cloudwatch.start();
  const firehose = resources.add("firehose stub", await startFirehoseStub(), (s) => s.close());
  const traces = resources.add("otlp receiver", await startOtlpReceiver(), (r) => r.close());
  const endpoint = resources.add(
    "simulated endpoint",
    await EndpointThread.start({
      seed: settings.seed,
      startedAt: Date.now(),
      durationMs: settings.durationMs,
      invokeTimeoutMs: settings.invokeTimeoutMs,
      // Decoding slots over the instances the endpoint runs (the autoscaling minimum when it scales).
      maxRollingBatchSize: env.model.maxRollingBatchSize * Math.max(1, env.model.autoscaling?.minInstances ?? env.model.instanceCount),
      prefixCaching: env.model.prefixCaching,
    }),
    (e) => e.stop(),
  );
  checkAbort();

  // What every function's SDK clients see: dummy credentials, the region, the local endpoints.
  const awsEnvironment = (functionName: string, memorySize: number): Record<string, string> => ({
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
    AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
    // Lambda runs Node.js 22; on this machine's Node.js 20 the SDK would print a version warning per function.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_DYNAMODB: tap.url,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
    AWS_ENDPOINT_URL_COMPREHEND: comprehend.url,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch.url,
    AWS_ENDPOINT_URL_FIREHOSE: firehose.url,
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoint.url,
  });
  // References to other resources become the local names and URLs.
  const failedRecordsUrl = `${sqs.url}/${env.accountId}/${platform.failedRecordsQueueName}`;
  const localValue = (name: string, value: string): string => {
    if (!value.includes("${")) return value;
    if (name === "INFERENCE_LOG_STREAM_NAME") return platform.firehose.name;
    if (name === "SCORES_TABLE_NAME") return platform.scoresTable.name;
    if (name === "FAILED_RECORDS_QUEUE_URL") return failedRecordsUrl;
    throw new Error(`no local value for ${name}=${value}`);
  };
  // The stack's trace exporters (X-Ray, and the bank's endpoint when set) become the in-process receiver.
  const tracingEnvironment = (fn: DemoPlatform["functions"]["gateway"]): Record<string, string> =>
    fn.environment.OTEL_TRACES_EXPORTER ? { OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${traces.url}/v1/traces` } : {};
  const functionEnvironment = (fn: DemoPlatform["functions"]["gateway"], overrides: Record<string, string> = {}): Record<string, string> => ({
    ...Object.fromEntries(Object.entries(fn.environment).map(([name, value]) => [name, localValue(name, value)])),
    ...awsEnvironment(fn.functionName, fn.memorySize),
    ...tracingEnvironment(fn),
    ...overrides,
  });

  const metrics = new MetricStore();
  const gatewayLogs: Record<string, unknown>[] = [];
  const evaluatorLogs: Record<string, unknown>[] = [];
  const publisherLogs: Record<string, unknown>[] = [];
  const handlerPath = (name: string): string => path.join(ROOT, "functions", name, "handler.ts");

  const [gateway, evaluator, publisher] = await Promise.all([
    LocalFunction.start({
      name: "gateway",
      handlerModule: handlerPath("gateway"),
      environment: functionEnvironment(platform.functions.gateway, { INVOKE_TIMEOUT_MS: String(settings.invokeTimeoutMs) }),
      instances: settings.gatewayInstances,
      onLogLine: (line) => {
        const emf = metrics.ingestEmfLine(line);
        const doc = emf ?? parseJsonLine(line);
        if (doc) gatewayLogs.push(doc);
      },
    }),
    LocalFunction.start({
      name: "evaluator",
      handlerModule: handlerPath("evaluator"),
      environment: functionEnvironment(platform.functions.evaluator),
      // One execution environment per concurrent invocation, as Lambda runs them: each has its own
      // SDK clients (and so its own adaptive retry rate limiter for the judge).
      instances: platform.evaluatorSource.maxConcurrency,
      initialInstances: 1,
      maxConcurrency: platform.evaluatorSource.maxConcurrency,
      onLogLine: (line) => {
        const doc = parseJsonLine(line);
        if (doc) evaluatorLogs.push(doc);
      },
    }),
    LocalFunction.start({
      name: "quality-publisher",
      handlerModule: handlerPath("quality-publisher"),
      environment: functionEnvironment(platform.functions.publisher),
      maxConcurrency: platform.functions.publisher.reservedConcurrency,
      onLogLine: (line) => {
        const doc = parseJsonLine(line);
        if (doc) publisherLogs.push(doc);
      },
    }),
  ]);
  resources.add("gateway", gateway, (f) => f.stop());
  resources.add("evaluator", evaluator, (f) => f.stop());
  resources.add("quality publisher", publisher, (f) => f.stop());
  checkAbort();

  // Event sources and Firehose's delivery side.
  const s3Client = resources.add(
    "s3 client",
    new S3Client({ region, endpoint: s3.url, forcePathStyle: true, credentials: LOCAL_CREDENTIALS, requestChecksumCalculation: "WHEN_REQUIRED" }),
    async (c) => c.destroy(),
  );
  const delivery = resources.add(
    "firehose delivery",
    new FirehoseDelivery({
      stub: firehose,
      s3: s3Client,
      streamName: platform.firehose.name,
      bucket,
      prefix: platform.firehose.prefix,
      bufferIntervalMs: settings.firehoseIntervalMs,
      bufferSizeBytes: platform.firehose.bufferingSizeMb * 1024 * 1024,
      compression: platform.firehose.compression,
      malformedRate: settings.malformedRate,
      seed: settings.seed,
    }),
    (d) => d.stop(),
  );
  const evaluatorSource = resources.add(
    "evaluator event source",
    new SqsEventSource({
      queue: notificationQueue,
      region,
      batchSize: platform.evaluatorSource.batchSize,
      maxConcurrency: platform.evaluatorSource.maxConcurrency,
      reportBatchItemFailures: platform.evaluatorSource.reportBatchItemFailures,
      invoke: (event) => evaluator.invoke<SQSBatchResponse>(event),
    }),
    (s) => s.stop(),
  );
  const publisherSource = resources.add(
    "publisher event source",
    new DynamoDbStreamEventSource({
      tap,
      batchSize: platform.publisherSource.batchSize,
      batchingWindowMs: Math.min(platform.publisherSource.batchingWindowSeconds * 1000, 1_000),
      ...(platform.publisherSource.eventNames ? { eventNames: platform.publisherSource.eventNames } : {}),
      maxRetryAttempts: platform.publisherSource.maxRetryAttempts,
      invoke: (event) => publisher.invoke<DynamoDBBatchResponse>(event),
    }),
    (s) => s.stop(),
  );
  delivery.start();
  evaluatorSource.start();
  publisherSource.start();

  // The workload, open loop: each request leaves at its planned time whatever the others do.
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
  const trafficStart = Date.now();
  endpoint.setStart(trafficStart);
  const clients: ClientResult[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;

  // SQS queue depth as CloudWatch would sample it (AWS/SQS ApproximateNumberOfMessagesVisible).
  const sampleQueues = (): void => {
    const t = Date.now();
    metrics.add("AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: platform.notificationQueue.deadLetterQueueName }, t, deadLetterQueue.depth);
    metrics.add("AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: platform.failedRecordsQueueName }, t, sqs.requests.length);
  };
  const progressTimer = setInterval(() => {
    sampleQueues();
    const elapsed = ((Date.now() - trafficStart) / 1000).toFixed(0).padStart(3);
    onProgress?.(
      `[${elapsed} s] requests ${String(clients.length).padStart(String(settings.requests).length)}/${settings.requests} (in flight ${String(inFlight.size).padStart(3)})` +
        ` | in S3 ${delivery.linesDelivered} | evaluator objects ${evaluatorLogs.filter((l) => l.message === "object evaluated").length}/${delivery.objects.length}` +
        ` | judged ${judge.calls} | published ${publisherSource.delivered}`,
    );
  }, 1_000);
  resources.add("progress", progressTimer, async (t) => clearInterval(t));

  for (const request of planned) {
    const wait = trafficStart + request.atMs - Date.now();
    if (wait > 0) await sleep(wait);
    checkAbort();
    sent += 1;
    const began = Date.now();
    const task = gateway
      .invoke<APIGatewayProxyResult>(apiGatewayEvent(request, "v1"))
      .then(
        (result) => {
          clients.push({
            planned: request,
            statusCode: result.statusCode,
            requestId: String(result.headers?.["x-request-id"] ?? ""),
            latencyMs: Date.now() - began,
          });
        },
        () => {
          clients.push({ planned: request, statusCode: 502, latencyMs: Date.now() - began });
        },
      )
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  }
  while (inFlight.size > 0) {
    checkAbort();
    await Promise.race([...inFlight, sleep(250)]);
  }
  const trafficEndedAt = Date.now();

  // Drain: Firehose flushes, the evaluator works through the queue, the stream reaches the publisher.
  const drainDeadline = Date.now() + 45_000;
  await delivery.drain();
  while (Date.now() < drainDeadline) {
    checkAbort();
    if (delivery.pending === 0 && notificationQueue.depth === 0 && evaluatorSource.idle && publisherSource.caughtUp) break;
    if (notificationQueue.depth === 0 && evaluatorSource.idle) await publisherSource.drain(2_000);
    await sleep(100);
  }
  await publisherSource.drain(5_000);
  sampleQueues();
  clearInterval(progressTimer);
  signal?.throwIfAborted?.();

  // What the stores hold now.
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region, endpoint: dynalite.url, credentials: LOCAL_CREDENTIALS }));
  const scores: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new ScanCommand({ TableName: platform.scoresTable.name, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    scores.push(...((page.Items ?? []) as Record<string, unknown>[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  documentClient.destroy();
  for (const call of cloudwatch.calls as PutMetricDataCall[]) metrics.ingestPutMetricData(call.Namespace, call.MetricData as never);
  const invocations = await endpoint.invocations();
  for (const invocation of invocations) {
    const dims = { EndpointName: platform.dashboardInput.model.endpointName, VariantName: platform.dashboardInput.model.variantName };
    metrics.add("AWS/SageMaker", "Invocations", dims, invocation.at, 1);
    metrics.add("AWS/SageMaker", "Invocation4XXErrors", dims, invocation.at, invocation.outcome === "throttled" ? 1 : 0);
    metrics.add("AWS/SageMaker", "Invocation5XXErrors", dims, invocation.at, invocation.outcome === "model_error" ? 1 : 0);
    if (invocation.outcome !== "throttled" && invocation.outcome !== "model_error")
      metrics.add("AWS/SageMaker", "ModelLatency", dims, invocation.at, invocation.modelLatencyUs);
  }
  const deadLetters = sqs.messages;

  const accounting = account({
    requests: settings.requests,
    objects: delivery.objects,
    evaluatorLogs,
    scores,
    deadLetters,
    objectsInDeadLetterQueue: deadLetterQueue
      .bodies()
      .flatMap((body) =>
        (JSON.parse(body) as { Records: { s3: { object: { key: string } } }[] }).Records.map((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, " "))),
      ),
    logDeliveryFailures: firehose.attempts.length - firehose.records.length,
    requestIds: clients.map((c) => c.requestId ?? ""),
  });

  // Did any planted client data reach the judge? Every value shaped like one the workload plants
  // (names, CPF, CNPJ, cards, accounts, e-mails, phones) in the judge's input, looked up among them.
  const planted = planned.flatMap((p) => p.planted);
  const piiLeaks = findPlanted(
    judge.received,
    planted.map((p) => p.value),
  );

  return {
    options: settings,
    platform,
    launchedAt,
    startedAt: trafficStart,
    trafficEndedAt,
    finishedAt: Date.now(),
    clients,
    metrics,
    gatewayLogs,
    evaluatorLogs,
    publisherLogs,
    scores,
    deadLetters,
    accounting,
    invocations,
    judge,
    comprehendCalls: comprehend.requests.length,
    comprehendFailures,
    objects: delivery.objects,
    publisher: {
      invocations: publisherSource.invocations,
      delivered: publisherSource.delivered,
      failedRecords: publisherSource.failedRecords.length,
      filteredOut: publisherSource.filteredOut,
    },
    evaluator: {
      invocations: evaluatorSource.invocations,
      failedInvocations: evaluatorSource.failedInvocations,
      notificationsDeadLettered: deadLetterQueue.depth,
      coldStarts: 1 + evaluator.coldStarts,
    },
    piiLeaks,
    plantedPii: planted.length,
    spans: [...traces.spans],
  };
}

interface AccountInput {
  readonly requests: number;
  readonly objects: FirehoseDelivery["objects"];
  readonly evaluatorLogs: readonly Record<string, unknown>[];
  readonly scores: readonly Record<string, unknown>[];
  readonly deadLetters: readonly Record<string, unknown>[];
  readonly objectsInDeadLetterQueue: readonly string[];
  readonly logDeliveryFailures: number;
  /** The gateway's request ids (from its responses). */
  readonly requestIds: readonly string[];
}

/**
 * The count invariant per inference record (a request id; Firehose delivers at least once, so a
 * record can arrive as more than one line), from what the stores hold rather than from the
 * evaluator's word alone: scored = a score item in DynamoDB; dead-lettered = a pointer to one of
 * its lines in the failed-records queue, or its object's notification in the notification
 * dead-letter queue; sampled out or skipped = read in an object the evaluator finished (the split
 * between the two is the evaluator's per-object counts); lost = none of these.
 */
export function account(input: AccountInput): Accounting {
  const lastPass = new Map<string, ObjectCounts>();
  let duplicatesSeen = 0;
  let passInvariantBroken = 0;
  for (const log of input.evaluatorLogs) {
    if (log.message !== "object evaluated" || typeof log.key !== "string") continue;
    const counts: ObjectCounts = {
      key: log.key,
      records: Number(log.records ?? 0),
      scored: Number(log.scored ?? 0),
      sampledOut: Number(log.sampledOut ?? 0),
      skipped: Number(log.skipped ?? 0),
      deadLettered: Number(log.deadLettered ?? 0),
      duplicates: Number(log.duplicates ?? 0),
    };
    if (counts.records !== counts.scored + counts.sampledOut + counts.skipped + counts.deadLettered + counts.duplicates) passInvariantBroken += 1;
    duplicatesSeen += counts.duplicates;
    lastPass.set(log.key, counts);
  }
  // Where each record's lines are.
  const objectsOf = new Map<string, Set<string>>();
  const byKey = new Map(input.objects.map((o) => [o.key, o]));
  let lines = 0;
  for (const object of input.objects) {
    object.requestIds.forEach((id, i) => {
      const recordId = id || `${object.key}#${i + 1}`;
      lines += 1;
      const set = objectsOf.get(recordId) ?? new Set<string>();
      set.add(object.key);
      objectsOf.set(recordId, set);
    });
  }
  const scoredIds = new Set(input.scores.map((s) => String(s.eventId)));
  // Failed-record pointers, each resolved to the record of the line it points at.
  const pointerReason = new Map<string, string>();
  for (const pointer of input.deadLetters) {
    const object = byKey.get(String(pointer.key));
    const line = Number(pointer.lineNumber);
    const id = (object?.requestIds[line - 1] || undefined) ?? (typeof pointer.eventId === "string" ? pointer.eventId : `${pointer.key}#${line}`);
    if (!pointerReason.has(id)) pointerReason.set(id, String(pointer.reason));
  }
  const reasons: Record<string, number> = {};
  let scored = 0;
  let deadLettered = 0;
  let withObject = 0;
  let readAndLeft = 0;
  let lost = 0;
  for (const [id, keys] of objectsOf) {
    if (scoredIds.has(id)) {
      scored += 1;
    } else if (pointerReason.has(id)) {
      deadLettered += 1;
      reasons[pointerReason.get(id)!] = (reasons[pointerReason.get(id)!] ?? 0) + 1;
    } else if ([...keys].some((key) => lastPass.has(key))) {
      readAndLeft += 1;
    } else if ([...keys].some((key) => input.objectsInDeadLetterQueue.includes(key))) {
      deadLettered += 1;
      withObject += 1;
    } else {
      lost += 1;
    }
  }
  // Records read and deliberately left unscored, split as the evaluator counted them.
  const skippedLines = [...lastPass.values()].reduce((n, c) => n + c.skipped, 0);
  const skipped = Math.min(skippedLines, readAndLeft);
  return {
    requests: input.requests,
    records: objectsOf.size,
    lines,
    malformedWritten: input.objects.reduce((n, o) => n + o.malformed, 0),
    scored,
    sampledOut: readAndLeft - skipped,
    skipped,
    deadLettered,
    deadLetterReasons: reasons,
    deadLetteredWithObject: withObject,
    lost,
    duplicatesSeen,
    passInvariantBroken,
    logDeliveryFailures: input.logDeliveryFailures,
    notDelivered: input.requestIds.filter((id) => id !== "" && !objectsOf.has(id)).length,
  };
}

/** The line pipelines read, exactly as the issue gives it. */
export function invariantLine(a: Accounting): string {
  return `demo: requests ${a.requests} records ${a.records} scored ${a.scored} sampled-out ${a.sampledOut} skipped ${a.skipped} dead-lettered ${a.deadLettered} lost ${a.lost}`;
}
