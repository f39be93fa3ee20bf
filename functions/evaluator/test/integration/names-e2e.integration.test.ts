/**
 * sa-east-1 end to end (local detectors only, no Comprehend; real SDK over HTTP to local S3,
 * DynamoDB, SQS and Bedrock): person names of every kind the issue found getting through on real
 * Portuguese text are planted in captured records. For each, the record is either judged with the
 * names masked, or stopped by the last check; a name that reached the Bedrock stub is a leak.
 *
 * The leaks today's detectors and last check cannot stop are listed in `KNOWN_LEAKS`, and the test
 * requires that list to be exact: a new leak fails it, and so does a fixed one (shrink the list).
 * The name layers of issue 20 (docs/pii-masking.md) emptied it.
 */
import { describe, expect, it } from "vitest";
import { captureLine, s3Event } from "../fixtures";
import { BUCKET, startedHarness } from "./harness";

const harness = startedHarness();

interface Planted {
  /** The kind of miss, as the issue lists it. */
  readonly kind: string;
  readonly prompt: string;
  /** Words of the planted names; none may reach the judge. */
  readonly names: readonly string[];
}

const PLANTED: readonly Planted[] = [
  { kind: "title-not-a-cue", prompt: "O voto do Ministro Eros Grau acompanhou a divergência?", names: ["Eros", "Grau"] },
  { kind: "all-caps", prompt: "O SENHOR MINISTRO LUIZ FUX - Senhor Presidente, acompanho o relator. O que isso significa?", names: ["LUIZ", "FUX"] },
  {
    kind: "citation",
    prompt: "Como ensina MOREIRA NETO, Leopoldo Martins, o ato é nulo. Isso vale para o meu contrato?",
    names: ["MOREIRA", "NETO", "Leopoldo", "Martins"],
  },
  {
    kind: "later-one-word-mention",
    prompt: "O economista John Mills criticou o plano. A inflação vai voltar, diz Mills. Devo renegociar?",
    names: ["John", "Mills"],
  },
  { kind: "foreign", prompt: "Segundo Konrad Hesse, a Constituição tem força normativa. O banco pode cobrar essa tarifa?", names: ["Konrad", "Hesse"] },
  { kind: "lower-case-informal", prompt: "votei no bolsonaro e agora quero cancelar meu cartao", names: ["bolsonaro"] },
  { kind: "given-name-not-listed", prompt: "Meu filho Julianderson abriu uma conta ontem, ele pode usar o PIX?", names: ["Julianderson"] },
  { kind: "street-without-number", prompt: "Moro na Rua Maria Rita, em São Gonçalo, e quero mudar o endereço da fatura.", names: ["Maria Rita"] },
];

/** Kinds whose names reach the judge with today's detectors and last check. Must be exact: none today. */
const KNOWN_LEAKS: string[] = [];

const words = (text: string) => new Set(text.toLocaleLowerCase("pt-BR").match(/[\p{L}]+/gu) ?? []);

describe("sa-east-1 end to end: planted person names never reach the judge unnoticed", () => {
  it("judges each record with its names masked or stops it, and leaks only the listed kinds", async () => {
    // Arrange: one captured record per kind (guardrail-flagged, so each is judged) and one ordinary named client.
    const handler = await harness.loadHandler({ PII_LANGUAGES: "pt" });
    const key = "datacapture/llm-prod/AllTraffic/2025/06/01/12/names.jsonl";
    const line = (eventId: string, prompt: string) =>
      captureLine({
        eventId,
        customAttributes: `use_case=support;request_type=general;request_id=${eventId};guardrail=flagged`,
        input: JSON.stringify({ inputs: prompt }),
        output: JSON.stringify({ generated_text: "Posso ajudar com isso pelo aplicativo." }),
      });
    const lines = [...PLANTED.map((p) => line(p.kind, p.prompt)), line("named-client", "Meu nome é Maria Silva e quero o meu saldo.")];
    await harness.putObject(key, `${lines.join("\n")}\n`);

    // Act
    const response = await handler(s3Event(BUCKET, [key]));

    // Assert
    expect(response.batchItemFailures).toEqual([]);
    const judged = harness.bedrock.calls.map((call) => JSON.stringify(call.body.messages));
    const stopped = new Set(harness.sqs.messages.filter((m) => m.reason === "pii_survived_masking").map((m) => String(m.eventId)));
    const outcome = (planted: Planted): string => {
      if (stopped.has(planted.kind)) return "stopped";
      const sent = judged.find((text) => text.includes(planted.prompt.slice(-12)));
      if (sent === undefined) return "not judged";
      const sentWords = words(sent);
      return planted.names.some((name) => [...words(name)].some((word) => sentWords.has(word))) ? "leaked" : "masked";
    };
    const outcomes = Object.fromEntries(PLANTED.map((planted) => [planted.kind, outcome(planted)]));
    expect(Object.values(outcomes).every((o) => o !== "not judged")).toBe(true);
    expect(Object.keys(outcomes).filter((kind) => outcomes[kind] === "leaked")).toEqual(KNOWN_LEAKS);
    // The ordinary client is judged, masked: the pipeline did not stop everything.
    expect(judged.some((text) => text.includes("Meu nome é [NAME] e quero o meu saldo."))).toBe(true);
    // Scores carry counts, never text: no planted name is in the table, leaked or not.
    const table = JSON.stringify(await harness.scores());
    for (const planted of PLANTED) for (const name of planted.names) expect(table).not.toContain(name);
    expect((await harness.scores()).map((item) => item.eventId)).toContain("named-client");
  });
});
