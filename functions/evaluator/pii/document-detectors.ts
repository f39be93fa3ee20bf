/**
 * RG (identity card) numbers, PIX random keys (UUIDs) and vehicle plates (old ABC-1234 and
 * Mercosul ABC1D23). Forms that could be something else (an RG without check digit, a plate
 * written with a space or in lower case) are masked only after a cue word.
 */
import type { PatternDetector } from "./pattern-detector";
import { PRIORITY } from "./priorities";

/** An RG has 5 to 10 digits (with an X check digit in some states), not all the same. */
function plausibleRg(value: string): boolean {
  const digits = value.replace(/[^\dXx]/g, "");
  return digits.length >= 5 && digits.length <= 10 && !/^(\d)\1+$/.test(digits);
}

const NOT_MORE = String.raw`(?![\p{L}\p{N}]|[.\/-]\d)`;
const RG_CUE = String.raw`(?<![\p{L}])(?:RG|R\.G\.|identidade|registro geral|c[ée]dula de identidade|carteira de identidade|documento de identidade|id card|identity card)(?![\p{L}])`;
/** Without the `i` flag: a lower-case plate must not be written with a space ("carro ano 2015"). */
const PLATE_CUE = String.raw`(?<![\p{L}])(?:[Pp]lacas?|PLACAS?|[Pp]late|[Vv]e[ií]culo|[Vv]ehicle|[Cc]arro|[Cc]ar|[Mm]oto|[Vv]an|[Cc]aminh[ãa]o|[Tt]ruck)(?![\p{L}])`;

export const DOCUMENT_DETECTORS: readonly PatternDetector[] = [
  {
    // 12.345.678-9, 12.345.678-X, MG-12.345.678: the formatting alone says RG.
    type: "RG",
    pattern: new RegExp(
      String.raw`(?<![\p{L}\p{N}.\/-])(?:(?:[A-Z]{2}-)?\d{1,2}\.\d{3}\.\d{3}-[\dXx]|[A-Z]{2}-\d{1,2}\.?\d{3}\.?\d{3}(?:-[\dXx])?)${NOT_MORE}`,
      "dgu",
    ),
    priority: PRIORITY.RG,
  },
  {
    // "RG 345678901", "identidade é 5.678.901": any RG-like number shortly after the word.
    type: "RG",
    pattern: new RegExp(
      String.raw`${RG_CUE}(?:(?!cpf|cnpj|cnh)[^\d\n]){0,25}?(?<![\p{L}\p{N}])((?:[A-Z]{2}-?)?\d(?:\.?\d){4,9}(?:-[\dXx])?)${NOT_MORE}`,
      "dgiu",
    ),
    group: 1,
    validate: plausibleRg,
    priority: PRIORITY.RG,
  },
  {
    type: "PIX_KEY",
    // The boundary check follows the first 8 characters, so that most positions fail on the first one.
    pattern: /[0-9A-Fa-f]{8}(?<![0-9A-Fa-f-][0-9A-Fa-f]{8})-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])/dg,
    priority: PRIORITY.PIX_KEY,
    requires: "-",
  },
  {
    // Mercosul ABC1D23 (also ABC-1D23, ABC 1D23) and old ABC-1234 / ABC1234, in capitals.
    type: "PLATE",
    pattern: new RegExp(String.raw`(?<![\p{L}\p{N}-])(?:[A-Z]{3}[- ]?\d[A-Z]\d{2}|[A-Z]{3}-?\d{4})${NOT_MORE}`, "dgu"),
    priority: PRIORITY.PLATE,
  },
  {
    // After "placa", "carro", "plate"...: also "ODA 3344" and lower case "hgt7j89".
    type: "PLATE",
    pattern: new RegExp(String.raw`${PLATE_CUE}[^\d\n]{0,25}?(?<![\p{L}\p{N}])([A-Z]{3}[- ]?\d[A-Z0-9]\d{2}|[a-z]{3}-?\d[a-z0-9]\d{2})${NOT_MORE}`, "dgu"),
    group: 1,
    priority: PRIORITY.PLATE,
  },
];
