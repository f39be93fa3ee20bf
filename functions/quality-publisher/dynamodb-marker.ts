/** `PublishedMarker` over DynamoDB: sets `publishedAt` on each score item that still exists. */
import { ConditionalCheckFailedException, type DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { PUBLISHED_AT_ATTRIBUTE } from "../../contracts/score-item";
import type { PublishedMarker } from "./publish-stream";

export class DynamoDbPublishedMarker implements PublishedMarker {
  public constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  public async markPublished(eventIds: readonly string[]): Promise<void> {
    const at = this.now().toISOString();
    for (const eventId of eventIds) {
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { eventId: { S: eventId } },
            UpdateExpression: "SET #published = :at",
            // Never create an item: a score expired by TTL stays gone.
            ConditionExpression: "attribute_exists(eventId)",
            ExpressionAttributeNames: { "#published": PUBLISHED_AT_ATTRIBUTE },
            ExpressionAttributeValues: { ":at": { S: at } },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }
}
