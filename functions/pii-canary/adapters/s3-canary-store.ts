/** The canary bucket (planted values, payloads, results) and the inference-log bucket, over S3. */
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { CANARY_PREFIXES, canaryKey, type CanaryPayload } from "../../../contracts/pii-canary";
import type { CanaryStore, PlantedRun, RunResult } from "../ports";

export interface S3CanaryStoreOptions {
  readonly canaryBucket: string;
  /** The inference-log bucket (plant function only). */
  readonly logBucket?: string;
}

export class S3CanaryStore implements CanaryStore {
  public constructor(
    private readonly client: S3Client,
    private readonly options: S3CanaryStoreOptions,
  ) {}

  public async putPlanted(run: PlantedRun): Promise<void> {
    await this.putJson(this.options.canaryBucket, canaryKey("planted", run.runId), run);
  }

  public async putRecord(key: string, line: string): Promise<void> {
    if (!this.options.logBucket) throw new Error("the plant task needs the inference-log bucket (PII_CANARY_LOG_BUCKET)");
    await this.client.send(new PutObjectCommand({ Bucket: this.options.logBucket, Key: key, Body: line, ContentType: "application/jsonl" }));
  }

  public async listPlanted(afterRunId: string): Promise<string[]> {
    return this.listRunIds("planted", afterRunId);
  }

  public async listResults(afterRunId: string): Promise<Set<string>> {
    return new Set(await this.listRunIds("results", afterRunId));
  }

  public async getPlanted(runId: string): Promise<PlantedRun> {
    const run = await this.getJson<PlantedRun>(canaryKey("planted", runId));
    if (!run) throw new Error(`planted run ${runId} was listed but cannot be read`);
    return run;
  }

  public async getPayload(runId: string): Promise<CanaryPayload | undefined> {
    return this.getJson<CanaryPayload>(canaryKey("payloads", runId));
  }

  public async putResult(result: RunResult): Promise<void> {
    await this.putJson(this.options.canaryBucket, canaryKey("results", result.runId), result);
  }

  private async listRunIds(kind: keyof typeof CANARY_PREFIXES, afterRunId: string): Promise<string[]> {
    const prefix = CANARY_PREFIXES[kind];
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.canaryBucket, Prefix: prefix, StartAfter: `${prefix}${afterRunId}`, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key?.endsWith(".json")) ids.push(object.Key.slice(prefix.length, -".json".length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return ids.sort();
  }

  private async putJson(bucket: string, key: string, value: unknown): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value), ContentType: "application/json" }));
  }

  private async getJson<T>(key: string): Promise<T | undefined> {
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.options.canaryBucket, Key: key }));
      return JSON.parse(await output.Body!.transformToString("utf8")) as T;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
      throw error;
    }
  }
}
