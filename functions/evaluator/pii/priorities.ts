/**
 * Which type a masked span takes when detections overlap (see `mergeSpans`): validated and
 * well-delimited identifiers beat contextual guesses, local detectors beat Comprehend.
 */
export const PRIORITY = {
  COMPREHEND: 1,
  NAME: 5,
  ADDRESS: 7,
  CEP: 9,
  PLATE: 10,
  PHONE: 11,
  ACCOUNT_NUMBER: 12,
  RG: 12,
  CARD_NUMBER: 13,
  CPF: 14,
  CNPJ: 14,
  EMAIL: 15,
  PIX_KEY: 16,
} as const;
