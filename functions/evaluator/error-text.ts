/**
 * What an error may say in a log line or a dead-letter pointer. A service's error message can quote
 * what it was sent (a prompt, an answer, a score item), so of an error this code did not write only
 * the name, the HTTP status and the length of the message are kept.
 */

/** `ThrottlingException (HTTP 429, message of 52 characters)`. */
export function foreignErrorText(error: unknown): string {
  if (!(error instanceof Error)) return `${typeof error} thrown`;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const details = [...(status !== undefined ? [`HTTP ${status}`] : []), `message of ${error.message.length} characters`];
  return `${error.name} (${details.join(", ")})`;
}
