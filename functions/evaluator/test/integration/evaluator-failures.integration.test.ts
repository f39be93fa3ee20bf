import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { awsJsonError } from "../../../../testing/wire/http-stub";
import { DEFAULT_VERDICT, throttled, toolUseReply } from "../../../../testing/wire/bedrock-stub";
import { PII, batch, inferenceLogLine, s3Event } from "../fixtures";
import { BUCKET, expectCountInvariant, onlyLog, startedHarness } from "./harness";

const harness = startedHarness();

describe("evaluator handler: dead letters, judge failures and re-deliveries", () => {
  it("dead-letters malformed and truncated lines with a pointer and never the line", async () => {
    // Arrange
    const handler = await harness.loadHandler({ MAX_LINE_BYTES: "4096" });
    const good = inferenceLogLine({ requestId: "req-ok", guardrail: { flagged: true, reasons: [] } });
    const truncated = inferenceLogLine({ requestId: "req-cut", prompt: `secret ${PII.cpf}` }).slice(0, 120);
    const huge = inferenceLogLine({ requestId: "req-huge", response: "x".repeat(10_000) });
    const notARecord = JSON.stringify({ hello: `world ${PII.cpf}` });
    await harness.putObject("inference-logs/bad", [good, "not json at all", "", notARecord, huge, truncated].join("\n"));

    // Act
    const response = await handler(s3Event(BUCKET, ["inference-logs/bad"]));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(onlyLog(harness)).toMatchObject({ records: 5, scored: 1, deadLettered: 4, sampledOut: 0 });
    const pointers = harness.sqs.messages;
    expect(harness.sqs.queueUrls.every((url) => url === harness.queueUrl)).toBe(true);
    expect(pointers.map((pointer) => [pointer.lineNumber, pointer.reason])).toEqual([
      [2, "malformed_line"],
      [4, "malformed_line"],
      [5, "malformed_line"],
      [6, "malformed_line"],
    ]);
    expect(pointers[3]).toMatchObject({ bucket: BUCKET, key: "inference-logs/bad", eventId: "req-cut" });
    expect(typeof pointers[0]!.eTag).toBe("string");
    const raw = JSON.stringify(harness.sqs.requests.map((request) => request.body));
    expect(raw).not.toContain(PII.cpf);
    expect(raw).not.toContain("xxxxxxxxxx");
  });

  it("dead-letters the unreadable rest of a truncated gzip object", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    const lines = Array.from({ length: 200 }, (_, index) =>
      inferenceLogLine({ requestId: `req-${index}`, response: `answer ${index} ${"lorem ipsum ".repeat(20)}` }),
    );
    const gz = gzipSync(lines.join("\n"));
    await harness.putObject("inference-logs/cut.gz", gz.subarray(0, Math.floor(gz.length * 0.6)));

    // Act
    const response = await handler(s3Event(BUCKET, ["inference-logs/cut.gz"]));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    const log = onlyLog(harness);
    expect(log.records).toBeGreaterThan(1);
    expect(log.records).toBeLessThan(200);
    expect(log.deadLettered).toBe(1);
    expect(harness.sqs.messages[0]).toMatchObject({ reason: "malformed_line", lineNumber: log.records });
  });

  it("scores a 10 MB record: Comprehend gets chunks under its 100 KB limit, the judge a cut answer", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    const sentence = `The statement for ${PII.name} lists every purchase of the month in order. `;
    const response = sentence.repeat(Math.ceil((10 * 1024 * 1024) / sentence.length));
    await harness.putObject("inference-logs/big", inferenceLogLine({ requestId: "req-big", response, guardrail: { flagged: true, reasons: [] } }));

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/big"]));

    // Assert
    expect(harness.sqs.messages).toEqual([]);
    expect(onlyLog(harness)).toMatchObject({ records: 1, scored: 1 });
    const chunks = harness.comprehend.texts;
    expect(chunks.length).toBeGreaterThan(100);
    expect(Math.max(...chunks.map((text) => Buffer.byteLength(text, "utf8")))).toBeLessThanOrEqual(100_000);
    const [item] = await harness.scores();
    expect(Number((item!.maskedEntities as Record<string, number>).NAME)).toBe(Math.ceil((10 * 1024 * 1024) / sentence.length));
    const sent = harness.bedrock.receivedText();
    expect(sent.length).toBeLessThan(200_000);
    expect(sent).not.toContain(PII.name);
    expect(sent).toContain("cut for length");
  });

  it("retries a throttled judge (429) and scores the record", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    harness.bedrock.reply = (_call, index) => (index === 0 ? throttled() : toolUseReply(DEFAULT_VERDICT));
    await harness.putObject("inference-logs/throttle", inferenceLogLine({ requestId: "req-t", guardrail: { flagged: true, reasons: [] } }));

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/throttle"]));

    // Assert
    expect(onlyLog(harness)).toMatchObject({ records: 1, scored: 1 });
    expect(harness.bedrock.requests).toHaveLength(2);
  });

  it("retries an invalid judge reply once with the problem, then dead-letters a second invalid reply", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    harness.bedrock.reply = (call) =>
      call.body.messages.length === 1 ? toolUseReply({ ...DEFAULT_VERDICT, factuality: 9 }) : toolUseReply({ ...DEFAULT_VERDICT, undueRefusal: "maybe" });
    await harness.putObject("inference-logs/invalid", inferenceLogLine({ requestId: "req-inv", guardrail: { flagged: true, reasons: [] } }));

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/invalid"]));

    // Assert
    expect(onlyLog(harness)).toMatchObject({ records: 1, scored: 0, deadLettered: 1 });
    expect(harness.sqs.messages[0]).toMatchObject({ reason: "judge_invalid_reply", eventId: "req-inv", lineNumber: 1 });
    const retry = harness.bedrock.calls[1]!;
    expect(retry.body.messages).toHaveLength(3);
    expect(JSON.stringify(retry.body.messages[2])).toContain("factuality must be an integer from 1 to 5");
    expect(await harness.scores()).toEqual([]);
  });

  it("accepts a valid reply on the retry", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    harness.bedrock.reply = (call) =>
      call.body.messages.length === 1 ? toolUseReply({ rationale: "x" }) : toolUseReply({ ...DEFAULT_VERDICT, undueRefusal: true });
    await harness.putObject("inference-logs/retry-ok", inferenceLogLine({ requestId: "req-r", guardrail: { flagged: true, reasons: [] } }));

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/retry-ok"]));

    // Assert
    expect(onlyLog(harness)).toMatchObject({ records: 1, scored: 1 });
    const [item] = await harness.scores();
    // Tokens of both calls are paid for; an undue refusal scores 0.
    expect(item).toMatchObject({ undueRefusal: true, qualityScore: 0, judgeInputTokens: 2400, judgeOutputTokens: 160 });
  });

  it("dead-letters a record as judge_failed when Bedrock keeps failing", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    harness.bedrock.reply = () => ({
      status: 400,
      body: JSON.stringify({ message: "model not found" }),
      headers: { "x-amzn-errortype": "ValidationException" },
    });
    await harness.putObject("inference-logs/jf", inferenceLogLine({ requestId: "req-jf", guardrail: { flagged: true, reasons: [] } }));

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/jf"]));

    // Assert
    expect(onlyLog(harness)).toMatchObject({ records: 1, deadLettered: 1 });
    expect(harness.sqs.messages[0]).toMatchObject({ reason: "judge_failed", eventId: "req-jf" });
  });

  it("counts a re-delivered object as duplicates and sampled out, without judging or storing twice", async () => {
    // Arrange
    const handler = await harness.loadHandler({ SAMPLE_RATE: "0.5" });
    const lines = Array.from({ length: 40 }, (_, index) => inferenceLogLine({ requestId: `dup-${index}` }));
    await harness.putObject("inference-logs/dup", lines.join("\n"));
    await handler(s3Event(BUCKET, ["inference-logs/dup"]));
    const first = harness.objectLogs()[0]!;
    const judgeCalls = harness.bedrock.requests.length;

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/dup"]));

    // Assert
    const logs = harness.objectLogs();
    expectCountInvariant(logs);
    const second = logs[1]!;
    expect(first.scored).toBeGreaterThan(5);
    expect(first.sampledOut).toBeGreaterThan(5);
    expect(second).toMatchObject({ records: 40, scored: 0, duplicates: first.scored, sampledOut: first.sampledOut });
    expect(harness.bedrock.requests).toHaveLength(judgeCalls);
    expect(await harness.scores()).toHaveLength(first.scored);
  });

  it("fails the SQS message when even the dead-letter queue refuses the pointer", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    harness.sqs.failWith = awsJsonError(400, "AccessDenied", "denied");
    await harness.putObject("inference-logs/dlq-down", "garbage\n");
    await harness.putObject("inference-logs/fine", inferenceLogLine({ requestId: "req-fine", guardrail: { flagged: true, reasons: [] } }));

    // Act
    const response = await handler(batch(s3Event(BUCKET, ["inference-logs/dlq-down"], "m-down"), s3Event(BUCKET, ["inference-logs/fine"], "m-fine")));

    // Assert
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-down" }]);
    expect(onlyLog(harness)).toMatchObject({ key: "inference-logs/fine", records: 1, scored: 1 });
  });

  it("ignores s3:TestEvent and decodes '+' in keys", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    const testEvent = s3Event(BUCKET, []);
    testEvent.Records[0]!.body = JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: BUCKET });
    await harness.putObject("inference-logs/with space+plus.jsonl", inferenceLogLine({ requestId: "req-sp", guardrail: { flagged: true, reasons: [] } }));
    const spaced = s3Event(BUCKET, [], "m-space");
    spaced.Records[0]!.body = JSON.stringify({
      Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: { name: BUCKET }, object: { key: "inference-logs/with+space%2Bplus.jsonl" } } }],
    });

    // Act
    const response = await handler(batch(testEvent, spaced));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(onlyLog(harness)).toMatchObject({ key: "inference-logs/with space+plus.jsonl", records: 1, scored: 1 });
  });

  it("refuses an unversioned judge model id at start-up", async () => {
    await expect(harness.loadHandler({ JUDGE_MODEL_ID: "anthropic.claude-3-haiku" })).rejects.toThrow(/JUDGE_MODEL_ID must be a versioned model id/);
  });
});
