/**
 * One environment's AWS stack, synthesized for the demo: the demo builds the stack in memory
 * (no files written) and reads from its synthesized JSON what AWS would be configured with: each
 * function's environment variables, memory and concurrency, the event source mappings, the queue's
 * redrive policy, the Firehose buffering and prefix, the bucket notifications, the alarms; and
 * from the constructs the SLOs and the unified dashboard. Nothing here repeats a module default.
 */
import { EVALUATOR_ENV } from "../contracts/evaluator-environment";
import { QUALITY_PUBLISHER_ENV } from "../contracts/quality-publisher-environment";
import * as os from "node:os";
import * as path from "node:path";
import { App, Testing } from "cdktf";
import { unifiedDashboardJson } from "../dashboards";
import type { UnifiedDashboardInput } from "../dashboards/types";
import { loadEnvironments } from "../config/discover";
import type { ResolvedEnvironment } from "../config/resolved";
import { ObservabilityStack } from "../stacks/observability-stack";
import { unifiedDashboardInput } from "../stacks/unified-dashboard-input";
import { demoEnvironment } from "./environment";

type Json = Record<string, any>;

export interface FunctionDefinition {
  readonly functionName: string;
  /** Environment variables as deployed, with references to other resources still unresolved (`${...}`). */
  readonly environment: Readonly<Record<string, string>>;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency?: number;
}

/** A metric alarm as synthesized, with references to other resources resolved to names. */
export type AlarmDefinition = Json;

export interface SynthesizedDemoStack {
  readonly environment: ResolvedEnvironment;
  readonly stackId: string;
  /** The stack's synthesized Terraform JSON. */
  readonly synthesized: Json;
  readonly functions: { readonly gateway: FunctionDefinition; readonly evaluator: FunctionDefinition; readonly publisher: FunctionDefinition };
  readonly evaluatorSource: { readonly batchSize: number; readonly maxConcurrency: number; readonly reportBatchItemFailures: boolean };
  readonly publisherSource: {
    readonly batchSize: number;
    readonly batchingWindowSeconds: number;
    readonly eventNames?: readonly string[];
    readonly maxRetryAttempts: number;
  };
  readonly notificationQueue: {
    readonly name: string;
    readonly visibilityTimeoutSeconds: number;
    readonly maxReceiveCount: number;
    readonly deadLetterQueueName: string;
  };
  readonly failedRecordsQueueName: string;
  readonly firehose: {
    readonly name: string;
    readonly prefix: string;
    readonly bufferingIntervalSeconds: number;
    readonly bufferingSizeMb: number;
    readonly compression: "GZIP" | "UNCOMPRESSED";
  };
  readonly inferenceLogBucket: { readonly name: string; readonly notificationPrefixes: readonly string[] };
  readonly scoresTable: { readonly name: string; readonly hashKey: string };
  readonly metricAlarms: readonly AlarmDefinition[];
  readonly compositeAlarms: readonly AlarmDefinition[];
  readonly dashboardInput: UnifiedDashboardInput;
  /** The unified dashboard's JSON model, exactly as the Grafana stack deploys it. */
  readonly dashboard: Json;
}

const REFERENCE = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g;

/** Loads `<business-line>/<stage>` from `environments/`, or the demo's own environment. */
export function loadDemoEnvironment(key: string | undefined, root: string): ResolvedEnvironment {
  if (!key) return demoEnvironment();
  const [environment] = loadEnvironments(path.join(root, "environments"), root, [key]);
  if (!environment) throw new Error(`no environment ${key} under environments/`);
  return environment;
}

function single(resources: Json | undefined, type: string, where: (resource: Json) => boolean = () => true): Json {
  const found = Object.values(resources?.[type] ?? {}).filter((r) => where(r as Json)) as Json[];
  if (found.length !== 1) throw new Error(`expected one ${type} in the synthesized stack, found ${found.length}`);
  return found[0]!;
}

/** `value` with each `${type.name.attribute}` replaced by the attribute's literal value in `resources`, when it has one. */
function withLiteralReferences(value: unknown, resources: Json): unknown {
  if (typeof value === "string") {
    return value.replace(REFERENCE, (whole, type: string, name: string, attribute: string) => {
      const literal = resources[type]?.[name]?.[attribute];
      return typeof literal === "string" && !literal.includes("${") ? literal : whole;
    });
  }
  if (Array.isArray(value)) return value.map((inner) => withLiteralReferences(inner, resources));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withLiteralReferences(v, resources)]));
  return value;
}

/** A function of the synthesized stack as the local runtime needs it. */
function functionDefinition(resources: Json, functionName: string): FunctionDefinition {
  const resource = single(resources, "aws_lambda_function", (f) => f.function_name === functionName);
  return {
    functionName,
    environment: resource.environment?.variables ?? {},
    memorySize: resource.memory_size ?? 128,
    timeoutSeconds: resource.timeout ?? 3,
    ...(resource.reserved_concurrent_executions !== undefined ? { reservedConcurrency: resource.reserved_concurrent_executions } : {}),
  };
}

/** The event source mapping that invokes `functionName`. */
function eventSourceMapping(resources: Json, functionName: string): Json {
  const key = Object.entries(resources.aws_lambda_function).find(([, f]) => (f as Json).function_name === functionName)![0];
  return single(resources, "aws_lambda_event_source_mapping", (m) => String(m.function_name).includes(`aws_lambda_function.${key}.`));
}

export function synthesizeDemoStack(environment: ResolvedEnvironment): SynthesizedDemoStack {
  const app = new App({ stackTraces: false, outdir: path.join(os.tmpdir(), "llmobs-demo-unused-outdir") });
  const stack = new ObservabilityStack(app, environment.id, { environment });
  const synthesized = JSON.parse(Testing.synth(stack)) as Json;
  const r = synthesized.resource as Json;

  const fn = (functionName: string): FunctionDefinition => functionDefinition(r, functionName);
  const mappingFor = (functionName: string): Json => eventSourceMapping(r, functionName);

  const gatewayName = stack.gateway.gatewayFunction.functionName;
  const [evaluatorName, publisherName] = [fnName(r, EVALUATOR_ENV.failedRecordsQueueUrl), fnName(r, QUALITY_PUBLISHER_ENV.qualityThresholds)];
  const evaluatorMapping = mappingFor(evaluatorName);
  const publisherMapping = mappingFor(publisherName);
  const queueByRef = (ref: string): Json => {
    const name = /aws_sqs_queue\.([A-Za-z0-9_-]+)\./.exec(ref)?.[1];
    const queue = name ? r.aws_sqs_queue[name] : undefined;
    if (!queue) throw new Error(`no queue for ${ref}`);
    return queue;
  };
  const notificationQueue = queueByRef(String(evaluatorMapping.event_source_arn));
  const redrive = JSON.parse(String(notificationQueue.redrive_policy)) as { deadLetterTargetArn: string; maxReceiveCount: number };
  const firehose = single(r, "aws_kinesis_firehose_delivery_stream");
  const s3config = firehose.extended_s3_configuration as Json;
  const table = single(r, "aws_dynamodb_table");
  // The inference-log bucket is the one Firehose delivers to.
  const logBucketKey = /aws_s3_bucket\.([A-Za-z0-9_-]+)\./.exec(String(s3config.bucket_arn))?.[1] ?? "";
  const logBucketName = String(r.aws_s3_bucket?.[logBucketKey]?.bucket ?? "");
  if (!logBucketName || logBucketName.includes("${")) throw new Error(`the inference-log bucket of ${String(s3config.bucket_arn)} has no literal name`);
  const notification = single(r, "aws_s3_bucket_notification", (n) => String(n.bucket).includes(`aws_s3_bucket.${logBucketKey}.`));
  const failedRecordsRef = fn(evaluatorName).environment[EVALUATOR_ENV.failedRecordsQueueUrl] ?? "";
  const filterPatterns = (publisherMapping.filter_criteria?.filter ?? []).map((f: Json) => JSON.parse(String(f.pattern)) as Json);
  const eventNames = filterPatterns.flatMap((p: Json) => (Array.isArray(p.eventName) ? p.eventName : []));

  const dashboardInput = unifiedDashboardInput(environment, stack);
  return {
    environment,
    stackId: environment.id,
    synthesized,
    functions: { gateway: fn(gatewayName), evaluator: fn(evaluatorName), publisher: fn(publisherName) },
    evaluatorSource: {
      batchSize: evaluatorMapping.batch_size ?? 10,
      maxConcurrency: evaluatorMapping.scaling_config?.maximum_concurrency ?? fn(evaluatorName).reservedConcurrency ?? 5,
      reportBatchItemFailures: (evaluatorMapping.function_response_types ?? []).includes("ReportBatchItemFailures"),
    },
    publisherSource: {
      batchSize: publisherMapping.batch_size ?? 100,
      batchingWindowSeconds: publisherMapping.maximum_batching_window_in_seconds ?? 0,
      ...(eventNames.length > 0 ? { eventNames } : {}),
      maxRetryAttempts: publisherMapping.maximum_retry_attempts ?? 10_000,
    },
    notificationQueue: {
      name: notificationQueue.name,
      visibilityTimeoutSeconds: notificationQueue.visibility_timeout_seconds ?? 30,
      maxReceiveCount: redrive.maxReceiveCount,
      deadLetterQueueName: queueByRef(redrive.deadLetterTargetArn).name,
    },
    failedRecordsQueueName: queueByRef(failedRecordsRef).name,
    firehose: {
      name: firehose.name,
      prefix: s3config.prefix ?? "",
      bufferingIntervalSeconds: s3config.buffering_interval ?? 300,
      bufferingSizeMb: s3config.buffering_size ?? 5,
      compression: s3config.compression_format === "GZIP" ? "GZIP" : "UNCOMPRESSED",
    },
    inferenceLogBucket: {
      name: logBucketName,
      notificationPrefixes: (notification.queue ?? []).map((q: Json) => String(q.filter_prefix ?? "")),
    },
    scoresTable: { name: table.name, hashKey: table.hash_key },
    metricAlarms: Object.values(r.aws_cloudwatch_metric_alarm ?? {}).map((a) => withLiteralReferences(a, r) as Json),
    compositeAlarms: Object.values(r.aws_cloudwatch_composite_alarm ?? {}).map((a) => withLiteralReferences(a, r) as Json),
    dashboardInput,
    dashboard: JSON.parse(unifiedDashboardJson(dashboardInput)) as Json,
  };
}

/** Name of the one function whose environment has `variable`. */
function fnName(resources: Json, variable: string): string {
  const found = Object.values(resources.aws_lambda_function ?? {}).filter((f) => (f as Json).environment?.variables?.[variable] !== undefined) as Json[];
  if (found.length !== 1) throw new Error(`expected one function with ${variable}, found ${found.length}`);
  return found[0]!.function_name;
}
