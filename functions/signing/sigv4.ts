/**
 * What AWS SDK v3's SigV4 signer (`@smithy/signature-v4`) needs outside an SDK client: SHA-256 over
 * node:crypto and the function's credentials. The X-Ray OTLP exporter and the serving-metrics
 * bridge's PromQL client sign their own HTTP requests with it: neither endpoint has an SDK client.
 */
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
