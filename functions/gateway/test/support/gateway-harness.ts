/**
 * What the gateway's integration tests share: the function's environment against the local stubs
 * (named by the contract), a fresh handler module per environment, the proxy event, and the
 * function's stdout and stderr collected as CloudWatch Logs would hold them.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { vi } from "vitest";
import { GATEWAY_NUMBER_VARIABLES, GATEWAY_VARIABLES, GUARDRAIL_MODE_VARIABLE } from "../../../../contracts/gateway-environment";
import { invokeEvent } from "../../../../testing/fixtures/invoke-event";

export type GatewayHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export const STREAM_NAME = "inference-logs";
/** The gateway's own deadline in the tests: short, so the timeout tests are quick. */
export const TEST_INVOKE_TIMEOUT_MS = 1500;

/** Where the function's AWS clients send their calls. */
export interface StubUrls {
  readonly sagemaker: string;
  readonly firehose: string;
  /** The fallback queue's SQS endpoint. @default - no fallback queue */
  readonly sqs?: string;
}

/** The variables every test sets differently: the use cases, request types and their binding. */
export interface CallerSettings {
  readonly useCases: string;
  readonly requestTypes: string;
  readonly useCaseBinding: unknown;
}

/** The function's environment: test credentials, the stubs' endpoints, and the gateway's variables. */
export function gatewayEnvironment(urls: StubUrls, callers: CallerSettings): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "sa-east-1",
    AWS_MAX_ATTEMPTS: "1",
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: urls.sagemaker,
    AWS_ENDPOINT_URL_FIREHOSE: urls.firehose,
    ...(urls.sqs ? { AWS_ENDPOINT_URL_SQS: urls.sqs } : {}),
    ...gatewayVariables(callers),
  };
}

/** The gateway's own variables (contracts/gateway-environment.ts), for a test that brings its own credentials. */
export function gatewayVariables(callers: CallerSettings): Record<string, string> {
  const v = GATEWAY_VARIABLES;
  return {
    [v.endpointName]: "llm-ep",
    [v.modelName]: "llama-3-8b",
    [v.instanceType]: "ml.g5.2xlarge",
    [v.useCases]: callers.useCases,
    [v.requestTypes]: callers.requestTypes,
    [v.useCaseBinding]: JSON.stringify(callers.useCaseBinding),
    [GATEWAY_NUMBER_VARIABLES.invokeTimeoutMs.name]: String(TEST_INVOKE_TIMEOUT_MS),
    [v.inferenceLogStreamName]: STREAM_NAME,
    [GUARDRAIL_MODE_VARIABLE.name]: "flag",
  };
}

/** OTLP/HTTP to a local receiver with parent-based ratio sampling at `ratio` (the specification's names). */
export function otlpToReceiver(receiverUrl: string, ratio: number): Record<string, string> {
  return {
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: String(ratio),
  };
}

/** Loads a fresh handler module (fresh configuration and clients) under `environment`. */
export async function loadGatewayHandler(environment: Record<string, string>): Promise<GatewayHandler> {
  Object.assign(process.env, environment);
  vi.resetModules();
  return (await import("../../handler")).handler;
}

/** A `POST /v1/invoke` with `body` (JSON unless already a string) and what API Gateway adds. */
export function gatewayEvent(body: unknown, requestContext: Record<string, unknown>, headers: Record<string, string> = {}): APIGatewayProxyEvent {
  return invokeEvent({ body: typeof body === "string" ? body : JSON.stringify(body), headers, requestContext });
}

/** The lines the function wrote to stdout and to stderr since `start()` (call `stop()` after each test). */
export class CapturedOutput {
  stdout: string[] = [];
  stderr: string[] = [];

  start(): void {
    this.stdout = [];
    this.stderr = [];
    for (const [stream, lines] of [
      [process.stdout, this.stdout],
      [process.stderr, this.stderr],
    ] as const) {
      vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });
    }
  }

  stop(): void {
    vi.restoreAllMocks();
  }

  /** Every JSON document written, stdout first. */
  documents(): Record<string, unknown>[] {
    return jsonLines([...this.stdout, ...this.stderr]);
  }
}

/** The JSON documents among written chunks (one per line). */
export function jsonLines(chunks: string[]): Record<string, unknown>[] {
  return chunks
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** One LMI streaming line carrying one token. */
export function tokenLine(id: number, text: string): string {
  return `{"token": {"id": ${id}, "text": ${JSON.stringify(text)}, "log_prob": -0.1}}\n`;
}

/** The response body as JSON. */
export function responseBody(response: APIGatewayProxyResult): Record<string, any> {
  return JSON.parse(response.body) as Record<string, any>;
}
