/** The calibration bucket: golden sets are read from it, reports and records written to it (SSE-KMS by the bucket's default). */
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

export class S3CalibrationBucket {
  public constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  public async read(key: string): Promise<string> {
    const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!output.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return output.Body.transformToString("utf-8");
  }

  public async put(key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }
}
