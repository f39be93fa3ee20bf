/**
 * The gateway function's reserved concurrency, derived from what API Gateway lets through. Reserved
 * concurrency both guarantees the front door its executions and caps it, so that a burst of
 * inference traffic cannot take the account's whole Lambda concurrency from every other function.
 */

/** Seconds a request the endpoint refuses at once (throttled, queue full) keeps a gateway execution busy, at most. */
export const FAST_REFUSAL_SECONDS = 1;

export interface GatewayConcurrencyInputs {
  /** Stage throttling: steady requests per second. */
  readonly rateLimit: number;
  /** Stage throttling: requests admitted at once on top of the steady rate. */
  readonly burstLimit: number;
  /** The gateway function's timeout in seconds: no execution lasts longer. */
  readonly lambdaTimeoutSeconds: number;
  /**
   * Requests the endpoint serves at once (instances, the autoscaling maximum, times
   * `maxConcurrentRequests`). Beyond them the endpoint refuses at once, so no more executions than
   * this stay busy for long.
   * @default - unknown: the throttling bound alone
   */
  readonly endpointConcurrency?: number;
}

/**
 * Little's law on the stage's limits: at most `burstLimit` requests arrive at once and then
 * `rateLimit` per second, each holding an execution for at most the Lambda timeout T:
 *
 *   throttling bound = burstLimit + ceil(rateLimit x T)
 *
 * Only requests the endpoint accepts can last that long; the rest are refused within
 * `FAST_REFUSAL_SECONDS`:
 *
 *   endpoint bound = burstLimit + endpointConcurrency + ceil(rateLimit x FAST_REFUSAL_SECONDS)
 *
 * The reserved concurrency is the smaller of the two: enough that API Gateway never admits a
 * request the function would then throttle, and no more.
 */
export function gatewayReservedConcurrency(inputs: GatewayConcurrencyInputs): number {
  const { rateLimit, burstLimit, lambdaTimeoutSeconds, endpointConcurrency } = inputs;
  if (!(rateLimit > 0) || !Number.isInteger(burstLimit) || burstLimit < 1 || !(lambdaTimeoutSeconds > 0)) {
    throw new Error(`gateway reserved concurrency needs a positive rate limit, burst limit and timeout, got ${JSON.stringify(inputs)}`);
  }
  const throttlingBound = burstLimit + Math.ceil(rateLimit * lambdaTimeoutSeconds);
  if (endpointConcurrency === undefined) return throttlingBound;
  if (!Number.isInteger(endpointConcurrency) || endpointConcurrency < 1) {
    throw new Error(`endpoint concurrency must be a whole number of at least 1, got ${endpointConcurrency}`);
  }
  const endpointBound = burstLimit + endpointConcurrency + Math.ceil(rateLimit * FAST_REFUSAL_SECONDS);
  return Math.min(throttlingBound, endpointBound);
}
