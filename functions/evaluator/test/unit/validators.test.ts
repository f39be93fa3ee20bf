import { describe, expect, it } from "vitest";
import { isLuhnValid, isValidCnpj, isValidCpf } from "../../pii/validators";

describe("CPF check digits", () => {
  it("accepts valid CPFs with or without punctuation", () => {
    expect(isValidCpf("529.982.247-25")).toBe(true);
    expect(isValidCpf("52998224725")).toBe(true);
  });
  it("rejects a wrong check digit, repeated digits and wrong lengths", () => {
    expect(isValidCpf("529.982.247-26")).toBe(false);
    expect(isValidCpf("111.111.111-11")).toBe(false);
    expect(isValidCpf("5299822472")).toBe(false);
  });
});

describe("CNPJ check digits", () => {
  it("accepts a valid numeric CNPJ and the Receita Federal's alphanumeric example", () => {
    expect(isValidCnpj("11.222.333/0001-81")).toBe(true);
    expect(isValidCnpj("12.ABC.345/01DE-35")).toBe(true);
  });
  it("rejects wrong check digits and repeated digits", () => {
    expect(isValidCnpj("11.222.333/0001-82")).toBe(false);
    expect(isValidCnpj("00.000.000/0000-00")).toBe(false);
    expect(isValidCnpj("12.ABC.345/01DE-36")).toBe(false);
  });
});

describe("Luhn", () => {
  it("accepts known test card numbers", () => {
    expect(isLuhnValid("4111 1111 1111 1111")).toBe(true);
    expect(isLuhnValid("5500-0000-0000-0004")).toBe(true);
    expect(isLuhnValid("378282246310005")).toBe(true);
  });
  it("rejects a changed digit and too-short numbers", () => {
    expect(isLuhnValid("4111 1111 1111 1112")).toBe(false);
    expect(isLuhnValid("411111111111")).toBe(false);
  });
});
