/**
 * What AWS SDK v3's SigV4 signer (`@smithy/signature-v4`) needs outside an SDK client: SHA-256 over
 * node:crypto and the function's credentials. The X-Ray OTLP exporter and the serving-metrics
 * bridge's PromQL client sign their own HTTP requests with it: neither endpoint has an SDK client.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";

/** SHA-256 (or HMAC-SHA-256 with a secret) over node:crypto, in the shape SignatureV4 expects. */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The function's credentials as Lambda sets them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). */
export function credentialsFromEnvironment(purpose: string): () => Promise<SigningCredentials> {
  return () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) return Promise.reject(new Error(`no AWS credentials in the environment to sign ${purpose}`));
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    return Promise.resolve({ accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) });
  };
}

export interface SignedPosterOptions {
  /** The service the endpoint signs for (`xray`, `monitoring`). */
  readonly service: string;
  readonly region: string;
  /** @default the function's credentials (credentialsFromEnvironment) */
  readonly credentials?: () => Promise<SigningCredentials>;
  /** What the requests are for, in the error when there are no credentials. */
  readonly purpose: string;
  /** @default 10000 */
  readonly timeoutMs?: number;
}

/** POSTs bodies to one URL, each signed with SigV4 by AWS SDK v3's signer. */
export class SignedPoster {
  private readonly signer: SignatureV4;

  constructor(
    private readonly target: URL,
    private readonly options: SignedPosterOptions,
  ) {
    this.signer = new SignatureV4({
      service: options.service,
      region: options.region,
      credentials: options.credentials ?? credentialsFromEnvironment(options.purpose),
      sha256: NodeSha256,
    });
  }

  async post(body: string | Uint8Array, contentType: string): Promise<Response> {
    const signed = await this.signer.sign({
      method: "POST",
      protocol: this.target.protocol,
      hostname: this.target.hostname,
      ...(this.target.port ? { port: Number(this.target.port) } : {}),
      path: this.target.pathname,
      query: {},
      headers: { host: this.target.host, "content-type": contentType },
      body,
    });
    return fetch(this.target, { method: "POST", headers: signed.headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
  }
}
