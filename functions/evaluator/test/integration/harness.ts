/** Starts the local AWS servers and stubs for the evaluator's integration tests and loads the handler against them. */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, expect, vi } from "vitest";
import { BedrockStub } from "../../../../testing/wire/bedrock-stub";
import { ComprehendStub } from "../../../../testing/wire/comprehend-stub";
import { createScoresTable, startDynalite, startS3rver, TEST_REGION, useDummyAwsEnv, type LocalServer } from "../../../../testing/local-aws";
import { SqsStub } from "../../../../testing/wire/sqs-stub";

export const BUCKET = "capture-bucket";
export const MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";

export interface ObjectLog {
  message: string;
  key: string;
  records: number;
  scored: number;
  sampledOut: number;
  skipped: number;
  skippedBy: Record<string, number>;
  deadLettered: number;
  duplicates: number;
  deferred: number;
}

export class Harness {
  public readonly bedrock = new BedrockStub();
  public readonly comprehend = new ComprehendStub();
  public readonly sqs = new SqsStub();
  public dynamo!: LocalServer;
  public s3!: LocalServer;
  private tableCounter = 0;
  public tableName = "";
  public readonly logs: Record<string, unknown>[] = [];

  /** The SQS client sends to the queue URL's host, so the queue lives on the stub. */
  public get queueUrl(): string {
    return `${this.sqs.url}/123456789012/failed-records`;
  }

  public async start(): Promise<void> {
    useDummyAwsEnv();
    await Promise.all([this.bedrock.start(), this.comprehend.start(), this.sqs.start()]);
    [this.dynamo, this.s3] = await Promise.all([startDynalite(), startS3rver([BUCKET])]);
    process.env.AWS_ENDPOINT_URL_S3 = this.s3.url;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = this.dynamo.url;
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = this.bedrock.url;
    process.env.AWS_ENDPOINT_URL_COMPREHEND = this.comprehend.url;
    process.env.AWS_ENDPOINT_URL_SQS = this.sqs.url;
    // Powertools writes INFO to stdout and WARN/ERROR to stderr: collect both.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        for (const line of String(chunk).split("\n")) {
          if (line.startsWith("{")) {
            try {
              this.logs.push(JSON.parse(line) as Record<string, unknown>);
            } catch {
              // Not a log line: print it.
            }
          }
        }
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      });
    }
  }

  public async stop(): Promise<void> {
    vi.restoreAllMocks();
    await Promise.all([this.bedrock.stop(), this.comprehend.stop(), this.sqs.stop(), this.dynamo.stop(), this.s3.stop()]);
  }

  /** A fresh table and fresh stub recordings per test. */
  public async reset(): Promise<void> {
    this.tableCounter += 1;
    this.tableName = `scores-${this.tableCounter}`;
    await createScoresTable(this.dynamo.url, this.tableName);
    this.bedrock.requests.length = 0;
    this.comprehend.requests.length = 0;
    this.sqs.requests.length = 0;
    this.bedrock.reply = (call, index) => this.defaultReply(call, index);
    this.bedrock.latencyMs = 0;
    this.comprehend.failWith = undefined;
    this.sqs.failWith = undefined;
    this.logs.length = 0;
  }

  private defaultReply: BedrockStub["reply"] = new BedrockStub().reply;

  /** Imports a fresh copy of the handler module with the given configuration. */
  public async loadHandler(env: Record<string, string> = {}): Promise<(event: SQSEvent) => Promise<SQSBatchResponse>> {
    const base: Record<string, string> = {
      SCORES_TABLE_NAME: this.tableName,
      FAILED_RECORDS_QUEUE_URL: this.queueUrl,
      JUDGE_MODEL_ID: MODEL_ID,
      JUDGE_INPUT_PRICE_PER_1K: "0.00025",
      JUDGE_OUTPUT_PRICE_PER_1K: "0.00125",
      SAMPLE_RATE: "0",
      PII_LANGUAGES: "en",
      // What synth writes for a pair with a passing calibration record.
      CALIBRATED_JUDGE_PAIRS: JSON.stringify([`${MODEL_ID}|bank-qa-rubric/2025-06-v1`]),
      POWERTOOLS_LOG_LEVEL: "INFO",
      // The gateway's names: a record naming another is scored under "unknown".
      USE_CASES: "cards,loans,customer-support",
      REQUEST_TYPES: "balance,block_card,rates,vehicle,balance_inquiry,investment_strategy,card_services",
    };
    for (const name of [
      "SAMPLE_RATE",
      "ENTROPY_THRESHOLD",
      "JUDGE_CONCURRENCY",
      "PII_LANGUAGE",
      "PII_LANGUAGES",
      "MAX_LINE_BYTES",
      "ENDPOINT_MODEL_NAMES",
      "JUDGE_MODEL_ID",
      "JUDGE_RUBRIC_VERSION",
      "CALIBRATED_JUDGE_PAIRS",
      "CANDIDATE_JUDGE_PAIR",
      "SHADOW_SHARE",
      "SHADOW_SCORES_TABLE_NAME",
      "JUDGE_CALL_TIMEOUT_MS",
      "JUDGE_MAX_ATTEMPTS",
      "NOTIFICATION_MAX_RECEIVE_COUNT",
      "PII_MODEL_ENDPOINT",
      "PII_CANARY_BUCKET",
      "AWS_LAMBDA_FUNCTION_NAME",
    ])
      delete process.env[name];
    Object.assign(process.env, base, env);
    vi.resetModules();
    const module = await import("../../handler");
    return module.handler;
  }

  public async putObject(key: string, body: string | Buffer): Promise<void> {
    const client = new S3Client({ region: TEST_REGION, forcePathStyle: true });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    client.destroy();
  }

  public async scores(): Promise<Record<string, unknown>[]> {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: TEST_REGION }));
    const output = await client.send(new ScanCommand({ TableName: this.tableName }));
    client.destroy();
    return (output.Items ?? []) as Record<string, unknown>[];
  }

  /** The per-object count log lines written so far. */
  public objectLogs(): ObjectLog[] {
    return this.logs.filter((log) => log.message === "object evaluated") as unknown as ObjectLog[];
  }
}

/** A harness started before the file's tests, stopped after them and reset before each one. */
export function startedHarness(): Harness {
  const harness = new Harness();
  beforeAll(async () => harness.start());
  afterAll(async () => harness.stop());
  beforeEach(async () => harness.reset());
  return harness;
}

/** records = scored + sampledOut + skipped + deadLettered + duplicates + deferred, for every object logged. */
export function expectCountInvariant(logs: ObjectLog[]): void {
  expect(logs.length).toBeGreaterThan(0);
  for (const log of logs) {
    expect(log.records).toBe(log.scored + log.sampledOut + log.skipped + log.deadLettered + log.duplicates + log.deferred);
    expect(Object.values(log.skippedBy).reduce((a, b) => a + b, 0)).toBe(log.skipped);
  }
}

/** The one object log line of the invocation, its counts checked. */
export function onlyLog(harness: Harness): ObjectLog {
  const logs = harness.objectLogs();
  expectCountInvariant(logs);
  expect(logs).toHaveLength(1);
  return logs[0]!;
}
