import { describe, expect, it } from "vitest";
import { batch, inferenceLogLine, s3Event } from "../fixtures";
import { PLANTED_MISSES, survivingWords } from "../pii-miss-kinds";
import { BUCKET, startedHarness } from "./harness";

const harness = startedHarness();

describe("evaluator in sa-east-1 with names of every kind that got through on real text (issue 20)", () => {
  it("sends none of them to the judge and stores none of them, and keeps the city", async () => {
    // Arrange: one flagged record per kind, the name in the prompt and again in the answer.
    expect(process.env.AWS_REGION).toBe("sa-east-1");
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt" });
    const lines = PLANTED_MISSES.map((planted, index) =>
      inferenceLogLine({ requestId: `miss-${index}`, guardrail: { flagged: true, reasons: [] }, prompt: planted.text, response: `Resumo: ${planted.text}` }),
    );
    await harness.putObject("inference-logs/miss-kinds", lines.join("\n"));

    // Act
    const response = await handler(batch(s3Event(BUCKET, ["inference-logs/miss-kinds"], "m-miss")));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(harness.comprehend.requests).toHaveLength(0);
    expect(harness.bedrock.calls).toHaveLength(PLANTED_MISSES.length);
    const sent = harness.bedrock.receivedText();
    const stored = JSON.stringify(await harness.scores());
    for (const planted of PLANTED_MISSES) {
      expect(survivingWords(sent, planted.words), planted.kind).toEqual([]);
      expect(survivingWords(stored, planted.words), planted.kind).toEqual([]);
    }
    expect(sent).toContain("São Gonçalo");
    expect(sent).toContain("[NAME]");
    expect(sent).toContain("[ADDRESS]");
  });
});
