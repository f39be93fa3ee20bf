/**
 * Like `Promise.all`, but waits for every promise before throwing the first failure. Calls still
 * retrying in the background after a handler returned would run on in a frozen Lambda container
 * (or into the next invocation), so nothing is left in flight.
 */
export async function allSettledOrThrow<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
