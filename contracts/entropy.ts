/**
 * Per-token entropy (nats), the confidence signal both the gateway (from the stream) and the
 * evaluator (from DataCapture payloads) compute, so both read one formula.
 *
 * With top-k logprobs: H ~= -sum(p_i * ln p_i) over the k returned candidates, plus the unseen
 * tail mass r = 1 - sum(p_i) counted as a single outcome (-r * ln r). Merging the tail into one
 * outcome makes this a lower bound of the true entropy; with k >= 5 the tail is usually small.
 *
 * With only the sampled token's logprob: its surprisal -ln p. Under sampling its expectation is
 * the entropy (a one-sample estimate); under greedy decoding it underestimates.
 */

/**
 * The logprob of one token or candidate object in either spelling the LMI container uses:
 * `log_prob` (rolling-batch `jsonlines`, `Token.as_dict`) or `logprob` (TGI-compatible output,
 * the vLLM async handler, OpenAI-style `logprobs.content`). Gateway and evaluator both read it here.
 */
export function logprobOf(candidate: unknown): number | undefined {
  if (typeof candidate !== "object" || candidate === null || Array.isArray(candidate)) return undefined;
  const { log_prob: snake, logprob } = candidate as { log_prob?: unknown; logprob?: unknown };
  if (typeof snake === "number" && Number.isFinite(snake)) return snake;
  return typeof logprob === "number" && Number.isFinite(logprob) ? logprob : undefined;
}

/** Logprobs of a list of candidate objects (`top_tokens`, `top_logprobs`), in either spelling. */
export function candidateLogprobs(candidates: unknown): number[] | undefined {
  if (!Array.isArray(candidates)) return undefined;
  const out: number[] = [];
  for (const candidate of candidates) {
    const lp = logprobOf(candidate);
    if (lp !== undefined) out.push(lp);
  }
  return out;
}

/** One generated token's logprobs as a container returns them. */
export interface TokenLogprobs {
  /** Logprob of the generated token; undefined when only alternatives came back. */
  readonly logprob: number | undefined;
  /** Logprobs of the top alternatives (including the generated token), when returned. */
  readonly alternatives?: readonly number[];
}

/** Entropy of the top-k candidates plus the unseen tail as one outcome; undefined with no usable logprob. */
export function entropyFromTopLogprobs(logprobs: readonly number[]): number | undefined {
  let entropy = 0;
  let mass = 0;
  let used = 0;
  for (const lp of logprobs) {
    if (!Number.isFinite(lp) || lp > 0) continue;
    const p = Math.exp(lp);
    entropy -= p * lp;
    mass += p;
    used += 1;
  }
  if (used === 0) return undefined;
  const tail = 1 - mass;
  if (tail > 1e-12) entropy -= tail * Math.log(tail);
  return entropy;
}

/** One-sample entropy estimate from the sampled token's logprob (see the module comment). */
export function surprisal(logprob: number): number | undefined {
  return Number.isFinite(logprob) && logprob <= 0 ? -logprob : undefined;
}

/** A token's entropy: from its alternatives when there are any, else its surprisal. */
export function tokenEntropy(token: TokenLogprobs): number | undefined {
  const fromTop = token.alternatives && token.alternatives.length > 0 ? entropyFromTopLogprobs(token.alternatives) : undefined;
  return fromTop ?? (token.logprob === undefined ? undefined : surprisal(token.logprob));
}

/** Mean entropy over the tokens that carry a usable logprob; undefined when none does. */
export function meanTokenEntropy(tokens: readonly TokenLogprobs[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (const token of tokens) {
    const entropy = tokenEntropy(token);
    if (entropy === undefined) continue;
    sum += entropy;
    count += 1;
  }
  return count === 0 ? undefined : sum / count;
}
