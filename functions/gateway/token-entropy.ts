/**
 * Per-token entropy (nats) from what the container returns.
 *
 * With top-k logprobs: H ~= -sum(p_i * ln p_i) over the k returned candidates, plus the unseen
 * tail mass r = 1 - sum(p_i) counted as a single outcome (-r * ln r). Merging the tail into one
 * outcome makes this a lower bound of the true entropy; with k >= 5 the tail is usually small.
 *
 * With only the sampled token's logprob: its surprisal -ln p. Under sampling its expectation is
 * the entropy (a one-sample estimate); under greedy decoding it underestimates.
 */
export function entropyFromTopLogprobs(logprobs: readonly number[]): number | undefined {
  let entropy = 0;
  let mass = 0;
  let used = 0;
  for (const lp of logprobs) {
    if (!Number.isFinite(lp) || lp > 0) {
      continue;
    }
    const p = Math.exp(lp);
    entropy -= p * lp;
    mass += p;
    used += 1;
  }
  if (used === 0) {
    return undefined;
  }
  const tail = 1 - mass;
  if (tail > 1e-12) {
    entropy -= tail * Math.log(tail);
  }
  return entropy;
}

/** One-sample entropy estimate from the sampled token's logprob (see module comment). */
export function surprisal(logprob: number): number | undefined {
  return Number.isFinite(logprob) && logprob <= 0 ? -logprob : undefined;
}
