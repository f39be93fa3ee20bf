/**
 * Mean per-token entropy (nats) from the logprobs an LMI / OpenAI-like container returns.
 *
 * With top-k alternatives per token, the entropy of the renormalised top-k distribution is used;
 * with only the chosen token's logprob, its surprisal (-logprob) is used, whose expectation is
 * the entropy. Returns undefined when no logprobs were returned.
 */
export interface TokenLogprobs {
  /** Logprob of the generated token. */
  readonly logprob: number;
  /** Logprobs of the top alternatives (including the generated token), when returned. */
  readonly alternatives?: readonly number[];
}

export function tokenEntropy(token: TokenLogprobs): number {
  const alternatives = token.alternatives?.filter((value) => Number.isFinite(value));
  if (!alternatives || alternatives.length < 2) return Math.max(0, -token.logprob);
  const probabilities = alternatives.map((value) => Math.exp(value));
  const total = probabilities.reduce((sum, value) => sum + value, 0);
  if (total <= 0) return Math.max(0, -token.logprob);
  return probabilities.reduce((sum, p) => (p > 0 ? sum - (p / total) * Math.log(p / total) : sum), 0);
}

export function meanTokenEntropy(tokens: readonly TokenLogprobs[]): number | undefined {
  const usable = tokens.filter((token) => Number.isFinite(token.logprob));
  if (usable.length === 0) return undefined;
  return usable.reduce((sum, token) => sum + tokenEntropy(token), 0) / usable.length;
}
