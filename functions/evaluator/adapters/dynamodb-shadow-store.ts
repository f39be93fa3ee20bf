/** Shadow comparisons in their own DynamoDB table: one item per candidate pair and event id, written only if absent. */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { foreignErrorText } from "../error-text";
import { StoreError } from "../errors";
import type { PutOutcome, ShadowScoreStore } from "../ports";
import type { ShadowScoreItem } from "../types";

export class DynamoDbShadowStore implements ShadowScoreStore {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async put(item: ShadowScoreItem): Promise<PutOutcome> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: "attribute_not_exists(eventId)" }));
      return "stored";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === "ConditionalCheckFailedException") return "duplicate";
      throw new StoreError(`DynamoDB PutItem (shadow) failed: ${foreignErrorText(error)}`, { cause: error });
    }
  }
}
