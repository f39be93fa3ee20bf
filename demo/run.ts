/**
 * Runs the whole pipeline on embedded services: the real gateway, evaluator and quality publisher
 * handlers, invoked as AWS invokes them (API Gateway proxy events, S3 notifications through an SQS
 * event source mapping, DynamoDB stream records), against dynalite, s3rver and the project's wire
 * stubs, with the configuration the environment's AWS stack deploys. One phase per file under
 * phases/: local services, functions, event sources, traffic, drain and stores; then the count
 * invariant (accounting.ts) and the check that no planted client data reached the judge.
 */
import * as path from "node:path";
import type { FirehoseDelivery } from "../testing/aws/firehose-delivery";
import type { MetricStore } from "../testing/aws/metric-store";
import { type Accounting, account } from "./accounting";
import type { SimulatedJudge } from "./model/simulated-judge";
import type { InvocationRecord } from "./model/simulated-model";
import type { DemoOptions, DemoSettings } from "./options";
import { DemoAborted, Resources, type RunContext } from "./phases/context";
import { type EventSources, startEventSources } from "./phases/event-sources";
import { type LocalFunctions, startFunctions } from "./phases/local-functions";
import { type LocalServices, startLocalServices } from "./phases/local-services";
import { bridgeServingMetrics } from "./phases/serving-bridge";
import { drainPipeline, readStores, type StoreContents } from "./phases/stores";
import { type ClientResult, sendTraffic, type Traffic } from "./phases/traffic";
import { synthesizeDemoStack, type SynthesizedDemoStack, loadDemoEnvironment } from "./synthesized-stack";
import type { ReceivedSpan } from "../testing/wire/otlp-receiver";
import { findPlanted } from "./workload/pii";

export const ROOT = path.resolve(__dirname, "..");

export interface DemoResult {
  readonly options: DemoSettings;
  readonly stack: SynthesizedDemoStack;
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
  settings: DemoSettings,
  resources: Resources,
  checkAbort: () => void,
  onProgress: ((line: string) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<DemoResult> {
  const launchedAt = Date.now();
  const stack = synthesizeDemoStack(loadDemoEnvironment(settings.environment, ROOT));
  const context: RunContext = { settings, stack, resources, checkAbort, ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) };
  checkAbort();
  const services = await startLocalServices(context);
  checkAbort();
  const functions = await startFunctions(context, services, ROOT);
  checkAbort();
  const sources = startEventSources(context, services, functions);
  const traffic = await sendTraffic(context, services, functions, sources);
  await drainPipeline(context, services, sources);
  traffic.sampleQueues();
  traffic.stopProgress();
  signal?.throwIfAborted?.();
  const stores = await readStores(context, services, functions, traffic.clients);
  // What the serving-metrics bridge would have published from the endpoint's detailed metrics.
  await bridgeServingMetrics(context, functions.metrics, stores.invocations, { start: traffic.startedAt, end: traffic.endedAt });
  return demoResult(context, { launchedAt, services, functions, sources, traffic, stores });
}

interface RunParts {
  readonly launchedAt: number;
  readonly services: LocalServices;
  readonly functions: LocalFunctions;
  readonly sources: EventSources;
  readonly traffic: Traffic;
  readonly stores: StoreContents;
}

/** The run's outcome: the count invariant from the stores, the PII check of the judge's input, and every figure the reports show. */
function demoResult({ settings, stack }: RunContext, { launchedAt, services, functions, sources, traffic, stores }: RunParts): DemoResult {
  const { delivery, evaluatorSource, publisherSource } = sources;
  // The SQS stub also holds the gateway's fallback queue (inference logs Firehose refused twice): pointers only here.
  const deadLetters = services.sqs.messages.filter((message) => !("recordType" in message));
  const accounting = account({
    requests: settings.requests,
    objects: delivery.objects,
    evaluatorLogs: functions.evaluatorLogs,
    scores: stores.scores,
    deadLetters,
    objectsInDeadLetterQueue: services.deadLetterQueue
      .bodies()
      .flatMap((body) =>
        (JSON.parse(body) as { Records: { s3: { object: { key: string } } }[] }).Records.map((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, " "))),
      ),
    logDeliveryFailures: services.firehose.attempts.length - services.firehose.records.length,
    requestIds: traffic.clients.map((c) => c.requestId ?? ""),
  });
  // Did any planted client data reach the judge? Every value shaped like one the workload plants
  // (names, CPF, CNPJ, cards, accounts, e-mails, phones) in the judge's input, looked up among them.
  const planted = traffic.planned.flatMap((p) => p.planted);
  const piiLeaks = findPlanted(
    services.judge.received,
    planted.map((p) => p.value),
  );
  return {
    options: settings,
    stack,
    launchedAt,
    startedAt: traffic.startedAt,
    trafficEndedAt: traffic.endedAt,
    finishedAt: Date.now(),
    clients: traffic.clients,
    metrics: functions.metrics,
    gatewayLogs: functions.gatewayLogs,
    evaluatorLogs: functions.evaluatorLogs,
    publisherLogs: functions.publisherLogs,
    scores: stores.scores,
    deadLetters,
    accounting,
    invocations: stores.invocations,
    judge: services.judge,
    comprehendCalls: services.comprehend.requests.length,
    comprehendFailures: services.comprehendFailures(),
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
      notificationsDeadLettered: services.deadLetterQueue.depth,
      coldStarts: 1 + functions.evaluator.coldStarts,
    },
    piiLeaks,
    plantedPii: planted.length,
    spans: [...services.traces.spans],
  };
}
