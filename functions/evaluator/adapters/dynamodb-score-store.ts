/** Scores in DynamoDB: one item per event id, written only if absent so re-deliveries never double count. */
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { PutOutcome, ScoreStore } from "../ports";
import type { ScoreItem } from "../types";
import { putIfAbsent } from "./sdk-calls";

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
    return putIfAbsent(this.client, this.tableName, { ...item }, "DynamoDB PutItem");
  }
}
