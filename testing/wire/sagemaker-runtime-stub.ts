import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import type { MessageHeaders } from "@smithy/eventstream-codec";

/**
 * A local SageMaker Runtime that speaks the wire protocol of
 * POST /endpoints/{name}/invocations-response-stream (restJson1 + vnd.amazon.eventstream),
 * so the real SDK client can be pointed at it with AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME.
 */

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString("utf8"),
  (text) => new Uint8Array(Buffer.from(text, "utf8")),
);

function stringHeaders(values: Record<string, string>): MessageHeaders {
  const headers: MessageHeaders = {};
  for (const [name, value] of Object.entries(values)) {
    headers[name] = { type: "string", value };
  }
  return headers;
}

/** One PayloadPart event as SageMaker frames it. */
export function encodePayloadPart(bytes: Uint8Array): Uint8Array {
  return codec.encode({
    headers: stringHeaders({
      ":event-type": "PayloadPart",
      ":message-type": "event",
      ":content-type": "application/octet-stream",
    }),
    body: bytes,
  });
}

/** A modeled exception event inside the stream (ModelStreamError / InternalStreamFailure). */
export function encodeStreamException(type: "ModelStreamError" | "InternalStreamFailure", message: string, errorCode?: string): Uint8Array {
  return codec.encode({
    headers: stringHeaders({
      ":exception-type": type,
      ":message-type": "exception",
      ":content-type": "application/json",
    }),
    body: Buffer.from(JSON.stringify({ Message: message, ...(errorCode ? { ErrorCode: errorCode } : {}) }), "utf8"),
  });
}

/** How the stub answers the next invocation. */
export type StubScenario =
  | {
      readonly kind: "stream";
      /** Payload chunks, sent in order (a chunk may hold part of a line or several lines). */
      readonly chunks: readonly (string | Uint8Array)[];
      /** Delay before each chunk, in ms; the first entry is the delay before the first chunk. */
      readonly delaysMs?: readonly number[];
      /**
       * Time of each chunk from the request's arrival, in ms (instead of `delaysMs`). Chunks already
       * due when the stub gets to them leave together in one PayloadPart, as from a busy server.
       */
      readonly offsetsMs?: readonly number[];
      /** What happens after the chunks. */
      readonly ending?: "end" | "ModelStreamError" | "InternalStreamFailure" | "destroy" | "hang";
      /** Message of the ending's exception event. @default a fixed text */
      readonly errorMessage?: string;
    }
  | { readonly kind: "throttle"; readonly message?: string }
  /** `message` replaces the container's message (an LMI error can echo the prompt). */
  | { readonly kind: "modelError"; readonly message?: string }
  /** Accepts the request and never answers. */
  | { readonly kind: "hang" };

export interface RecordedInvocation {
  readonly endpointName: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface SageMakerRuntimeStub {
  readonly url: string;
  readonly invocations: RecordedInvocation[];
  /** Record every invocation in `invocations`. @default true */
  keepInvocations?: boolean;
  /** Queues scenarios for the next invocations; when empty, `respond` (if set) or `defaultScenario` answers. */
  enqueue(...scenarios: StubScenario[]): void;
  defaultScenario: StubScenario;
  /** Chooses the scenario from the invocation itself (a simulated model); used when the queue is empty. */
  respond?: (invocation: RecordedInvocation) => StubScenario;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function jsonError(res: ServerResponse, status: number, type: string, body: Record<string, unknown>): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "x-amzn-errortype": type,
    "x-amzn-requestid": "stub-request-id",
  });
  res.end(JSON.stringify(body));
}

const toBytes = (chunk: string | Uint8Array): Uint8Array => (typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);

async function answerStream(res: ServerResponse, scenario: Extract<StubScenario, { kind: "stream" }>, arrivedAt: number): Promise<void> {
  res.writeHead(200, {
    "content-type": "application/vnd.amazon.eventstream",
    "x-amzn-sagemaker-content-type": "application/jsonlines",
    "x-amzn-requestid": "stub-request-id",
  });
  res.flushHeaders();
  const offsets = scenario.offsetsMs;
  for (let i = 0; offsets && i < scenario.chunks.length; ) {
    const wait = arrivedAt + (offsets[i] ?? 0) - Date.now();
    if (wait > 0) await sleep(wait);
    if (res.destroyed) return;
    const due: Uint8Array[] = [];
    const now = Date.now();
    do {
      due.push(toBytes(scenario.chunks[i]!));
      i += 1;
    } while (i < scenario.chunks.length && arrivedAt + (offsets[i] ?? 0) <= now);
    res.write(encodePayloadPart(due.length === 1 ? due[0]! : Buffer.concat(due)));
  }
  for (let i = 0; !offsets && i < scenario.chunks.length; i += 1) {
    const delay = scenario.delaysMs?.[i] ?? 0;
    if (delay > 0) {
      await sleep(delay);
    }
    if (res.destroyed) {
      return;
    }
    res.write(encodePayloadPart(toBytes(scenario.chunks[i]!)));
  }
  switch (scenario.ending ?? "end") {
    case "end":
      res.end();
      return;
    case "ModelStreamError":
      res.end(encodeStreamException("ModelStreamError", scenario.errorMessage ?? "model container crashed mid-stream", "ModelCrashed"));
      return;
    case "InternalStreamFailure":
      res.end(encodeStreamException("InternalStreamFailure", scenario.errorMessage ?? "internal stream failure"));
      return;
    case "destroy":
      // Let the written chunks leave before the socket drops.
      await sleep(20);
      res.socket?.destroy();
      return;
    case "hang":
      return;
  }
}

/** Starts the stub on 127.0.0.1 with an ephemeral port. */
export async function startSageMakerRuntimeStub(): Promise<SageMakerRuntimeStub> {
  const queue: StubScenario[] = [];
  const invocations: RecordedInvocation[] = [];
  const stub: Partial<SageMakerRuntimeStub> & { defaultScenario: StubScenario; respond?: SageMakerRuntimeStub["respond"]; keepInvocations?: boolean } = {
    defaultScenario: {
      kind: "stream",
      chunks: [
        '{"token": {"id": 1, "text": "ok", "log_prob": -0.1}, "generated_text": "ok", "details": {"finish_reason": "eos_token", "generated_tokens": 1}}\n',
      ],
    },
  };
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const arrivedAt = Date.now();
      const match = /^\/endpoints\/([^/]+)\/invocations-response-stream$/.exec(req.url ?? "");
      if (req.method !== "POST" || !match) {
        jsonError(res, 404, "UnknownOperationException", { message: `no route for ${req.method} ${req.url}` });
        return;
      }
      const invocation: RecordedInvocation = { endpointName: decodeURIComponent(match[1]!), headers: req.headers, body: Buffer.concat(parts).toString("utf8") };
      if (stub.keepInvocations !== false) invocations.push(invocation);
      const scenario = queue.shift() ?? stub.respond?.(invocation) ?? stub.defaultScenario;
      switch (scenario.kind) {
        case "throttle":
          jsonError(res, 400, "ThrottlingException", { message: scenario.message ?? "Rate exceeded" });
          return;
        case "modelError":
          jsonError(res, 424, "ModelError", {
            Message: `Received server error (500) from primary with message "${scenario.message ?? "CUDA out of memory"}"`,
            OriginalStatusCode: 500,
            OriginalMessage: scenario.message ?? "CUDA out of memory",
            LogStreamArn: "arn:aws:logs:sa-east-1:111122223333:log-group:/aws/sagemaker/Endpoints/stub",
          });
          return;
        case "hang":
          return;
        case "stream":
          void answerStream(res, scenario, arrivedAt);
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}`,
    invocations,
    enqueue: (...scenarios: StubScenario[]) => {
      queue.push(...scenarios);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as SageMakerRuntimeStub;
}
