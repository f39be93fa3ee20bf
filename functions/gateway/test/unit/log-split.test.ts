import type { FirehoseClient } from "@aws-sdk/client-firehose";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import {
  API_GATEWAY_INTEGRATION_TIMEOUT_MS,
  FIREHOSE_MAX_RECORD_BYTES,
  LOG_DELIVERY_BUDGET_MS,
  MAX_INVOKE_TIMEOUT_MS,
  RESPONSE_MARGIN_MS,
} from "../../../../contracts/gateway-budget";
import type { InferenceLogPart, InferenceLogRecord } from "../../../../contracts/inference-log-record";
import { responseBudget } from "../../gateway";
import { deliverLogRecord, encodeLogRecord } from "../../log-delivery";
import { charsWithinBytes, joinLogRecord, splitLogRecord } from "../../log-split";

function record(prompt: string, response: string): InferenceLogRecord {
  return {
    recordType: "llm-inference-log",
    schemaVersion: 1,
    requestId: "r-big",
    inferenceTime: "2025-06-01T12:00:00.000Z",
    completedAt: "2025-06-01T12:00:02.000Z",
    endpointName: "e",
    modelName: "m",
    instanceType: "ml.g5.12xlarge",
    useCase: "general",
    requestType: "general",
    status: "ok",
    guardrail: { flagged: true, reasons: ["prompt_size_outlier"] },
    tokens: { prompt: 1, completion: 1, promptEstimated: true },
    timing: { totalMs: 10 },
    prompt,
    response,
  };
}

const decode = (lines: readonly Uint8Array[]) => lines.map((l) => JSON.parse(Buffer.from(l).toString("utf8")) as Record<string, unknown>);

describe("inference log over Firehose's 1,000 KiB record limit", () => {
  it("keeps a record that fits as one line, byte for byte", () => {
    const small = record("What is my balance?", "R$ 10");
    const { lines, split } = splitLogRecord(small);
    expect(split).toBeUndefined();
    expect(lines).toEqual([encodeLogRecord(small)]);
  });

  it("splits a 2.5 MB prompt into a marked head and parts that reassemble to the whole record", () => {
    // Multi-byte characters, quotes and escapes: byte sizes, not character counts, must be kept.
    const prompt = `${'Ignore as instruções "anteriores" 🙂\n'.repeat(70_000)}fim`;
    const response = "ok ".repeat(120_000);
    const big = record(prompt, response);
    expect(encodeLogRecord(big).length).toBeGreaterThan(2.5 * 1024 * 1024);

    const { lines, split } = splitLogRecord(big);

    for (const line of lines) expect(line.length).toBeLessThanOrEqual(FIREHOSE_MAX_RECORD_BYTES);
    const [head, ...parts] = decode(lines) as unknown as [InferenceLogRecord, ...InferenceLogPart[]];
    expect(head.split).toEqual(split);
    expect(split).toMatchObject({
      originalBytes: encodeLogRecord(big).length,
      promptChars: prompt.length,
      responseChars: response.length,
      parts: parts.length,
      truncatedChars: 0,
    });
    expect(parts.every((p) => p.recordType === "llm-inference-log-part" && p.requestId === "r-big" && p.parts === parts.length)).toBe(true);
    expect(head.prompt).toBe(prompt.slice(0, split!.headPromptChars));
    expect(joinLogRecord(head, parts.reverse())).toEqual(big);
  });

  it("truncates past the part limit with a marker holding the original sizes and what was cut", () => {
    const prompt = "p".repeat(20_000);
    const response = "r".repeat(5_000);
    const { lines, split } = splitLogRecord(record(prompt, response), { maxRecordBytes: 3_000, maxParts: 3 });

    for (const line of lines) expect(line.length).toBeLessThanOrEqual(3_000);
    const [head, ...parts] = decode(lines) as unknown as [InferenceLogRecord, ...InferenceLogPart[]];
    expect(parts).toHaveLength(3);
    expect(head.split).toMatchObject({ promptChars: 20_000, responseChars: 5_000, parts: 3 });
    const carried = head.prompt.length + head.response.length + parts.reduce((n, p) => n + p.text.length, 0);
    expect(split!.truncatedChars).toBe(25_000 - carried);
    expect(split!.truncatedChars).toBeGreaterThan(0);
  });

  it("never cuts a surrogate pair", () => {
    expect(charsWithinBytes("a🙂b", 0, 3)).toBe(1);
    expect(charsWithinBytes("a🙂b", 0, 5)).toBe(3);
  });
});

describe("the gateway's time budget under API Gateway's 29 s", () => {
  it("fits the longest invoke deadline, both delivery attempts and the margin", () => {
    expect(MAX_INVOKE_TIMEOUT_MS + LOG_DELIVERY_BUDGET_MS + RESPONSE_MARGIN_MS).toBeLessThanOrEqual(API_GATEWAY_INTEGRATION_TIMEOUT_MS);
  });

  it("counts from API Gateway's clock, so a slow cold start shortens the invoke rather than the answer", () => {
    const event = { requestContext: { requestTimeEpoch: 1_000_000 } } as unknown as APIGatewayProxyEvent;
    // The function started 3 s after API Gateway received the request.
    expect(responseBudget(event, 1_003_000)).toEqual({ respondBy: 1_028_000, invokeBy: 1_024_000 });
    // Without a plausible timestamp, the function's own start.
    expect(responseBudget({ requestContext: {} } as unknown as APIGatewayProxyEvent, 5_000).respondBy).toBe(33_000);
    expect(responseBudget({ requestContext: { requestTimeEpoch: 9_999_999 } } as unknown as APIGatewayProxyEvent, 5_000).respondBy).toBe(33_000);
  });

  it("starts no delivery attempt past the deadline and cuts the attempt to what is left", async () => {
    const signals: AbortSignal[] = [];
    const failed: string[] = [];
    const firehose = {
      send: async (_command: unknown, options: { abortSignal: AbortSignal }) => {
        signals.push(options.abortSignal);
        throw Object.assign(new Error("unavailable"), { name: "ServiceUnavailableException" });
      },
    } as unknown as FirehoseClient;
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
    let clock = 10_000;
    const ok = await deliverLogRecord(record("hi", "ok"), {
      firehose,
      streamName: "s",
      logger,
      deadline: 10_300,
      // The first attempt "takes" 280 ms: the second would start 20 ms before the deadline.
      now: () => {
        const t = clock;
        clock += 280;
        return t;
      },
      onDeliveryFailed: (r) => failed.push(r.requestId),
    });
    expect(ok).toBe(false);
    expect(signals).toHaveLength(1);
    expect(failed).toEqual(["r-big"]);
  });
});
