import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readLines } from "../../line-reader";
import { responseText } from "../../payload-text";
import { endpointFromCaptureKey } from "../../record-parser";
import { parseCustomAttributes } from "../../custom-attributes";
import { StreamOutputParser } from "../../../gateway/output-parser";

async function collect(chunks: Buffer[], maxLineBytes?: number): Promise<(string | undefined)[]> {
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  const lines: (string | undefined)[] = [];
  for await (const line of readLines(source(), maxLineBytes ? { maxLineBytes } : {})) lines.push(line.text);
  return lines;
}

describe("line reader", () => {
  it("joins lines split across chunks, handles CRLF and a last line without newline", async () => {
    expect(await collect([Buffer.from("ab"), Buffer.from("c\r\nde"), Buffer.from("f\ng")])).toEqual(["abc", "def", "g"]);
  });
  it("gunzips by magic bytes, whatever the name", async () => {
    const gz = gzipSync("one\ntwo\n");
    expect(await collect([gz.subarray(0, 5), gz.subarray(5)])).toEqual(["one", "two"]);
  });
  it("reports an over-long line without keeping it", async () => {
    expect(await collect([Buffer.from(`short\n${"x".repeat(5000)}\nafter\n`)], 1024)).toEqual(["short", undefined, "after"]);
  });
});

describe("LMI output shapes", () => {
  it("prefers generated_text of a streamed reply over the token lines", () => {
    const lines = '{"token":{"text":"Hel"}}\n{"token":{"text":"lo"},"generated_text":"Hello"}';
    expect(responseText(lines, "application/jsonlines").text).toBe("Hello");
  });
  it("reads OpenAI-like choices and SSE data lines", () => {
    const sse = 'data: {"choices":[{"delta":{"content":"Hi "}}]}\n\ndata: {"choices":[{"delta":{"content":"there"}}]}\n\ndata: [DONE]';
    expect(responseText(sse, "text/event-stream").text).toBe("Hi there");
  });
  it("computes mean entropy from top logprobs", () => {
    const half = Math.log(0.5);
    const body = JSON.stringify({
      choices: [{ message: { content: "x" }, logprobs: { content: [{ logprob: half, top_logprobs: [{ logprob: half }, { logprob: half }] }] } }],
    });
    expect(responseText(body, "application/json").meanTokenEntropy).toBeCloseTo(Math.log(2), 6);
  });
});

describe("one entropy formula for both sources", () => {
  // What OPTION_OUTPUT_FORMATTER=jsonlines streams (djl_python Token.as_dict): `log_prob`, not `logprob`.
  const stream = [
    `{"token":{"id":1,"text":"Your","log_prob":${Math.log(0.5)}}}`,
    `{"token":{"id":2,"text":" balance","log_prob":${Math.log(0.25)}}}`,
    `{"token":{"id":3,"text":" is 10","log_prob":${Math.log(0.9)}},"generated_text":"Your balance is 10"}`,
  ].join("\n");

  it("reads LMI's log_prob in DataCapture payloads", () => {
    const expected = (-Math.log(0.5) - Math.log(0.25) - Math.log(0.9)) / 3;
    expect(responseText(stream, "application/jsonlines").meanTokenEntropy).toBeCloseTo(expected, 9);
  });

  it("gives the same mean entropy as the gateway for the same stream, with and without top tokens", () => {
    const withTop = stream.replace(
      '"log_prob":-0.6931471805599453}}',
      `"log_prob":-0.6931471805599453},"top_tokens":[{"log_prob":${Math.log(0.5)}},{"logprob":${Math.log(0.3)}}]}`,
    );
    for (const body of [stream, withTop]) {
      const gateway = new StreamOutputParser();
      gateway.push(Buffer.from(`${body}\n`));
      const fromGateway = gateway.end("prompt").meanTokenEntropy;
      expect(fromGateway).toBeDefined();
      expect(responseText(body, "application/jsonlines").meanTokenEntropy).toBeCloseTo(fromGateway!, 12);
    }
    expect(withTop).not.toBe(stream);
  });
});

describe("capture metadata", () => {
  it("takes the endpoint from the DataCapture key layout", () => {
    expect(endpointFromCaptureKey("datacapture/llm-prod/AllTraffic/2025/06/01/12/file.jsonl")).toBe("llm-prod");
  });
  it("parses the gateway's custom attributes", () => {
    expect(parseCustomAttributes("use_case=cards;request_type=balance;request_id=r-1;guardrail=flagged")).toEqual({
      useCase: "cards",
      requestType: "balance",
      requestId: "r-1",
      guardrailFlagged: true,
    });
  });
  it("fails closed: only guardrail=clear is clear; anything else, or nothing, is flagged and reported", () => {
    expect(parseCustomAttributes("guardrail=clear")).toMatchObject({ guardrailFlagged: false });
    expect(parseCustomAttributes("guardrail=clear").unexpectedGuardrail).toBeUndefined();
    expect(parseCustomAttributes("guardrail=true")).toMatchObject({ guardrailFlagged: true, unexpectedGuardrail: "true" });
    expect(parseCustomAttributes("guardrail=CLEAR")).toMatchObject({ guardrailFlagged: true, unexpectedGuardrail: "CLEAR" });
    expect(parseCustomAttributes("use_case=cards")).toMatchObject({ guardrailFlagged: true, unexpectedGuardrail: "" });
  });
});
