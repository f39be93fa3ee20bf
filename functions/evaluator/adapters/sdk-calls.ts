/** What every adapter does around an AWS SDK call: its failure becomes one of the evaluator's named errors, quoting nothing it sent. */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { foreignErrorText } from "../error-text";
import { StoreError } from "../errors";
import type { PutOutcome } from "../ports";

/** One of the evaluator's errors that wraps a failed call (`StoreError`, `DeadLetterError`, ...). */
export type WrappingError = new (message: string, options: { cause: unknown }) => Error;

/**
 * Runs one SDK call. Its failure becomes `failure`, saying which `operation` failed with the SDK
 * error's name, status and message length only (`foreignErrorText`), the SDK error as its cause.
 */
export async function sdkCall<T>(operation: string, failure: WrappingError, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new failure(`${operation} failed: ${foreignErrorText(error)}`, { cause: error });
  }
}

/** Puts `item` only if the table holds no item of its `eventId`: "stored", or "duplicate" for a re-delivery; any other failure is a `StoreError`. */
export async function putIfAbsent(client: DynamoDBDocumentClient, tableName: string, item: Record<string, unknown>, operation: string): Promise<PutOutcome> {
  try {
    await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: "attribute_not_exists(eventId)" }));
    return "stored";
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as Error).name === "ConditionalCheckFailedException") return "duplicate";
    throw new StoreError(`${operation} failed: ${foreignErrorText(error)}`, { cause: error });
  }
}
