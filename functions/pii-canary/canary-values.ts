/**
 * Fresh canary client data for each run: a Portuguese full name, a street address with its number,
 * a CEP, a CPF with valid check digits and a bank account. Drawn from the canary's own short lists
 * (not the masker's name lists, so a change there does not move the canary with it) and a secure
 * random source; never the same CPF or account twice in practice.
 */
import { randomInt } from "node:crypto";

/** What one run plants; the checker looks for each value in the judge payload. */
export interface PlantedValues {
  readonly givenName: string;
  readonly surnames: string;
  readonly street: string;
  readonly houseNumber: string;
  readonly cep: string;
  readonly cpf: string;
  readonly agency: string;
  readonly account: string;
}

/** A random integer in [0, max). */
export type RandomInt = (max: number) => number;

const GIVEN_NAMES = [
  "Ana",
  "Beatriz",
  "Camila",
  "Fernanda",
  "Juliana",
  "Larissa",
  "Mariana",
  "Patrícia",
  "Renata",
  "Vanessa",
  "André",
  "Bruno",
  "Carlos",
  "Diego",
  "Eduardo",
  "Felipe",
  "Gustavo",
  "Leonardo",
  "Rafael",
  "Thiago",
];
const SURNAMES = [
  "Almeida",
  "Barbosa",
  "Cardoso",
  "Carvalho",
  "Castro",
  "Correia",
  "Fernandes",
  "Gomes",
  "Lopes",
  "Martins",
  "Mendes",
  "Moreira",
  "Nascimento",
  "Oliveira",
  "Pereira",
  "Ribeiro",
  "Rocha",
  "Santos",
  "Souza",
  "Teixeira",
];
const STREETS = [
  "Rua das Acácias",
  "Rua Sete de Setembro",
  "Avenida Getúlio Vargas",
  "Rua Barão de Mesquita",
  "Avenida Santos Dumont",
  "Rua Tiradentes",
  "Travessa São José",
  "Rua Padre Anchieta",
  "Alameda dos Ipês",
  "Rua Marechal Deodoro",
];

const pick = <T>(list: readonly T[], random: RandomInt): T => list[random(list.length)]!;
const digits = (count: number, random: RandomInt): string => Array.from({ length: count }, () => String(random(10))).join("");

/** The two mod-11 check digits of a CPF's first nine digits. */
export function cpfCheckDigits(nine: string): string {
  const digit = (base: string): number => {
    const sum = [...base].reduce((total, d, index) => total + Number(d) * (base.length + 1 - index), 0);
    const remainder = (sum * 10) % 11;
    return remainder === 10 ? 0 : remainder;
  };
  const first = digit(nine);
  return `${first}${digit(nine + first)}`;
}

/** A CPF with valid check digits, formatted `NNN.NNN.NNN-NN`; never nine equal digits. */
export function randomCpf(random: RandomInt): string {
  let nine = digits(9, random);
  while (/^(\d)\1{8}$/.test(nine)) nine = digits(9, random);
  const all = nine + cpfCheckDigits(nine);
  return `${all.slice(0, 3)}.${all.slice(3, 6)}.${all.slice(6, 9)}-${all.slice(9)}`;
}

/** New values for one run. */
export function plantedValues(random: RandomInt = randomInt): PlantedValues {
  const first = pick(SURNAMES, random);
  let second = pick(SURNAMES, random);
  while (second === first) second = pick(SURNAMES, random);
  const cep = `${1 + random(9)}${digits(4, random)}-${digits(3, random)}`;
  return {
    givenName: pick(GIVEN_NAMES, random),
    surnames: `${first} ${second}`,
    street: pick(STREETS, random),
    houseNumber: String(10 + random(2990)),
    cep,
    cpf: randomCpf(random),
    agency: `${1 + random(9)}${digits(3, random)}`,
    account: `${1 + random(9)}${digits(4, random)}-${random(10)}`,
  };
}
