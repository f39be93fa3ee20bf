import { describe, expect, it } from "vitest";
import { codePointToUtf16, splitForComprehend } from "../../pii/chunking";
import { maskText, type PiiEntityDetector } from "../../pii/masker";

describe("local masks", () => {
  it("masks Brazilian identifiers, cards, accounts, phones and e-mails with typed placeholders", async () => {
    const text =
      "CPF 529.982.247-25, CNPJ 11.222.333/0001-81, cartão 4111 1111 1111 1111, agência 1234-5 conta 98765-4, tel (11) 91234-5678, email ana@banco.com.br";
    const { masked, counts } = await maskText(text);
    expect(masked).toBe("CPF [CPF], CNPJ [CNPJ], cartão [CARD_NUMBER], agência [ACCOUNT_NUMBER] conta [ACCOUNT_NUMBER], tel [PHONE], email [EMAIL]");
    expect(counts).toEqual({ CPF: 1, CNPJ: 1, CARD_NUMBER: 1, ACCOUNT_NUMBER: 2, PHONE: 1, EMAIL: 1 });
  });

  it("leaves numbers that fail the check digits and ordinary amounts alone", async () => {
    const { masked } = await maskText("Protocol 529.982.247-26 for R$ 1.500,00 on 2025-06-01");
    expect(masked).toBe("Protocol 529.982.247-26 for R$ 1.500,00 on 2025-06-01");
  });
});

describe("Comprehend chunking", () => {
  it("keeps every chunk under the byte limit, cuts on whitespace and covers the whole text", () => {
    const text = "Olá, meu nome é Ana. ".repeat(10_000);
    const chunks = splitForComprehend(text, { maxBytes: 5000, overlapChars: 50 });
    expect(chunks.length).toBeGreaterThan(40);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(chunk.text, "utf8")).toBeLessThanOrEqual(5000);
      expect(text.slice(chunk.offset, chunk.offset + chunk.text.length)).toBe(chunk.text);
    }
    for (let index = 1; index < chunks.length; index += 1) {
      expect(chunks[index]!.offset).toBeLessThanOrEqual(chunks[index - 1]!.offset + chunks[index - 1]!.text.length);
    }
    const last = chunks[chunks.length - 1]!;
    expect(last.offset + last.text.length).toBe(text.length);
  });

  it("maps code-point offsets past emoji to UTF-16 offsets", () => {
    const toUtf16 = codePointToUtf16("😀😀 Ana");
    expect(toUtf16(3)).toBe(5);
  });

  it("maps entities found in later chunks back to the full text", async () => {
    const text = `${"filler text here. ".repeat(500)}Ana Souza ${"more filler. ".repeat(500)}`;
    const detector: PiiEntityDetector = {
      detect: async (chunk) => {
        const at = chunk.indexOf("Ana Souza");
        return at === -1 ? [] : [{ type: "NAME", beginOffset: at, endOffset: at + 9 }];
      },
    };
    const result = await maskText(text, { comprehendLanguages: ["en"], detector });
    expect(result.masked).not.toContain("Ana Souza");
    expect(result.masked).toContain("here. [NAME] more");
    expect(result.counts).toEqual({ NAME: 1 });
  });
});
