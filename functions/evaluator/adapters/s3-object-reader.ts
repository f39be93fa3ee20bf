/** Reads an S3 object as a byte stream (never buffered whole). */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ObjectBody, ObjectReader } from "../ports";
import type { ObjectRef } from "../types";

export class S3ObjectReader implements ObjectReader {
  public constructor(private readonly client: S3Client) {}

  public async read(ref: ObjectRef): Promise<ObjectBody> {
    const output = await this.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, ...(ref.versionId ? { VersionId: ref.versionId } : {}) }));
    if (!output.Body) throw new Error(`S3 object s3://${ref.bucket}/${ref.key} has no body`);
    return {
      body: output.Body as unknown as AsyncIterable<Uint8Array>,
      ...(output.ETag ? { eTag: output.ETag.replace(/"/g, "") } : {}),
      ...(output.VersionId ? { versionId: output.VersionId } : {}),
    };
  }
}
