/**
 * Phase 2 of a run: the platform's three functions (gateway, evaluator, quality publisher), their
 * real handlers in the local Lambda runtime with the environment the stack gives them, pointed at
 * the local services. Their stdout is collected as CloudWatch Logs would: EMF lines become metrics.
 */
import { EVALUATOR_ENV } from "../../contracts/evaluator-environment";
import { GATEWAY_NUMBER_VARIABLES, GATEWAY_VARIABLES } from "../../contracts/gateway-environment";
import { TRACING_VARIABLES } from "../../contracts/tracing-environment";
import * as path from "node:path";
import { MetricStore } from "../../testing/aws/metric-store";
import { LocalFunction } from "../../testing/lambda/local-function";
import type { SynthesizedDemoStack } from "../synthesized-stack";
import type { RunContext } from "./context";
import type { LocalServices } from "./local-services";

export interface LocalFunctions {
  readonly gateway: LocalFunction;
  readonly evaluator: LocalFunction;
  readonly publisher: LocalFunction;
  readonly metrics: MetricStore;
  /** Gateway log lines (EMF documents and Powertools lines), parsed. */
  readonly gatewayLogs: Record<string, unknown>[];
  readonly evaluatorLogs: Record<string, unknown>[];
  readonly publisherLogs: Record<string, unknown>[];
}

function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** What every function's SDK clients see: dummy credentials, the region, the local endpoints. */
function awsEnvironment(region: string, services: LocalServices, functionName: string, memorySize: number): Record<string, string> {
  return {
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
    AWS_ENDPOINT_URL_S3: services.s3.url,
    AWS_ENDPOINT_URL_DYNAMODB: services.tap.url,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: services.bedrock.url,
    AWS_ENDPOINT_URL_COMPREHEND: services.comprehend.url,
    AWS_ENDPOINT_URL_SQS: services.sqs.url,
    AWS_ENDPOINT_URL_CLOUDWATCH: services.cloudwatch.url,
    AWS_ENDPOINT_URL_FIREHOSE: services.firehose.url,
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: services.endpoint.url,
  };
}

/** A function's environment as the stack sets it, its references to other resources made local. */
function functionEnvironment(
  stack: SynthesizedDemoStack,
  services: LocalServices,
  fn: SynthesizedDemoStack["functions"]["gateway"],
  overrides: Record<string, string> = {},
): Record<string, string> {
  const failedRecordsUrl = `${services.sqs.url}/${stack.environment.accountId}/${stack.failedRecordsQueueName}`;
  const localValue = (name: string, value: string): string => {
    if (!value.includes("${")) return value;
    if (name === GATEWAY_VARIABLES.inferenceLogStreamName) return stack.firehose.name;
    if (name === EVALUATOR_ENV.scoresTableName) return stack.scoresTable.name;
    if (name === EVALUATOR_ENV.failedRecordsQueueUrl) return failedRecordsUrl;
    // Records Firehose refuses twice go to this queue on the SQS stub (the failed-records depth counts only its own queue).
    if (name === GATEWAY_VARIABLES.inferenceLogFallbackQueueUrl) return `${services.sqs.url}/${stack.environment.accountId}/inference-log-fallback`;
    throw new Error(`no local value for ${name}=${value}`);
  };
  // The stack's trace exporters (X-Ray, and the bank's endpoint when set) become the in-process receiver.
  const tracing: Record<string, string> = fn.environment[TRACING_VARIABLES.tracesExporter]
    ? { [TRACING_VARIABLES.tracesExporter]: "otlp", [TRACING_VARIABLES.otlpTracesEndpoint]: `${services.traces.url}/v1/traces` }
    : {};
  return {
    ...Object.fromEntries(Object.entries(fn.environment).map(([name, value]) => [name, localValue(name, value)])),
    ...awsEnvironment(stack.environment.region, services, fn.functionName, fn.memorySize),
    ...tracing,
    ...overrides,
  };
}

const handlerPath = (root: string, name: string): string => path.join(root, "functions", name, "handler.ts");

export async function startFunctions({ stack, settings, resources }: RunContext, services: LocalServices, root: string): Promise<LocalFunctions> {
  const metrics = new MetricStore();
  const gatewayLogs: Record<string, unknown>[] = [];
  const evaluatorLogs: Record<string, unknown>[] = [];
  const publisherLogs: Record<string, unknown>[] = [];
  const collectInto = (logs: Record<string, unknown>[]) => (line: string) => {
    const doc = parseJsonLine(line);
    if (doc) logs.push(doc);
  };
  const [gateway, evaluator, publisher] = await Promise.all([
    LocalFunction.start({
      name: "gateway",
      handlerModule: handlerPath(root, "gateway"),
      environment: functionEnvironment(stack, services, stack.functions.gateway, {
        [GATEWAY_NUMBER_VARIABLES.invokeTimeoutMs.name]: String(settings.invokeTimeoutMs),
      }),
      instances: settings.gatewayInstances,
      onLogLine: (line) => {
        const doc = metrics.ingestEmfLine(line) ?? parseJsonLine(line);
        if (doc) gatewayLogs.push(doc);
      },
    }),
    LocalFunction.start({
      name: "evaluator",
      handlerModule: handlerPath(root, "evaluator"),
      environment: functionEnvironment(stack, services, stack.functions.evaluator),
      // One execution environment per concurrent invocation, as Lambda runs them: each has its own
      // SDK clients (and so its own adaptive retry rate limiter for the judge).
      instances: stack.evaluatorSource.maxConcurrency,
      initialInstances: 1,
      maxConcurrency: stack.evaluatorSource.maxConcurrency,
      onLogLine: collectInto(evaluatorLogs),
    }),
    LocalFunction.start({
      name: "quality-publisher",
      handlerModule: handlerPath(root, "quality-publisher"),
      environment: functionEnvironment(stack, services, stack.functions.publisher),
      maxConcurrency: stack.functions.publisher.reservedConcurrency,
      onLogLine: collectInto(publisherLogs),
    }),
  ]);
  resources.add("gateway", gateway, (f) => f.stop());
  resources.add("evaluator", evaluator, (f) => f.stop());
  resources.add("quality publisher", publisher, (f) => f.stop());
  return { gateway, evaluator, publisher, metrics, gatewayLogs, evaluatorLogs, publisherLogs };
}
