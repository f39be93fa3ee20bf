/**
 * The bank's in-region PII model through the real handler: SageMaker Runtime InvokeEndpoint over HTTP
 * to a local stub playing a token classifier. Its names are masked with the local detectors', a name
 * it found is stopped if written again, and a failing model dead-letters the record (never sent).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsJsonError } from "../../../../testing/wire/http-stub";
import { SageMakerInvokeStub } from "../../../../testing/wire/sagemaker-invoke-stub";
import { flaggedLogLine, s3Event } from "../fixtures";
import { BUCKET, Harness } from "./harness";

const harness = new Harness();
const model = new SageMakerInvokeStub();

beforeAll(async () => {
  await harness.start();
  await model.start();
  process.env.AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME = model.url;
});
afterAll(async () => {
  await model.stop();
  await harness.stop();
});
beforeEach(async () => {
  await harness.reset();
  model.requests.length = 0;
  model.reply = undefined;
  model.names = [];
});

describe("PII model endpoint (SageMaker Runtime, same region)", () => {
  it("masks the names the model finds beside the local detectors' and stops a lower-case repeat of them", async () => {
    // Arrange: the local detectors miss a lone surname that is also a word, with no cue ("Pontes",
    // "Leite"); the model finds them.
    model.names = ["Pontes", "Leite"];
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt", PII_MODEL_ENDPOINT: "pii-ner-ptbr" });
    const key = "inference-logs/2025/06/01/12/model.jsonl";
    const lines = [
      flaggedLogLine("court", "A tese de Pontes e a lição de Leite valem aqui? CPF 529.982.247-25"),
      flaggedLogLine("repeat", "Segundo a tese de Pontes, sim.", "como diz pontes, a constituição tem força."),
    ];
    await harness.putObject(key, `${lines.join("\n")}\n`);

    // Act
    const response = await handler(s3Event(BUCKET, [key]));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(model.calls.every((call) => call.endpointName === "pii-ner-ptbr")).toBe(true);
    const sent = harness.bedrock.receivedText();
    expect(sent).toContain("A tese de [NAME] e a lição de [NAME] valem aqui? CPF [CPF]");
    for (const name of ["Pontes", "Leite", "pontes"]) expect(sent).not.toContain(name);
    expect(harness.sqs.messages.map((m) => [m.eventId, m.reason])).toEqual([["repeat", "pii_survived_masking"]]);
    const [item] = await harness.scores();
    expect(item).toMatchObject({ eventId: "court", maskedEntities: { NAME: 2, CPF: 1 } });
  });

  it("dead-letters the record as masking_failed when the model endpoint fails: nothing unmasked is sent", async () => {
    // Arrange
    model.reply = () => awsJsonError(400, "ModelError", "Received server error (500) from primary");
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt", PII_MODEL_ENDPOINT: "pii-ner-ptbr" });
    const key = "inference-logs/2025/06/01/12/model-down.jsonl";
    await harness.putObject(key, `${flaggedLogLine("down", "O voto do Ministro Eros Grau")}\n`);

    // Act
    const response = await handler(s3Event(BUCKET, [key]));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    expect(harness.bedrock.calls).toEqual([]);
    expect(harness.sqs.messages).toMatchObject([{ eventId: "down", reason: "masking_failed" }]);
    expect(String(harness.sqs.messages[0]!.errorMessage)).not.toContain("Eros");
  });
});
