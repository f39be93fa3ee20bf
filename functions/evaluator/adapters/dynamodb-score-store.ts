/** Scores in DynamoDB: one item per event id, written only if absent so re-deliveries never double count. */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { foreignErrorText } from "../error-text";
import { StoreError } from "../errors";
import type { PutOutcome, ScoreStore } from "../ports";
import type { ScoreItem } from "../types";

export class DynamoDbScoreStore implements ScoreStore {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async exists(eventId: string): Promise<boolean> {
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { eventId }, ProjectionExpression: "eventId", ConsistentRead: true }),
    );
    return output.Item !== undefined;
  }

  public async put(item: ScoreItem): Promise<PutOutcome> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(eventId)" }));
      return "stored";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === "ConditionalCheckFailedException") return "duplicate";
      throw new StoreError(`DynamoDB PutItem failed: ${foreignErrorText(error)}`, { cause: error });
    }
  }
}
