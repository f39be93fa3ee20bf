/** The canary's judge payloads to S3 (`payloads/<runId>.json`; the bucket's default SSE-KMS key encrypts them). */
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { canaryKey, type CanaryPayload } from "../../../contracts/pii-canary";
import { StoreError } from "../errors";
import type { CanaryPayloadSink } from "../ports";
import { sdkCall } from "./sdk-calls";

export class S3CanaryPayloads implements CanaryPayloadSink {
  public constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  public async put(payload: CanaryPayload): Promise<void> {
    const object = { Bucket: this.bucket, Key: canaryKey("payloads", payload.runId), Body: JSON.stringify(payload), ContentType: "application/json" };
    await sdkCall("S3 PutObject of the canary payload", StoreError, () => this.client.send(new PutObjectCommand(object)));
  }
}
