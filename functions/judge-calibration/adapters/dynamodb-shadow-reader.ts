/** Reads a candidate's shadow comparisons (partition key `candidateJudgePair`) evaluated since a time. */
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { ShadowScoreItem } from "../../../contracts/score-item";

export class DynamoDbShadowReader {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  public async since(candidateJudgePair: string, since: Date): Promise<ShadowScoreItem[]> {
    const items: ShadowScoreItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const output = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "candidateJudgePair = :pair",
          FilterExpression: "evaluatedAt >= :since",
          ExpressionAttributeValues: { ":pair": candidateJudgePair, ":since": since.toISOString() },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...((output.Items ?? []) as ShadowScoreItem[]));
      start = output.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
