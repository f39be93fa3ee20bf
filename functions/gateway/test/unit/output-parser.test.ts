import { describe, expect, it } from "vitest";
import { StreamOutputParser, estimatePromptTokens, parseStreamLine } from "../../output-parser";

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));

describe("StreamOutputParser", () => {
  it("reassembles LMI jsonlines split across chunks and several lines per chunk", () => {
    // Arrange
    const parser = new StreamOutputParser();
    const chunks = [
      '{"token": {"id": 304, "text": "Deep", "log_prob": -0.05}}\n{"token": {"id": 11',
      '157, "text": " Learning", "log_prob": -1.28}}\n',
      '{"token": {"id": 278, "text": " rocks", "log_prob": -0.01}, "generated_text": "Deep Learning rocks", "details": {"finish_reason": "eos_token", "generated_tokens": 3, "inputs": "x"}}',
    ];
    // Act
    for (const chunk of chunks) parser.push(enc(chunk));
    const out = parser.end("What is deep learning?");
    // Assert
    expect(out.text).toBe("Deep Learning rocks");
    expect(out.completionTokens).toBe(3);
    expect(out.finishReason).toBe("eos_token");
    expect(out.malformedLines).toBe(0);
  });

  it("keeps a multi-byte character split between two chunks", () => {
    const parser = new StreamOutputParser();
    const bytes = enc('{"token": {"id": 1, "text": "ação"}}\n');
    const cut = Buffer.from('{"token": {"id": 1, "text": "a', "utf8").length + 1; // inside "ç"
    parser.push(bytes.slice(0, cut));
    parser.push(bytes.slice(cut));
    expect(parser.end("").text).toBe("ação");
  });

  it("counts token lines when the container reports no generated_tokens", () => {
    const parser = new StreamOutputParser();
    parser.push(enc('data:{"token": {"id": 1, "text": "a"}}\n\ndata:{"token": {"id": 2, "text": "b"}}\ndata: [DONE]\n'));
    const out = parser.end("");
    expect(out.text).toBe("ab");
    expect(out.completionTokens).toBe(2);
  });

  it("estimates prompt tokens as ceil(chars / 4) and marks them estimated when none are reported", () => {
    const parser = new StreamOutputParser();
    parser.push(enc('{"token": {"id": 1, "text": "a"}}\n'));
    const out = parser.end("0123456789"); // 10 chars
    expect(out.promptTokens).toBe(3);
    expect(out.promptTokensEstimated).toBe(true);
    expect(estimatePromptTokens("12345678")).toBe(2);
  });

  it("reads OpenAI-compatible chunks with usage and the cached-token signal", () => {
    const parser = new StreamOutputParser();
    parser.push(enc('data: {"choices":[{"index":0,"delta":{"content":"Olá"},"finish_reason":null}]}\n'));
    parser.push(enc('data: {"choices":[{"index":0,"delta":{"content":" mundo"},"finish_reason":"stop"}]}\n'));
    parser.push(enc('data: {"choices":[],"usage":{"prompt_tokens":512,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":384}}}\ndata: [DONE]\n'));
    const out = parser.end("ignored");
    expect(out.text).toBe("Olá mundo");
    expect(out.promptTokens).toBe(512);
    expect(out.promptTokensEstimated).toBe(false);
    expect(out.completionTokens).toBe(2);
    expect(out.cachedPromptTokens).toBe(384);
  });

  it("computes mean entropy from top logprobs, with the unseen tail as one outcome", () => {
    const parser = new StreamOutputParser();
    // Token 1: full distribution 0.5/0.25/0.25 -> H = 1.5 bits = 1.0397 nats.
    // Token 2: only p=0.5 seen, tail 0.5 -> H = ln 2 = 0.6931 nats.
    parser.push(
      enc(
        `data: {"choices":[{"delta":{"content":"x"},"logprobs":{"content":[{"token":"x","logprob":${Math.log(0.5)},"top_logprobs":[{"token":"x","logprob":${Math.log(0.5)}},{"token":"y","logprob":${Math.log(0.25)}},{"token":"z","logprob":${Math.log(0.25)}}]}]}}]}\n` +
          `data: {"choices":[{"delta":{"content":"y"},"logprobs":{"content":[{"token":"y","logprob":${Math.log(0.5)},"top_logprobs":[{"token":"y","logprob":${Math.log(0.5)}}]}]}}]}\n`,
      ),
    );
    const out = parser.end("");
    expect(out.meanTokenEntropy).toBeCloseTo((1.0397208 + 0.6931472) / 2, 5);
    expect(out.completionTokens).toBe(2);
  });

  it("uses the sampled token's surprisal when only log_prob is returned", () => {
    const parser = new StreamOutputParser();
    parser.push(enc('{"token": {"id": 1, "text": "a", "log_prob": -0.2}}\n{"token": {"id": 2, "text": "b", "log_prob": -0.6}}\n'));
    expect(parser.end("").meanTokenEntropy).toBeCloseTo(0.4, 10);
  });

  it("reports LMI's in-band error line as finish_reason error without counting it as a token", () => {
    const parser = new StreamOutputParser();
    parser.push(
      enc(
        '{"token": {"id": 7, "text": "a"}}\n{"token": {"id": -1, "text": "", "log_prob": -1, "special_token": true}, "generated_text": "", "details": {"finish_reason": "error", "generated_tokens": null, "inputs": null}}\n',
      ),
    );
    const out = parser.end("");
    expect(out.finishReason).toBe("error");
    expect(out.completionTokens).toBe(1);
    expect(out.text).toBe("a");
  });

  it("counts malformed lines instead of throwing", () => {
    const parser = new StreamOutputParser();
    parser.push(enc('not json\n{"token": {"id": 1, "text": "a"}}\n'));
    expect(parser.end("").malformedLines).toBe(1);
  });
});

describe("parseStreamLine", () => {
  it("skips blank lines, SSE comments and the [DONE] marker", () => {
    expect(parseStreamLine("").kind).toBe("skip");
    expect(parseStreamLine(": keep-alive").kind).toBe("skip");
    expect(parseStreamLine("data: [DONE]").kind).toBe("skip");
  });

  it("reads prompt tokens from details.prefill when the container returns it", () => {
    const line = parseStreamLine('{"token": {"id": 1, "text": "a"}, "details": {"prefill": [{"id":1},{"id":2},{"id":3}]}}');
    expect(line.kind === "data" && line.promptTokens).toBe(3);
  });

  it("drops special tokens from the text but counts them", () => {
    const line = parseStreamLine('{"token": {"id": 2, "text": "</s>", "special": true}}');
    expect(line).toMatchObject({ kind: "data", textDelta: "", tokens: 1 });
  });
});
