import { describe, expect, it } from "vitest";
import { maskJudgeInput } from "../../judge-input";
import { describeSurvivors, lastCheck, type CheckedRecord } from "../../last-check/last-check";
import { metadataValues } from "../../last-check/metadata-values";
import { scanStructured } from "../../last-check/structured-scan";

/** Masks a record as the evaluator does (local detectors only, as in sa-east-1) and runs the last check. */
async function check(record: CheckedRecord) {
  const masked = await maskJudgeInput({ ...record, useCase: "cards", requestType: "balance" }, ["pt"]);
  return { masked: masked.input, survivors: lastCheck(masked.input, record) };
}

/**
 * The last check on a judge input masked less well than the local detectors mask today: the
 * survivor a weaker masking (or a future regression) would leave, which the check exists to stop.
 */
async function checkPartlyMasked(record: CheckedRecord, partly: { prompt: string; response: string }) {
  const masked = await maskJudgeInput({ ...record, useCase: "cards", requestType: "balance" }, ["pt"]);
  return lastCheck({ ...masked.input, ...partly }, record);
}

describe("last check: structured identifiers, confirmed by their validators", () => {
  it.each([
    ["CPF with a slash before the check digits", "CPF 529.982.247/25 confere", "CPF"],
    ["CPF in mixed groups", "o documento 529 982 247-25", "CPF"],
    ["CNPJ", "empresa 11.222.333/0001-81", "CNPJ"],
    ["Luhn-valid card with dashes", "cartão 4111-1111-1111-1111", "CARD_NUMBER"],
    ["account after its word", "conta corrente nº 12345-6", "ACCOUNT_NUMBER"],
    ["agency and account joined", "0001/123456-7", "ACCOUNT_NUMBER"],
    ["mobile phone", "ligue 21 98765-4321", "PHONE"],
    ["international phone", "call +44 20 7946 0958", "PHONE"],
    ["e-mail", "escreva para joão.silva@exemplo.com.br", "EMAIL"],
    ["PIX random key", "chave 123e4567-e89b-42d3-a456-426614174000", "PIX_KEY"],
  ])("finds a %s", (_what, text, kind) => {
    expect(scanStructured(text)).toHaveProperty(kind);
  });

  it.each([
    ["a CPF whose check digits fail", "protocolo 529.982.247-26"],
    ["a card number that fails Luhn", "pedido 4111 1111 1111 1112"],
    ["amounts, dates and a year after 'conta'", "R$ 1.234,56 em 10/12/2025; a conta desde 2019 tem 3 titulares"],
    ["placeholders", "CPF [CPF], conta [ACCOUNT_NUMBER], tel [PHONE], [EMAIL]"],
    ["a court case number", "TST-AIRR-605400-37.2008.5.09.0018"],
  ])("finds nothing in %s", (_what, text) => {
    expect(scanStructured(text)).toEqual({});
  });
});

describe("last check on masked judge input", () => {
  it("passes a record the masks fully covered", async () => {
    const { masked, survivors } = await check({
      prompt: "Meu nome é Maria Silva, CPF 529.982.247-25, conta 98765-4.",
      response: "Olá, [cliente]. Seu saldo está no app.",
    });
    expect(masked.prompt).toBe("Meu nome é [NAME], CPF [CPF], conta [ACCOUNT_NUMBER].");
    expect(survivors).toEqual([]);
  });

  it("stops a later one-word mention of a name the masks found earlier, in the other text too", async () => {
    const record = { prompt: "O economista John Mills criticou o plano.", response: "A inflação vai subir, diz Mills." };
    expect((await check(record)).masked.response).toBe("A inflação vai subir, diz [NAME].");
    const survivors = await checkPartlyMasked(record, { prompt: "O economista [NAME] criticou o plano.", response: record.response });
    expect(survivors).toEqual([{ kind: "REVEALED_NAME", field: "response", count: 1 }]);
  });

  it("stops an identifier the masks found in one form and the answer repeats in another", async () => {
    const { survivors } = await check({
      prompt: "Meu CPF é 529.982.247-25.",
      response: "Confirmado o documento 5299822 4725 no cadastro.",
    });
    expect(survivors).toContainEqual({ kind: "REVEALED_IDENTIFIER", field: "response", count: 1 });
  });

  it("stops a name the record's metadata revealed (OpenAI user and message name, a client's own attribute)", async () => {
    const revealedByMetadata = metadataValues(
      JSON.stringify({ user: "cliente-88231", messages: [{ role: "user", name: "Julianderson_Arantes", content: "oi" }] }),
      "use_case=cards;request_id=r-1;customer_id=88231-7",
    );
    expect(revealedByMetadata).toEqual(["cliente-88231", "Julianderson Arantes", "88231-7"]);
    const record = { prompt: "oi, aqui é o julianderson", response: "Olá! Como posso ajudar?", revealedByMetadata };
    const survivors = await checkPartlyMasked(record, { prompt: record.prompt, response: record.response });
    expect(survivors).toEqual([{ kind: "REVEALED_NAME", field: "prompt", count: 1 }]);
  });

  it("stops the surnames of a citation whose given name alone was masked", async () => {
    const record = { prompt: "Como ensina MOREIRA NETO, Leopoldo Martins, o ato é nulo.", response: "Sim." };
    expect((await check(record)).masked.prompt).toBe("Como ensina [NAME], o ato é nulo.");
    const survivors = await checkPartlyMasked(record, { prompt: "Como ensina MOREIRA NETO, [NAME], o ato é nulo.", response: "Sim." });
    // Today's masks found the whole name, so its surnames count as revealed too.
    expect(survivors).toEqual([
      { kind: "NAME_BESIDE_MASK", field: "prompt", count: 1 },
      { kind: "REVEALED_NAME", field: "prompt", count: 2 },
    ]);
  });

  it("lets an everyday word the masks once took for a name appear again in lower case", async () => {
    const { survivors } = await check({ prompt: "CAPÍTULO II DA VIOLÊNCIA CONTRA A MULHER. Art. 7o", response: "A mulher tem direito à proteção." });
    expect(survivors).toEqual([]);
  });

  it("says what survived and where, never the value", () => {
    const text = describeSurvivors([
      { kind: "CPF", field: "response", count: 2 },
      { kind: "REVEALED_NAME", field: "prompt", count: 1 },
    ]);
    expect(text).toBe("client data survived masking: 2 CPF in response, 1 REVEALED_NAME in prompt");
  });
});
