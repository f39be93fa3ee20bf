/**
 * A tiny HTTP server on 127.0.0.1 (port 0) that records every request (gunzipping bodies sent with
 * Content-Encoding: gzip) and answers through a handler: the base of the AWS wire stubs.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface StubResponse {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
  /** Milliseconds to wait before answering. */
  readonly delayMs?: number;
}

export type StubHandler = (request: RecordedRequest, index: number) => StubResponse | Promise<StubResponse>;

export interface HttpStubOptions {
  /**
   * Serve cleartext HTTP/2 (h2c): the Bedrock Runtime client sends every request over HTTP/2.
   * @default false
   */
  readonly http2?: boolean;
}

type AnyServer = Server | ReturnType<typeof createHttp2Server>;

export class HttpStub {
  public readonly requests: RecordedRequest[] = [];
  private server: AnyServer | undefined;
  private readonly sessions = new Set<Http2Session>();

  public constructor(
    public handler: StubHandler,
    private readonly options: HttpStubOptions = {},
  ) {}

  public get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("stub not started");
    return `http://127.0.0.1:${address.port}`;
  }

  public async start(): Promise<this> {
    const listener = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): void => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        let raw = Buffer.concat(chunks);
        if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
        const request: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: raw.toString("utf8") };
        const index = this.requests.push(request) - 1;
        Promise.resolve()
          .then(() => this.handler(request, index))
          .then(async (response) => {
            if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
            res.writeHead(response.status, { "content-type": "application/json", ...response.headers });
            (res as ServerResponse).end(response.body);
          })
          .catch((error: unknown) => {
            res.writeHead(500, { "content-type": "application/json" });
            (res as ServerResponse).end(JSON.stringify({ __type: "InternalFailure", message: String(error) }));
          });
      });
    };
    if (this.options.http2) {
      const server = createHttp2Server(listener);
      server.on("session", (session) => {
        this.sessions.add(session);
        session.on("close", () => this.sessions.delete(session));
      });
      this.server = server;
    } else {
      const server = createServer(listener);
      server.keepAliveTimeout = 60_000;
      this.server = server;
    }
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  public async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    if ("closeAllConnections" in server) server.closeAllConnections();
    for (const session of this.sessions) session.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** An AWS JSON protocol error body (awsJson1_0 / awsJson1_1). */
export function awsJsonError(status: number, type: string, message: string): StubResponse {
  return { status, body: JSON.stringify({ __type: type, message }), headers: { "x-amzn-errortype": type, "content-type": "application/x-amz-json-1.0" } };
}

/** The operation named by an AWS JSON request's X-Amz-Target header (`Service.Operation`). */
export function awsJsonTarget(request: RecordedRequest): string {
  const target = request.headers["x-amz-target"];
  return typeof target === "string" ? target : "";
}
