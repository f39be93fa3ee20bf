/**
 * Gateway overhead benchmark: CPU per request and heap growth over 10,000 requests.
 *
 * Pass 1 (the target figures) feeds recorded LMI chunks through the gateway's real code path
 * (`handleGatewayRequest`: validation, guardrail, stream timing and parsing, EMF,
 * log record build, structured log) with no network, so CPU is the gateway's own work and not
 * waiting for a stream. Pass 2 runs the real handler and SDK against the local SageMaker Runtime
 * stub with zero delays; its CPU includes the SDK, HTTP and the stub in the same process. Pass 1t
 * repeats pass 1 with tracing on (every request sampled, spans serialized, not sent): the difference
 * is the tracing overhead.
 *
 * Run: npm run bench:gateway   (node --expose-gc; figures are printed, nothing is asserted)
 */
import { GATEWAY_NUMBER_VARIABLES, GATEWAY_VARIABLES } from "../contracts/gateway-environment";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { handleGatewayRequest } from "../functions/gateway/gateway";
import type { GatewayDependencies } from "../functions/gateway/gateway";
import { loadGatewayConfig } from "../functions/gateway/config";
import { encodeLogRecord } from "../functions/gateway/log-delivery";
import { startSageMakerRuntimeStub } from "../testing/wire/sagemaker-runtime-stub";
import { ExportResultCode } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Tracing } from "../functions/tracing/provider";
import { KeepErrorsSpanProcessor } from "../functions/tracing/keep-processor";
import { RecordAllSampler } from "../functions/tracing/keep-sampler";
import { type CommandSpec, runAsMain } from "./cli/command-line";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 128);
const gc = (globalThis as { gc?: () => void }).gc;

const env = {
  [GATEWAY_VARIABLES.endpointName]: "bench-ep",
  [GATEWAY_VARIABLES.modelName]: "llama-3-8b",
  [GATEWAY_VARIABLES.instanceType]: "ml.g5.2xlarge",
  [GATEWAY_VARIABLES.useCases]: "onboarding",
  [GATEWAY_VARIABLES.requestTypes]: "chat",
  [GATEWAY_NUMBER_VARIABLES.invokeTimeoutMs.name]: "5000",
};

/** A recorded LMI jsonlines response: one token per PayloadPart, details on the last line. */
function recordedChunks(tokens: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  const words: string[] = [];
  for (let i = 0; i < tokens; i += 1) {
    const text = ` palavra${i % 17}`;
    words.push(text);
    const last = i === tokens - 1;
    const line = last
      ? JSON.stringify({
          token: { id: 1000 + i, text, log_prob: -0.25 },
          generated_text: words.join(""),
          details: { finish_reason: "length", generated_tokens: tokens },
        })
      : JSON.stringify({ token: { id: 1000 + i, text, log_prob: -0.25 } });
    chunks.push(new Uint8Array(Buffer.from(`${line}\n`, "utf8")));
  }
  return chunks;
}

function apiEvent(): APIGatewayProxyEvent {
  return {
    body: JSON.stringify({ inputs: "Quais documentos preciso para abrir uma conta corrente? Responda em tópicos.", request_type: "chat" }),
    headers: { "content-type": "application/json" },
    isBase64Encoded: false,
    requestContext: { authorizer: { use_case: "onboarding" } },
  } as unknown as APIGatewayProxyEvent;
}

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

interface PassResult {
  readonly cpuUsPerRequest: number;
  readonly wallMs: number;
  readonly heapSamples: number[];
  readonly statuses: Map<number, number>;
}

async function runPass(label: string, count: number, send: () => Promise<APIGatewayProxyResult>): Promise<PassResult> {
  for (let i = 0; i < Math.min(1000, count); i += 1) {
    await send(); // warm-up: JIT, caches, connections
  }
  const heapSamples = [heapAfterGc()];
  const statuses = new Map<number, number>();
  const quarter = Math.max(1, Math.floor(count / 4));
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 1; i <= count; i += 1) {
    const response = await send();
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    if (i % quarter === 0) {
      const cpuPause = process.cpuUsage(cpuStart);
      heapSamples.push(heapAfterGc());
      // GC time is not request overhead: shift the baseline past it.
      const after = process.cpuUsage(cpuStart);
      cpuStart.user -= after.user - cpuPause.user;
      cpuStart.system -= after.system - cpuPause.system;
    }
  }
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuUsPerRequest = (cpu.user + cpu.system) / count;
  process.stderr.write(`${label}: done\n`);
  return { cpuUsPerRequest, wallMs, heapSamples, statuses };
}

function report(label: string, result: PassResult, count: number): void {
  const first = result.heapSamples[0]!;
  const last = result.heapSamples[result.heapSamples.length - 1]!;
  const lines = [
    `${label}`,
    `  requests:            ${count} (${[...result.statuses].map(([s, n]) => `${n} x ${s}`).join(", ")})`,
    `  CPU per request:     ${(result.cpuUsPerRequest / 1000).toFixed(3)} ms (user+system, process.cpuUsage)`,
    `  wall per request:    ${(result.wallMs / count).toFixed(3)} ms`,
    `  heap after GC:       ${result.heapSamples.map(mb).join(" -> ")}`,
    `  heap growth:         ${((last - first) / 1024).toFixed(1)} KB over ${count} requests`,
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
}

/**
 * The gateway's tracing as `startTracing` builds it, every request sampled, with an exporter that
 * serializes each batch to OTLP protobuf (the X-Ray exporter's body) and drops it: all of tracing's
 * CPU but the network. Flushed per request, as the handler does.
 */
function benchTracing(): { tracing: Tracing; exportedBytes: () => number } {
  let bytes = 0;
  const exporter: SpanExporter = {
    export: (spans, done) => {
      bytes += ProtobufTraceSerializer.serializeRequest(spans)?.length ?? 0;
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
  };
  const provider = new BasicTracerProvider({
    sampler: new RecordAllSampler(new AlwaysOnSampler()),
    spanProcessors: [new KeepErrorsSpanProcessor(new BatchSpanProcessor(exporter))],
  });
  return { tracing: { tracer: provider.getTracer("bench"), flush: () => provider.forceFlush() }, exportedBytes: () => bytes };
}

async function main(): Promise<void> {
  if (!gc) {
    process.stderr.write("warning: run with node --expose-gc for heap figures after GC\n");
  }
  // EMF and log lines would flood the terminal: count their bytes instead of printing them.
  let stdoutBytes = 0;
  const realWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdoutBytes += chunk.length;
    return true;
  }) as typeof process.stdout.write;

  const chunks = recordedChunks(TOKENS);
  let encodedBytes = 0;
  const deps: GatewayDependencies = {
    config: loadGatewayConfig(env),
    logger: new Logger({ serviceName: "bench-gateway" }),
    invoke: async () => ({
      Body: (async function* () {
        for (const bytes of chunks) {
          yield { PayloadPart: { Bytes: bytes } };
        }
      })(),
    }),
    // Build and encode the record exactly as for Firehose, without the network.
    deliverLogRecord: async (record) => {
      encodedBytes += encodeLogRecord(record).length;
    },
  };
  const event = apiEvent();
  const inMemory = await runPass("pass 1", REQUESTS, () => handleGatewayRequest(event, deps));
  report(`pass 1: gateway code path, recorded ${TOKENS}-token LMI stream, no network`, inMemory, REQUESTS);
  process.stderr.write(
    `  output per request:  ${(stdoutBytes / (REQUESTS + Math.min(1000, REQUESTS))).toFixed(0)} B of EMF + log lines, ${(encodedBytes / (REQUESTS + Math.min(1000, REQUESTS))).toFixed(0)} B log record\n`,
  );

  const traced = benchTracing();
  const tracedPass = await runPass("pass 1t", REQUESTS, () => handleGatewayRequest(event, { ...deps, tracing: traced.tracing }));
  report("pass 1t: pass 1 with tracing on (every request sampled; spans serialized to OTLP protobuf, not sent)", tracedPass, REQUESTS);
  process.stderr.write(
    `  tracing overhead:    ${((tracedPass.cpuUsPerRequest - inMemory.cpuUsPerRequest) / 1000).toFixed(3)} ms CPU per request, ${(traced.exportedBytes() / (REQUESTS + Math.min(1000, REQUESTS))).toFixed(0)} B of OTLP per request\n`,
  );

  const stub = await startSageMakerRuntimeStub();
  stub.defaultScenario = { kind: "stream", chunks };
  Object.assign(process.env, env, {
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "sa-east-1",
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: stub.url,
    AWS_MAX_ATTEMPTS: "1",
  });
  const { handler } = await import("../functions/gateway/handler");
  // The stub keeps every request it saw; drop them so its memory does not count as the gateway's.
  const overStub = await runPass("pass 2", REQUESTS, () => {
    stub.invocations.length = 0;
    return handler(event);
  });
  report("pass 2: real handler + SDK against the local stub (zero delays; CPU includes SDK, HTTP and stub)", overStub, REQUESTS);
  stub.invocations.length = 0;
  await stub.close();
  process.stdout.write = realWrite;
}

export const BENCH_GATEWAY_COMMAND = {
  name: "npm run bench:gateway --",
  summary: "the gateway's own CPU per request and heap growth over BENCH_REQUESTS requests (default 10,000); prints figures, asserts nothing",
  options: {},
} as const satisfies CommandSpec;

if (require.main === module)
  runAsMain(BENCH_GATEWAY_COMMAND, async () => {
    await main();
    return 0;
  });
