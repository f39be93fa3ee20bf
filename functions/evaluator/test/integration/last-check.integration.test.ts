/**
 * The fail-closed last check through the real handler (sa-east-1: local detectors only, no
 * Comprehend): a planted survivor is dead-lettered as `pii_survived_masking`, never sent to the
 * Bedrock stub nor stored, counted in the object's log line and in the `PiiSurvivedMasking` EMF line.
 */
import { describe, expect, it } from "vitest";
import { PRIVACY_METRICS } from "../../../../contracts/metric-catalogue";
import { captureLine, flaggedLogLine, s3Event } from "../fixtures";
import { BUCKET, startedHarness } from "./harness";

const harness = startedHarness();

describe("fail-closed last check before the judge", () => {
  it("dead-letters records whose masked text still holds client data and judges the clean one", async () => {
    // Arrange: SAMPLE_RATE 0 and flagged records, so each one is judged unless the last check stops it.
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt", AWS_LAMBDA_FUNCTION_NAME: "llmobs-retail-prod-evaluator" });
    const key = "inference-logs/2025/06/01/12/survivors.jsonl";
    const lines = [
      // The masks find "John Costa" in the prompt; the answer names him again by his surname alone, in
      // lower case, where it is also an everyday word the masks leave ("costa").
      flaggedLogLine("mills", "O que o economista John Costa disse?", "A inflação vai subir, diz costa."),
      // A CPF written with a slash before its check digits: not a form the masks know.
      flaggedLogLine("cpf-slash", "Meu CPF é 529.982.247/25, qual meu limite?", "Seu limite é R$ 2.000."),
      // A client attribute of the capture record (not one the gateway writes) repeated in the prompt,
      // as a given name that is also an everyday word ("rosa"), which the masks leave in lower case.
      captureLine({
        eventId: "attr",
        customAttributes: "use_case=cards;request_type=limit;request_id=attr;guardrail=flagged;customer_id=Rosa%20Arantes",
        input: JSON.stringify({ inputs: "oi, aqui é a rosa, preciso de ajuda." }),
      }),
      flaggedLogLine("clean", "Meu nome é Maria Silva, CPF 529.982.247-25.", "Olá! Seu CPF está ativo."),
    ];
    await harness.putObject(key, `${lines.join("\n")}\n`);

    // Act
    const response = await handler(s3Event(BUCKET, [key]));

    // Assert: three pointers, with the reason and what survived where (never the value).
    expect(response.batchItemFailures).toEqual([]);
    // Records are judged concurrently: the pointers arrive in any order.
    const pointers = harness.sqs.messages.map((m) => [m.eventId, m.reason, m.errorMessage]).sort();
    expect(pointers).toEqual([
      ["attr", "pii_survived_masking", "PiiSurvivedMaskingError: client data survived masking: 1 REVEALED_NAME in prompt"],
      ["cpf-slash", "pii_survived_masking", "PiiSurvivedMaskingError: client data survived masking: 1 CPF in prompt"],
      ["mills", "pii_survived_masking", "PiiSurvivedMaskingError: client data survived masking: 1 REVEALED_NAME in response"],
    ]);
    const sent = harness.bedrock.receivedText();
    for (const value of ["Costa", "costa", "247/25", "rosa", "Maria Silva", "529.982.247-25"]) expect(sent).not.toContain(value);
    expect(harness.bedrock.calls).toHaveLength(1);
    expect(sent).toContain("Meu nome é [NAME], CPF [CPF].");
    expect((await harness.scores()).map((item) => item.eventId)).toEqual(["clean"]);
    expect(harness.objectLogs()[0]).toMatchObject({ records: 4, scored: 1, deadLettered: 3, survivedMasking: 3 });
    const emf = harness.logs.find((log) => PRIVACY_METRICS.survivedMasking.name in log);
    expect(emf).toMatchObject({ Evaluator: "llmobs-retail-prod-evaluator", PiiSurvivedMasking: 3 });
    expect(JSON.stringify(emf)).toContain('"Namespace":"LLMInference/Privacy"');
  });
});
