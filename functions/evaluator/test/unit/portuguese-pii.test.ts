import { describe, expect, it } from "vitest";
import { maskText, type PiiEntityDetector } from "../../pii/masker";

describe("Portuguese contextual PII, local detectors", () => {
  it("masks the issue's example: name, street address and CEP", async () => {
    // Act
    const { masked, counts } = await maskText("Sou Maria da Silva Santos, moro na Rua das Flores, 123, CEP 01310-100");

    // Assert
    expect(masked).toBe("Sou [NAME], moro na [ADDRESS], CEP [CEP]");
    expect(counts).toEqual({ NAME: 1, ADDRESS: 1, CEP: 1 });
  });

  it("masks RG, PIX random key and both plate formats with their placeholders", async () => {
    // Act
    const { masked } = await maskText("RG 12.345.678-9, chave 7d4e2a9c-3b1f-4c8e-9a6d-5f0e1b2c3d4e, placas ABC-1234 e BRA2E19.");

    // Assert
    expect(masked).toBe("RG [RG], chave [PIX_KEY], placas [PLATE] e [PLATE].");
  });

  it("keeps the complement in the address and leaves the city alone", async () => {
    const { masked } = await maskText("Envie para Av. Paulista, 1578, bloco B, apto 42, São Paulo - SP.");
    expect(masked).toBe("Envie para [ADDRESS], São Paulo - SP.");
  });

  it("leaves places, banks, products and months unmasked", async () => {
    const text = "Em março fui ao Banco do Brasil em São Paulo, depois à agência do centro e ao Rio de Janeiro; quero um CDB e o cartão Ourocard.";
    expect((await maskText(text)).masked).toBe(text);
  });

  it("masks a street or square named without a house number, and leaves the city", async () => {
    expect((await maskText("Moro na Rua Maria Rita, em São Gonçalo, perto da Praça da Liberdade.")).masked).toBe(
      "Moro na [ADDRESS], em São Gonçalo, perto da [ADDRESS].",
    );
  });

  it("needs a cue for forms that are also ordinary numbers or words", async () => {
    // Arrange: a bare 8-digit number, an RG-like amount and a given name that is also a word.
    const text = "Protocolo 01310100, valor 12.345.678 reais. Rosa é a cor do cartão.";

    // Act / Assert
    expect((await maskText(text)).masked).toBe(text);
    expect((await maskText("CEP 01310100, identidade 12.345.678 e a cliente Rosa")).masked).toBe("CEP [CEP], identidade [RG] e a cliente [NAME]");
  });

  it("types a +55 phone whose digits pass Luhn as a phone, not a card", async () => {
    expect((await maskText("WhatsApp: +55 31 99123-4567")).masked).toBe("WhatsApp: [PHONE]");
  });
});

describe("local and Comprehend entities together", () => {
  const comprehend = (entities: { type: string; text: string }[]): PiiEntityDetector => ({
    detect: async (chunk) =>
      entities.flatMap(({ type, text }) => {
        const at = chunk.indexOf(text);
        return at === -1 ? [] : [{ type, beginOffset: at, endOffset: at + text.length }];
      }),
  });

  it("merges overlapping detections into one placeholder, nothing of either left in the text", async () => {
    // Arrange: Comprehend sees part of the name, and the street with a complement the local detector does not know.
    const detector = comprehend([
      { type: "NAME", text: "Maria da Silva" },
      { type: "ADDRESS", text: "Rua das Flores, 123, fundos do galpão" },
    ]);

    // Act
    const { masked, counts } = await maskText("Sou Maria da Silva Santos, moro na Rua das Flores, 123, fundos do galpão, CEP 01310-100.", {
      comprehendLanguages: ["en"],
      detector,
    });

    // Assert
    expect(masked).toBe("Sou [NAME], moro na [ADDRESS], CEP [CEP].");
    expect(counts).toEqual({ NAME: 1, ADDRESS: 1, CEP: 1 });
  });

  it("still masks Portuguese names where Comprehend finds nothing, and names Comprehend's plates PLATE", async () => {
    // Arrange
    const detector = comprehend([{ type: "LICENSE_PLATE", text: "7ABC123" }]);

    // Act
    const { masked } = await maskText("A titular Ana Beatriz Costa tem o carro 7ABC123.", { comprehendLanguages: ["en"], detector });

    // Assert
    expect(masked).toBe("A titular [NAME] tem o carro [PLATE].");
  });

  it("calls Comprehend once per listed language it serves and merges what each finds", async () => {
    // Arrange
    const calls: string[] = [];
    const detector: PiiEntityDetector = {
      detect: async (chunk, language) => {
        calls.push(language);
        const found = language === "es" ? "Carmen Ruiz" : "John Smith";
        const at = chunk.indexOf(found);
        return at === -1 ? [] : [{ type: "NAME", beginOffset: at, endOffset: at + found.length }];
      },
    };

    // Act
    const { masked } = await maskText("John Smith y Carmen Ruiz abrieron una cuenta.", { comprehendLanguages: ["en", "es"], detector });

    // Assert
    expect(calls).toEqual(["en", "es"]);
    expect(masked).toBe("[NAME] y [NAME] abrieron una cuenta.");
  });
});
