import { describe, expect, it } from "vitest";
import { awsJsonError } from "../../../../testing/wire/http-stub";
import { PII, batch, captureLine, inferenceLogLine, s3Event } from "../fixtures";
import { BUCKET, onlyLog, startedHarness } from "./harness";

const harness = startedHarness();

describe("evaluator handler: PII masking before the judge (Comprehend and the local detectors)", () => {
  it("never sends unmasked text when Comprehend fails: masking_failed", async () => {
    // Arrange
    const handler = await harness.loadHandler();
    harness.comprehend.failWith = awsJsonError(500, "InternalServerException", "boom");
    await harness.putObject("inference-logs/cf", inferenceLogLine({ requestId: "req-cf", guardrail: { flagged: true, reasons: [] } }));

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/cf"]));

    // Assert
    expect(onlyLog(harness)).toMatchObject({ records: 1, deadLettered: 1, scored: 0 });
    expect(harness.sqs.messages[0]).toMatchObject({ reason: "masking_failed", eventId: "req-cf" });
    expect(harness.comprehend.requests.length).toBeGreaterThan(2);
    expect(harness.bedrock.requests).toHaveLength(0);
    // Nothing is left retrying once the handler has returned (Lambda would freeze it mid-call).
    const callsAtReturn = harness.comprehend.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(harness.comprehend.requests).toHaveLength(callsAtReturn);
  });

  it("uses only the local masks for a language Comprehend does not support (pt)", async () => {
    // Arrange
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt" });
    await harness.putObject(
      "inference-logs/pt",
      inferenceLogLine({ requestId: "req-pt", prompt: `Meu CPF é ${PII.cpf}`, guardrail: { flagged: true, reasons: [] } }),
    );

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/pt"]));

    // Assert
    expect(onlyLog(harness)).toMatchObject({ records: 1, scored: 1 });
    expect(harness.comprehend.requests).toHaveLength(0);
    expect(harness.bedrock.receivedText()).toContain("Meu CPF é [CPF]");
  });

  it("with PII languages pt,en calls Comprehend in English only and masks the Portuguese data it does not find", async () => {
    // Arrange: the Comprehend stub knows "John Smith" only.
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt,en" });
    const prompt = "Sou o Raimundo Nonato Ferreira, moro na Travessa São José, 45, CEP 40020-010, e o John Smith é meu sócio.";
    await harness.putObject("inference-logs/pt-en", inferenceLogLine({ requestId: "req-pt-en", prompt, guardrail: { flagged: true, reasons: [] } }));

    // Act
    await handler(s3Event(BUCKET, ["inference-logs/pt-en"]));

    // Assert
    expect(onlyLog(harness)).toMatchObject({ records: 1, scored: 1 });
    expect(harness.comprehend.requests.map((request) => JSON.parse(request.body).LanguageCode)).toEqual(["en", "en"]);
    expect(harness.bedrock.receivedText()).toContain("Sou o [NAME], moro na [ADDRESS], CEP [CEP], e o [NAME] é meu sócio.");
  });

  it("in sa-east-1, sends the judge no Portuguese name, address, CEP, RG, PIX key or plate and stores none of them", async () => {
    // Arrange: Portuguese prompts and answers, through both sources, masked locally only (no Comprehend there).
    expect(process.env.AWS_REGION).toBe("sa-east-1");
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt" });
    const client = {
      name: "Maria da Silva Santos",
      street: "Rua das Flores, 123, apto 45",
      cep: "01310-100",
      rg: "12.345.678-9",
      pixKey: "7d4e2a9c-3b1f-4c8e-9a6d-5f0e1b2c3d4e",
      plate: "BRA2E19",
    };
    const logLines = [
      inferenceLogLine({
        requestId: "req-pt-1",
        guardrail: { flagged: true, reasons: [] },
        prompt: `Bom dia, meu nome é ${client.name}. Moro na ${client.street}, CEP ${client.cep}, e meu RG é ${client.rg}. Por que o Pix para a chave ${client.pixKey} não caiu?`,
        response: `Olá, Maria! Verifiquei a chave ${client.pixKey}: o Pix foi devolvido. Confirme seu endereço (${client.street}, CEP ${client.cep}).`,
      }),
      inferenceLogLine({
        requestId: "req-pt-2",
        guardrail: { flagged: true, reasons: [] },
        prompt: "Sou o João Pedro de Oliveira, titular do carro placa ABC-1234, e moro na Avenida Brasil, 2000, bloco B, CEP 20040-002.",
        response: "Sr. João Pedro, o IPVA do veículo ABC-1234 pode ser pago no aplicativo.",
      }),
    ];
    const captureKey = "datacapture/llm-prod/AllTraffic/2025/06/01/12/pt.jsonl";
    const capture = captureLine({
      eventId: "cap-pt",
      customAttributes: "use_case=cards;request_type=vehicle;request_id=req-pt-3;guardrail=flagged",
      input: JSON.stringify({
        inputs: `A Sra. Ana Beatriz Costa, RG ${client.rg}, quer financiar o carro ${client.plate}. Endereço: Rua Augusta, 1500, CEP 01304-001.`,
      }),
      output: JSON.stringify({ generated_text: "Ana Beatriz, o financiamento do BRA2E19 foi aprovado." }),
    });
    await harness.putObject("inference-logs/pt-1", logLines.join("\n"));
    await harness.putObject(captureKey, capture);

    // Act
    const response = await handler(batch(s3Event(BUCKET, ["inference-logs/pt-1"], "m-pt-1"), s3Event(BUCKET, [captureKey], "m-pt-2")));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(harness.comprehend.requests).toHaveLength(0);
    const sent = harness.bedrock.receivedText();
    expect(harness.bedrock.calls).toHaveLength(3);
    const secrets = [
      ...Object.values(client),
      "Maria",
      "Silva",
      "Rua das Flores",
      "01310",
      "345.678",
      "7d4e2a9c",
      "João Pedro",
      "Oliveira",
      "ABC-1234",
      "Avenida Brasil, 2000",
      "20040-002",
      "Ana Beatriz",
      "Costa",
      "Rua Augusta, 1500",
      "01304-001",
    ];
    for (const secret of secrets) expect(sent, secret).not.toContain(secret);
    for (const placeholder of ["[NAME]", "[ADDRESS]", "[CEP]", "[RG]", "[PIX_KEY]", "[PLATE]"]) expect(sent).toContain(placeholder);
    expect(sent).toContain("Por que o Pix para a chave [PIX_KEY] não caiu?");
    const items = (await harness.scores()).sort((a, b) => String(a.eventId).localeCompare(String(b.eventId)));
    expect(items.map((item) => item.eventId)).toEqual(["req-pt-1", "req-pt-2", "req-pt-3"]);
    for (const secret of secrets) expect(JSON.stringify(items), secret).not.toContain(secret);
    expect(items[0]!.maskedEntities).toEqual({ NAME: 2, ADDRESS: 2, CEP: 2, RG: 1, PIX_KEY: 2 });
    expect(items[1]!.maskedEntities).toEqual({ NAME: 2, ADDRESS: 1, CEP: 1, PLATE: 2 });
    expect(items[2]!.maskedEntities).toEqual({ NAME: 2, RG: 1, PLATE: 2, ADDRESS: 1, CEP: 1 });
  });
});
