import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BedrockStub, textReply, type ConverseCall } from "../../../../testing/wire/bedrock-stub";
import { BedrockJudge } from "../../adapters/bedrock-judge";
import { buildCompactJudgeMessage } from "../../judge/prompt";
import { customerTurns } from "../../judge/request-view";
import { validateVerdictLine } from "../../judge/reply-validator";
import { RUBRICS } from "../../judge/rubrics";

const LLAMA =
  "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are Banco Exemplo's assistant. Never give advice.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWhat is my card's due date?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";

describe("customer turns", () => {
  it("keeps the customer's turns of a Llama 3 or ChatML prompt and drops the assistant's system prompt", () => {
    expect(customerTurns(LLAMA)).toBe("What is my card's due date?");
    expect(customerTurns("<|im_start|>system\nBe brief<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>user\nMy PIX limit?<|im_end|>")).toBe(
      "Hi\n\nMy PIX limit?",
    );
  });
  it("sends a prompt in a format it does not know whole, so nothing is dropped unseen", () => {
    expect(customerTurns("System: be brief. User: what is my limit?")).toBe("System: be brief. User: what is my limit?");
  });
  it("fences the customer's turns, not the system prompt, in the compact message", () => {
    const message = buildCompactJudgeMessage({ prompt: LLAMA, response: "The 10th.", useCase: "cards", requestType: "balance_inquiry" });
    expect(message).toContain("What is my card's due date?");
    expect(message).not.toContain("Never give advice");
    expect(message).toMatch(/<assistant_answer-[0-9a-f]{16}>\nThe 10th\.\n<\/assistant_answer-[0-9a-f]{16}>/);
  });
});

describe("one-line verdict", () => {
  it("reads four values and nothing else", () => {
    expect(validateVerdictLine(" 5 4 5 false\n")).toEqual({ ok: true, scores: { factuality: 5, completeness: 4, toneCompliance: 5, undueRefusal: false } });
    expect(validateVerdictLine("5 4 5 true").ok).toBe(true);
    expect(validateVerdictLine("Scores: 5 4 5 false").ok).toBe(false);
    expect(validateVerdictLine("6 4 5 false").ok).toBe(false);
    expect(validateVerdictLine("5 4 5").ok).toBe(false);
  });
});

describe("BedrockJudge with the compact rubric (over HTTP against the Bedrock stub)", () => {
  const stub = new BedrockStub();
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    await stub.start();
    client = new BedrockRuntimeClient({ region: "sa-east-1", endpoint: stub.url, credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await stub.stop();
  });

  it("sends no tool, reads the line, and retries once with the problem named", async () => {
    const calls: ConverseCall[] = [];
    stub.reply = (call, index) => {
      calls.push(call);
      return index === 0
        ? textReply("The answer is good.", { inputTokens: 700, outputTokens: 6 })
        : textReply("5 4 5 false", { inputTokens: 720, outputTokens: 7 });
    };
    const judge = new BedrockJudge(client, { modelId: "anthropic.claude-3-haiku-20240307-v1:0", rubric: RUBRICS["bank-qa-rubric/2026-12-v3"] });
    const verdict = await judge.evaluate({ prompt: LLAMA, response: "The 10th of each month.", useCase: "cards", requestType: "balance_inquiry" });
    expect(verdict).toEqual({ scores: { factuality: 5, completeness: 4, toneCompliance: 5, undueRefusal: false }, inputTokens: 1420, outputTokens: 13 });
    expect(calls.every((call) => call.body.toolConfig === undefined)).toBe(true);
    expect(JSON.stringify(calls[1]!.body.messages.at(-1))).toContain("one line of four values");
  });
});
