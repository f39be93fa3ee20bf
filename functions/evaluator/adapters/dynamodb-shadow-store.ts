/** Shadow comparisons in their own DynamoDB table: one item per candidate pair and event id, written only if absent. */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { PutOutcome, ShadowScoreStore } from "../ports";
import type { ShadowScoreItem } from "../types";
import { putIfAbsent } from "./sdk-calls";

export class DynamoDbShadowStore implements ShadowScoreStore {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async put(item: ShadowScoreItem): Promise<PutOutcome> {
    return putIfAbsent(this.client, this.tableName, { ...item }, "DynamoDB PutItem (shadow)");
  }
}
