import type { GuardrailVerdict } from "./types";

/** One named prompt-injection pattern. Patterns run on lower-cased text without diacritics. */
export interface GuardrailRule {
  readonly name: string;
  readonly pattern: RegExp;
}

/**
 * Lightweight prompt-injection rules in English and Portuguese. They flag for the evaluator
 * (which scores 100% of flagged requests) rather than prove an attack, so they favour recall
 * on the well-known phrasings. Portuguese patterns are written without accents because the
 * text is normalised first ("instruções" and "instrucoes" both match).
 */
export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  {
    name: "ignore_instructions_en",
    pattern:
      /\b(ignore|disregard|forget|skip)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all|any|your)\b[^.\n]{0,30}\b(instructions?|rules|prompts?|directions|guidelines)\b/,
  },
  {
    name: "ignore_instructions_pt",
    pattern:
      /\b(ignore|ignora|ignorar|desconsidere|desconsidera|esqueca|esquece|esquecer)\b[^.\n]{0,40}\b(instrucoes|instrucao|regras|orientacoes|diretrizes|comandos)\b/,
  },
  {
    name: "reveal_system_prompt_en",
    pattern:
      /\b(reveal|show|print|repeat|display|output|leak|tell me)\b[^.\n]{0,40}\b(system prompt|hidden prompt|initial prompt|initial instructions|your instructions|your rules)\b/,
  },
  {
    name: "reveal_system_prompt_pt",
    pattern:
      /\b(revele|revela|mostre|mostra|exiba|exibe|repita|repete|imprima|diga)\b[^.\n]{0,40}\b(prompt do sistema|prompt de sistema|prompt inicial|instrucoes iniciais|suas instrucoes|suas regras)\b/,
  },
  {
    name: "role_override_en",
    pattern: /\b(you are now|from now on you are|act as an? (unrestricted|unfiltered|jailbroken)|developer mode|do anything now|\bdan mode)\b/,
  },
  {
    name: "role_override_pt",
    pattern: /\b(agora voce e|a partir de agora voce e|finja (ser|que e)|modo desenvolvedor|aja como (uma? )?(ia|assistente) sem (restricoes|filtros))\b/,
  },
  {
    name: "bypass_safety_en",
    pattern: /\b(bypass|disable|override|turn off|circumvent)\b[^.\n]{0,30}\b(safety|filters?|guardrails?|restrictions|content policy|moderation)\b/,
  },
  {
    name: "bypass_safety_pt",
    pattern:
      /\b(burlar|burle|contornar|contorne|desativar|desative|desligar|desligue)\b[^.\n]{0,30}\b(seguranca|filtros?|restricoes|politicas?|moderacao|regras)\b/,
  },
  {
    name: "fake_role_delimiter",
    pattern: /(<\|im_start\|>|<\|system\|>|\[inst\]|<<sys>>|(^|\n)\s*(system|assistant|sistema)\s*:|(^|\n)\s*#{2,}\s*(system|instruction|instrucao)\b)/,
  },
  {
    name: "encoded_payload",
    // Long base64 runs are a common way to smuggle instructions past keyword checks.
    pattern: /[a-z0-9+/]{256,}={0,2}/,
  },
];

/** Rule name reported when a prompt is longer than the configured maximum. */
export const PROMPT_SIZE_RULE = "prompt_size_outlier";

/** Lower-cases and strips diacritics so one pattern covers accented and unaccented spellings. */
export function normalizeForGuardrail(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/**
 * Flags a prompt that matches any rule or exceeds `maxPromptChars`.
 * Returns rule names only; the matched text is never returned or logged.
 */
export function checkPrompt(prompt: string, maxPromptChars: number, rules: readonly GuardrailRule[] = GUARDRAIL_RULES): GuardrailVerdict {
  const reasons: string[] = [];
  if (prompt.length > maxPromptChars) {
    reasons.push(PROMPT_SIZE_RULE);
  }
  // Rules only look at the first maxPromptChars characters: the size rule already covers the rest
  // and this bounds the regex work per request.
  const text = normalizeForGuardrail(prompt.length > maxPromptChars ? prompt.slice(0, maxPromptChars) : prompt);
  for (const rule of rules) {
    if (rule.pattern.test(text)) {
      reasons.push(rule.name);
    }
  }
  return { flagged: reasons.length > 0, reasons };
}
