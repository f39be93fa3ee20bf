import { describe, expect, it } from "vitest";
import { isLuhnValid, isValidCnpj, isValidCpf } from "../../pii/validators";

/** A check-digit validator, with numbers it must accept and numbers it must reject, each with why. */
interface ValidatorCases {
  readonly name: string;
  readonly validate: (text: string) => boolean;
  readonly accepted: [number: string, why: string][];
  readonly rejected: [number: string, why: string][];
}

const VALIDATORS: ValidatorCases[] = [
  {
    name: "CPF check digits",
    validate: isValidCpf,
    accepted: [
      ["529.982.247-25", "a valid CPF with punctuation"],
      ["52998224725", "the same without punctuation"],
    ],
    rejected: [
      ["529.982.247-26", "a wrong check digit"],
      ["111.111.111-11", "repeated digits"],
      ["5299822472", "a wrong length"],
    ],
  },
  {
    name: "CNPJ check digits",
    validate: isValidCnpj,
    accepted: [
      ["11.222.333/0001-81", "a valid numeric CNPJ"],
      ["12.ABC.345/01DE-35", "the Receita Federal's alphanumeric example"],
    ],
    rejected: [
      ["11.222.333/0001-82", "a wrong check digit"],
      ["00.000.000/0000-00", "repeated digits"],
      ["12.ABC.345/01DE-36", "a wrong alphanumeric check digit"],
    ],
  },
  {
    name: "Luhn",
    validate: isLuhnValid,
    accepted: [
      ["4111 1111 1111 1111", "a Visa test number"],
      ["5500-0000-0000-0004", "a Mastercard test number"],
      ["378282246310005", "an American Express test number"],
    ],
    rejected: [
      ["4111 1111 1111 1112", "a changed digit"],
      ["411111111111", "a number too short"],
    ],
  },
];

describe.each(VALIDATORS)("$name", ({ validate, accepted, rejected }) => {
  it.each(accepted)("accepts %s (%s)", (text) => {
    expect(validate(text)).toBe(true);
  });
  it.each(rejected)("rejects %s (%s)", (text) => {
    expect(validate(text)).toBe(false);
  });
});
