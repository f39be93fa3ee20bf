/** Check-digit validators for Brazilian identifiers and payment card numbers. */

function onlyDigits(value: string): string {
  return value.replace(/\D/g, "");
}

/** CPF: 11 digits, two mod-11 check digits; repeated-digit sequences are invalid. */
export function isValidCpf(value: string): boolean {
  const digits = onlyDigits(value);
  if (digits.length !== 11 || /^(\d)\1{10}$/.test(digits)) return false;
  const checkDigit = (length: number): number => {
    let sum = 0;
    for (let index = 0; index < length; index += 1) sum += Number(digits[index]) * (length + 1 - index);
    const remainder = (sum * 10) % 11;
    return remainder === 10 ? 0 : remainder;
  };
  return checkDigit(9) === Number(digits[9]) && checkDigit(10) === Number(digits[10]);
}

const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * CNPJ: 14 characters, two mod-11 check digits. Accepts the alphanumeric CNPJ (Receita Federal,
 * from July 2026): the first 12 characters may be A-Z, valued as their char code minus 48.
 */
export function isValidCnpj(value: string): boolean {
  const chars = value.toUpperCase().replace(/[^0-9A-Z]/g, "");
  if (!/^[0-9A-Z]{12}\d{2}$/.test(chars) || /^(\d)\1{13}$/.test(chars)) return false;
  const digitValue = (char: string): number => char.charCodeAt(0) - 48;
  const checkDigit = (weights: readonly number[]): number => {
    const sum = weights.reduce((total, weight, index) => total + digitValue(chars[index]!) * weight, 0);
    const remainder = sum % 11;
    return remainder < 2 ? 0 : 11 - remainder;
  };
  return checkDigit(CNPJ_WEIGHTS_1) === Number(chars[12]) && checkDigit(CNPJ_WEIGHTS_2) === Number(chars[13]);
}

/** Luhn (mod 10) check over a 13-19 digit card number; separators are ignored. */
export function isLuhnValid(value: string): boolean {
  const digits = onlyDigits(value);
  if (digits.length < 13 || digits.length > 19 || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
