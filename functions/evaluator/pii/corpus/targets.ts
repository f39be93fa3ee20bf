/**
 * The masking targets on the corpus (issue 12): recall >= 0.95 for names, addresses and CEPs,
 * >= 0.99 for structured identifiers, precision >= 0.90 for every type.
 */
export interface Target {
  readonly recall: number;
  readonly precision: number;
}

const CONTEXTUAL: Target = { recall: 0.95, precision: 0.9 };
const STRUCTURED: Target = { recall: 0.99, precision: 0.9 };

export const MASKING_TARGETS: Readonly<Record<string, Target>> = {
  NAME: CONTEXTUAL,
  ADDRESS: CONTEXTUAL,
  CEP: CONTEXTUAL,
  RG: STRUCTURED,
  PIX_KEY: STRUCTURED,
  PLATE: STRUCTURED,
  CPF: STRUCTURED,
  CNPJ: STRUCTURED,
  CARD_NUMBER: STRUCTURED,
  ACCOUNT_NUMBER: STRUCTURED,
  PHONE: STRUCTURED,
  EMAIL: STRUCTURED,
};

/** The target of a type; a type the corpus does not label (e.g. a spurious one) must still be precise. */
export function targetFor(type: string): Target {
  return MASKING_TARGETS[type] ?? { recall: 0, precision: 0.9 };
}
