/**
 * Synthetic Brazilian personal data, valid as the evaluator's detectors check it (CPF and CNPJ
 * check digits, Luhn for cards), so that masking is exercised the way real client data would.
 * None of it belongs to a real person.
 */
import type { Random } from "../../testing/random";

/** PII types the workload plants, named as the evaluator's placeholders name them. */
export type PlantedPiiType = "NAME" | "CPF" | "CNPJ" | "CARD_NUMBER" | "ACCOUNT_NUMBER" | "EMAIL" | "PHONE";

export interface PlantedPii {
  readonly type: PlantedPiiType;
  readonly value: string;
}

const FIRST_NAMES = ["Maria", "João", "Ana", "Pedro", "Juliana", "Carlos", "Fernanda", "Lucas", "Beatriz", "Rafael", "Camila", "Bruno"];
const LAST_NAMES = ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida", "Nascimento", "Lima", "Carvalho", "Gomes"];

/** Every full name the workload can produce (the Comprehend stub "detects" exactly these). */
export const ALL_NAMES: readonly string[] = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`));

function digits(random: Random, count: number): number[] {
  return Array.from({ length: count }, () => random.int(0, 9));
}

export function cpf(random: Random): string {
  const d = digits(random, 9);
  if (d.every((x) => x === d[0])) d[8] = (d[8]! + 1) % 10;
  const check = (length: number): number => {
    let sum = 0;
    for (let i = 0; i < length; i += 1) sum += d[i]! * (length + 1 - i);
    const remainder = (sum * 10) % 11;
    return remainder === 10 ? 0 : remainder;
  };
  d.push(check(9));
  d.push(check(10));
  const s = d.join("");
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

export function cnpj(random: Random): string {
  const d = [...digits(random, 8), 0, 0, 0, 1];
  const check = (weights: number[]): number => {
    const remainder = weights.reduce((sum, w, i) => sum + d[i]! * w, 0) % 11;
    return remainder < 2 ? 0 : 11 - remainder;
  };
  d.push(check([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  d.push(check([6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  const s = d.join("");
  return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`;
}

/** A 16-digit card number with a valid Luhn check digit, in groups of four. */
export function cardNumber(random: Random): string {
  const d = [random.pick([4, 5]), ...digits(random, 14)];
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    let x = d[14 - i]!;
    if (i % 2 === 0) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  d.push((10 - (sum % 10)) % 10);
  const s = d.join("");
  return `${s.slice(0, 4)} ${s.slice(4, 8)} ${s.slice(8, 12)} ${s.slice(12)}`;
}

export function agency(random: Random): string {
  return `${digits(random, 4).join("")}-${random.int(0, 9)}`;
}

export function account(random: Random): string {
  return `${digits(random, random.int(5, 6)).join("")}-${random.int(0, 9)}`;
}

export function phone(random: Random): string {
  return `+55 (${random.int(11, 99)}) 9${digits(random, 4).join("")}-${digits(random, 4).join("")}`;
}

export function fullName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

export function email(name: string, random: Random): string {
  const local = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ /g, ".");
  return `${local}${random.int(1, 99)}@${random.pick(["example.com.br", "mail.example.com", "example.org"])}`;
}

/** A client with a consistent set of identifiers. */
export interface Client {
  readonly name: string;
  readonly cpf: string;
  readonly cnpj: string;
  readonly card: string;
  readonly agency: string;
  readonly account: string;
  readonly email: string;
  readonly phone: string;
}

export function client(random: Random): Client {
  const name = fullName(random);
  return {
    name,
    cpf: cpf(random),
    cnpj: cnpj(random),
    card: cardNumber(random),
    agency: agency(random),
    account: account(random),
    email: email(name, random),
    phone: phone(random),
  };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Everything shaped like the data this module plants: names, CPF, CNPJ, cards, accounts, e-mails, phones. */
const PLANTED_SHAPES = new RegExp(
  [
    ...ALL_NAMES.map(escapeRegExp),
    "\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}",
    "\\d{2}\\.\\d{3}\\.\\d{3}/\\d{4}-\\d{2}",
    "\\d{4} \\d{4} \\d{4} \\d{4}",
    "\\+55 \\(\\d{2}\\) 9\\d{4}-\\d{4}",
    "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+",
    "\\d{4,6}-\\d",
  ].join("|"),
  "g",
);

/** The planted values found in `texts` (one linear scan per text, then a set lookup). */
export function findPlanted(texts: readonly string[], planted: readonly string[]): string[] {
  const values = new Set(planted);
  const found = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(PLANTED_SHAPES)) if (values.has(match[0])) found.add(match[0]);
  return [...found];
}
