/**
 * Tag that marks a queue as a dead-letter queue (one a function sends what it could not process to
 * itself, and a redrive reads): the SQS policy rule exempts such a queue from needing a redrive of its own.
 */
export const DEAD_LETTER_TAG = { QueueRole: "dead-letter" } as const;
