/**
 * Evaluator benchmark: throughput against the judge-bound limit (concurrency / judge latency) and
 * peak memory on a 200 MB capture object.
 *
 * The local servers (s3rver, dynalite, and the Bedrock, Comprehend and SQS stubs) run in a child
 * process so that the RSS high-water mark measured here is the evaluator's own.
 *
 * Masking is also timed on its own, in process and with the local detectors only (what runs where
 * Comprehend is not offered): per record of the throughput run, and on a Portuguese text dense in
 * personal data.
 *
 * The judge client is measured last: 100 calls with no throttling, with 20 % throttled, and against
 * a judge that never answers (scripts/bench-judge-throttling.ts).
 *
 *   npm run bench:evaluator            # defaults below
 *   BENCH_OBJECT_MB=200 BENCH_JUDGE_LATENCY_MS=500 BENCH_JUDGE_CONCURRENCY=8 npm run bench:evaluator
 */
import { EVALUATOR_ENV, EVALUATOR_VARIABLES, PII_LANGUAGES_VARIABLE } from "../contracts/evaluator-environment";
import { fork, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { SQSEvent } from "aws-lambda";
import { benchJudgeThrottling, judgeBenchLines } from "./bench-judge-throttling";
import { type CommandSpec, runAsMain } from "./cli/command-line";

const OBJECT_MB = Number(process.env.BENCH_OBJECT_MB ?? 200);
/**
 * Judge stub latency. Claude 3 Haiku answers a rubric prompt with a ~150-token tool reply in about
 * 1-2 s, so 500 ms is conservative. With a 50 ms stub (BENCH_JUDGE_LATENCY_MS=50) the run is bound
 * by CPU instead: the evaluator spends ~10 ms of CPU per judged record (mostly AWS SDK request
 * handling for masking, the duplicate check, the judge call and the store) and shares 2 cores with
 * the local servers, reaching 50-70 % of the judge-bound limit on these machines.
 */
const JUDGE_LATENCY_MS = Number(process.env.BENCH_JUDGE_LATENCY_MS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_JUDGE_CONCURRENCY ?? 8);
const THROUGHPUT_RECORDS = Number(process.env.BENCH_THROUGHPUT_RECORDS ?? 480);
/** Share judged in the big-object run: it measures streaming memory, not the judge. */
const BIG_SAMPLE_RATE = Number(process.env.BENCH_BIG_SAMPLE_RATE ?? 0.002);
const BUCKET = "bench-capture";
/** Judge calls per throttling run, and the per-call timeout the hung-judge run uses. */
const JUDGE_BENCH_CALLS = Number(process.env.BENCH_JUDGE_CALLS ?? 100);
const JUDGE_BENCH_TIMEOUT_MS = Number(process.env.BENCH_JUDGE_TIMEOUT_MS ?? 2_000);
const CPF = "529.982.247-25";

interface ServerUrls {
  s3: string;
  dynamodb: string;
  bedrock: string;
  comprehend: string;
  sqs: string;
}

function dummyEnv(): void {
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  process.env.AWS_REGION = "sa-east-1";
  process.env.AWS_REQUEST_CHECKSUM_CALCULATION = "WHEN_REQUIRED";
  process.env.AWS_RESPONSE_CHECKSUM_VALIDATION = "WHEN_REQUIRED";
}

function inferenceLine(index: number, filler: string): string {
  return JSON.stringify({
    requestId: `bench-${index}`,
    recordType: "llm-inference-log",
    schemaVersion: 1,
    inferenceTime: new Date(Date.now() - 60_000).toISOString(),
    completedAt: new Date().toISOString(),
    endpointName: "llm-bench",
    modelName: "llama-3-8b-instruct",
    instanceType: "ml.g5.2xlarge",
    useCase: "customer-support",
    requestType: index % 2 === 0 ? "balance" : "cards",
    status: "ok",
    guardrail: { flagged: false, reasons: [] },
    tokens: { prompt: 120, completion: 700 },
    timing: { ttftMs: 150, totalMs: 4000 },
    prompt: `Hello, my CPF is ${CPF} and card 4111 1111 1111 1111. Why was I charged twice on my statement this month?`,
    response: `Thank you for reaching out. ${filler}`,
  });
}

/** A Portuguese support exchange with names, addresses, CEPs, documents, keys and plates in it. */
const PORTUGUESE_PII_TEXT =
  "Bom dia, meu nome é Maria da Silva Santos e sou cliente desde março. Moro na Rua das Flores, 123, apto 45, " +
  "CEP 01310-100, em São Paulo. Meu RG é 12.345.678-9 e o CPF 529.982.247-25. Quero cadastrar a chave PIX " +
  "7d4e2a9c-3b1f-4c8e-9a6d-5f0e1b2c3d4e e pagar o IPVA do carro placa BRA2E19. A Sra. Ana Paula Ferreira, " +
  "titular da conta 12345-6, mora na Avenida Brasil, 1500, bloco B. Telefone (11) 91234-5678. ";

/**
 * Mean local-only masking time of `texts`, after a warm-up, in CPU ms per text and characters per
 * CPU second: CPU time, not wall time, so that other work on the machine does not inflate it.
 */
async function maskingFigures(texts: readonly string[], rounds: number): Promise<{ msPerText: number; charsPerSecond: number }> {
  const { maskText } = await import("../functions/evaluator/pii/masker");
  for (const text of texts.slice(0, 20)) await maskText(text);
  const chars = texts.reduce((total, text) => total + text.length, 0) * rounds;
  const cpu = process.cpuUsage();
  for (let round = 0; round < rounds; round += 1) for (const text of texts) await maskText(text);
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000;
  return { msPerText: ms / (texts.length * rounds), charsPerSecond: chars / (ms / 1000) };
}

async function servers(): Promise<void> {
  const { BedrockStub } = await import("../testing/wire/bedrock-stub");
  const { ComprehendStub } = await import("../testing/wire/comprehend-stub");
  const { SqsStub } = await import("../testing/wire/sqs-stub");
  const { startS3rver, useDummyAwsEnv } = await import("../testing/local-aws");
  useDummyAwsEnv();
  const bedrock = new BedrockStub();
  bedrock.latencyMs = JUDGE_LATENCY_MS;
  const comprehend = new ComprehendStub();
  const sqs = new SqsStub();
  await Promise.all([bedrock.start(), comprehend.start(), sqs.start()]);
  const s3 = await startS3rver([BUCKET]);
  const urls: Omit<ServerUrls, "dynamodb"> = { s3: s3.url, bedrock: bedrock.url, comprehend: comprehend.url, sqs: sqs.url };
  process.send!(urls);
  process.on("message", (message) => {
    if (message === "stop") void Promise.all([bedrock.stop(), comprehend.stop(), sqs.stop(), s3.stop()]).then(() => process.exit(0));
  });
}

/** dynalite in a process of its own: it is the most CPU-hungry of the local servers. */
async function dynamoServer(): Promise<void> {
  const { startDynalite, createScoresTable, useDummyAwsEnv } = await import("../testing/local-aws");
  useDummyAwsEnv();
  const dynamo = await startDynalite();
  await createScoresTable(dynamo.url, "bench-scores-1");
  await createScoresTable(dynamo.url, "bench-scores-2");
  process.send!(dynamo.url);
  process.on("message", (message) => {
    if (message === "stop") void dynamo.stop().then(() => process.exit(0));
  });
}

async function upload(s3Url: string, key: string, write: (stream: NodeJS.WritableStream) => Promise<void>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "bench-evaluator-"));
  const file = join(dir, "object.jsonl");
  const stream = createWriteStream(file);
  await write(stream);
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const size = statSync(file).size;
  const client = new S3Client({ endpoint: s3Url, forcePathStyle: true });
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: createReadStream(file), ContentLength: size }));
  client.destroy();
  rmSync(dir, { recursive: true, force: true });
  return size;
}

async function writeLines(stream: NodeJS.WritableStream, count: number | undefined, maxBytes: number | undefined, filler: string): Promise<number> {
  let written = 0;
  let records = 0;
  while ((count === undefined || records < count) && (maxBytes === undefined || written < maxBytes)) {
    const line = `${inferenceLine(records, filler)}\n`;
    written += Buffer.byteLength(line);
    records += 1;
    if (!stream.write(line)) await new Promise((resolve) => stream.once("drain", resolve));
  }
  return records;
}

function event(key: string): SQSEvent {
  return {
    Records: [
      {
        messageId: `bench-${key}`,
        receiptHandle: "h",
        body: JSON.stringify({ Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: { name: BUCKET }, object: { key } } }] }),
        attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "s3", ApproximateFirstReceiveTimestamp: "0" },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:sa-east-1:123456789012:bench",
        awsRegion: "sa-east-1",
      },
    ],
  };
}

async function main(): Promise<void> {
  dummyEnv();
  const child: ChildProcess = fork(__filename, ["--servers"], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const dynamoChild: ChildProcess = fork(__filename, ["--dynamodb"], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const [stubUrls, dynamodb] = await Promise.all([
    new Promise<Omit<ServerUrls, "dynamodb">>((resolve) => child.once("message", (message) => resolve(message as Omit<ServerUrls, "dynamodb">))),
    new Promise<string>((resolve) => dynamoChild.once("message", (message) => resolve(message as string))),
  ]);
  const urls: ServerUrls = { ...stubUrls, dynamodb };
  process.env.AWS_ENDPOINT_URL_S3 = urls.s3;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = urls.dynamodb;
  process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = urls.bedrock;
  process.env.AWS_ENDPOINT_URL_COMPREHEND = urls.comprehend;
  const { loadConfig } = await import("../functions/evaluator/config");
  const { createPorts } = await import("../functions/evaluator/dependencies");
  const { processBatch } = await import("../functions/evaluator/process-batch");
  const counts: Record<string, number>[] = [];
  const logger = new Logger({ serviceName: "bench", logLevel: "ERROR" });
  const baseEnv = {
    [EVALUATOR_ENV.failedRecordsQueueUrl]: `${urls.sqs}/123456789012/failed`,
    [EVALUATOR_ENV.judgeModelId]: "anthropic.claude-3-haiku-20240307-v1:0",
    [EVALUATOR_ENV.calibratedJudgePairs]: JSON.stringify(["anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1"]),
    [EVALUATOR_VARIABLES.judgeInputPricePer1k.name]: "0.00025",
    [EVALUATOR_VARIABLES.judgeOutputPricePer1k.name]: "0.00125",
    [EVALUATOR_VARIABLES.judgeConcurrency.name]: String(CONCURRENCY),
    [PII_LANGUAGES_VARIABLE.name]: "en",
    [EVALUATOR_ENV.useCases]: "customer-support",
    [EVALUATOR_ENV.requestTypes]: "balance,cards",
  };
  const filler = "Here is what happened with your statement and what you can do next. ".repeat(50);
  const rssStart = process.memoryUsage().rss;

  // 1. Throughput: every record judged, the judge stub answering after a fixed latency.
  await upload(urls.s3, "throughput.jsonl", (stream) => writeLines(stream, THROUGHPUT_RECORDS, undefined, filler).then(() => undefined));
  const config1 = loadConfig({ ...baseEnv, [EVALUATOR_ENV.scoresTableName]: "bench-scores-1", [EVALUATOR_VARIABLES.sampleRate.name]: "1" });
  const ports1 = createPorts(config1);
  const cpu1 = process.cpuUsage();
  const started1 = performance.now();
  const spy1 = { ...logger, info: (_m: string, extra: Record<string, number>) => counts.push(extra) } as unknown as Logger;
  const result1 = await processBatch(event("throughput.jsonl"), config1, ports1, spy1);
  const seconds1 = (performance.now() - started1) / 1000;
  const cpuSeconds1 = (process.cpuUsage(cpu1).user + process.cpuUsage(cpu1).system) / 1e6;
  const scored1 = counts[0]?.scored ?? 0;
  const limit = CONCURRENCY / (JUDGE_LATENCY_MS / 1000);
  const rate = scored1 / seconds1;

  // 2. Memory: a large object streamed through, a small share judged.
  const bigBytes = await upload(urls.s3, "big.jsonl", (stream) => writeLines(stream, undefined, OBJECT_MB * 1024 * 1024, filler).then(() => undefined));
  const config2 = loadConfig({ ...baseEnv, [EVALUATOR_ENV.scoresTableName]: "bench-scores-2", [EVALUATOR_VARIABLES.sampleRate.name]: String(BIG_SAMPLE_RATE) });
  const ports2 = createPorts(config2);
  const started2 = performance.now();
  const result2 = await processBatch(event("big.jsonl"), config2, ports2, spy1);
  const seconds2 = (performance.now() - started2) / 1000;
  const big = counts[1] ?? {};
  const maxRssMb = process.resourceUsage().maxRSS / 1024;

  // 3. Masking alone, local detectors only: the throughput run's records, then Portuguese PII-dense text.
  const records = Array.from({ length: THROUGHPUT_RECORDS }, (_, index) => JSON.parse(inferenceLine(index, filler)) as { prompt: string; response: string });
  const recordMasking = await maskingFigures(
    records.flatMap((record) => [record.prompt, record.response]),
    5,
  );
  const portugueseMasking = await maskingFigures(
    Array.from({ length: 200 }, () => PORTUGUESE_PII_TEXT.repeat(4)),
    5,
  );
  const recordChars = records[0]!.prompt.length + records[0]!.response.length;

  console.log("evaluator benchmark");
  console.log(`  throughput: ${scored1} records judged in ${seconds1.toFixed(2)} s = ${rate.toFixed(1)} records/s (evaluator CPU ${cpuSeconds1.toFixed(2)} s)`);
  console.log(
    `  limit (concurrency ${CONCURRENCY} / judge latency ${JUDGE_LATENCY_MS} ms): ${limit.toFixed(1)} records/s -> ${((rate / limit) * 100).toFixed(1)}% of limit (target >= 90%)`,
  );
  console.log(
    `  big object: ${(bigBytes / 1024 / 1024).toFixed(1)} MB, ${big.records} records (${big.scored} judged, ${big.sampledOut} sampled out, sample rate ${BIG_SAMPLE_RATE}) in ${seconds2.toFixed(2)} s = ${(bigBytes / 1024 / 1024 / seconds2).toFixed(1)} MB/s`,
  );
  console.log(`  peak RSS (maxRSS, evaluator process): ${maxRssMb.toFixed(1)} MB (start ${(rssStart / 1024 / 1024).toFixed(1)} MB; target < 256 MB)`);
  console.log(
    `  masking (local detectors), throughput records (${recordChars} chars each): ${(recordMasking.msPerText * 2).toFixed(3)} CPU ms per record, ${(recordMasking.charsPerSecond / 1e6).toFixed(2)} M chars per CPU second`,
  );
  console.log(
    `  masking (local detectors), Portuguese PII-dense text (${PORTUGUESE_PII_TEXT.length * 4} chars): ${portugueseMasking.msPerText.toFixed(3)} CPU ms per text, ${(portugueseMasking.charsPerSecond / 1e6).toFixed(2)} M chars per CPU second`,
  );
  console.log(
    `  batch failures: ${result1.batchItemFailures.length + result2.batchItemFailures.length}; counts ok: ${counts.every((c) => c.records === c.scored! + c.sampledOut! + c.skipped! + c.deadLettered! + c.duplicates! + c.deferred!)}`,
  );
  child.send("stop");
  dynamoChild.send("stop");

  // 4. The judge client under throttling and a hung judge (after the RSS figure: its stub runs here).
  const judgeBench = await benchJudgeThrottling({
    calls: JUDGE_BENCH_CALLS,
    concurrency: CONCURRENCY,
    latencyMs: 50,
    timeoutMs: JUDGE_BENCH_TIMEOUT_MS,
    maxAttempts: 4,
  });
  for (const line of judgeBenchLines(judgeBench)) console.log(line);
}

export const BENCH_EVALUATOR_COMMAND = {
  name: "npm run bench:evaluator --",
  summary:
    "the evaluator's throughput against the judge-bound limit, peak memory on a large capture object, local masking speed and the judge client under throttling; prints figures, asserts nothing (BENCH_* variables set the sizes)",
  options: {
    servers: { type: "boolean", help: "internal: run the local servers in this child process" },
    dynamodb: { type: "boolean", help: "internal: run the local DynamoDB in this child process" },
  },
} as const satisfies CommandSpec;

if (require.main === module)
  runAsMain(BENCH_EVALUATOR_COMMAND, async ({ values }) => {
    if (values.servers) void servers();
    else if (values.dynamodb) void dynamoServer();
    else await main();
    return 0;
  });
