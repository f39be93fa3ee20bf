import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import type { ScoreItem } from "../../contracts/score-item";
import type { EncryptionKey } from "../shared/encryption-key";
import type { Grantee } from "../shared/grantee";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";

/** Partition key of the scores table: one item per evaluated inference (the score item's id). */
export const SCORES_PARTITION_KEY = "eventId" satisfies keyof ScoreItem;
/** TTL attribute of the scores table (epoch seconds, written by the evaluator). */
export const SCORES_TTL_ATTRIBUTE = "expiresAt" satisfies keyof ScoreItem;

/** The scores table's name, known at synth. */
export function scoresTableName(naming: ResourceNaming): string {
  return naming.name("evaluation-scores", NAME_LIMITS.dynamodbTable);
}

export interface ScoresTableProps {
  /** Naming of the environment; the table is `<prefix>-evaluation-scores`. */
  readonly naming: ResourceNaming;
  /** Customer-managed key the table (and its stream) is encrypted with. */
  readonly encryptionKey: EncryptionKey;
}

/**
 * The DynamoDB table of judge scores (`ScoreItem`, `contracts/score-item.ts`): on-demand, point-in-time
 * recovery, SSE with a customer-managed key, TTL on `expiresAt`, a `NEW_IMAGE` stream for the
 * quality publisher, and deletion protection.
 */
export class ScoresTable extends Construct {
  readonly table: DynamodbTable;
  /** Table name, known at synth. */
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: ScoresTableProps) {
    super(scope, id);
    this.tableName = scoresTableName(props.naming);
    // "Default" keeps the table's Terraform address what it was before this construct existed.
    this.table = new DynamodbTable(this, "Default", {
      name: this.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: SCORES_PARTITION_KEY,
      attribute: [{ name: SCORES_PARTITION_KEY, type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.encryptionKey.keyArn },
      ttl: { attributeName: SCORES_TTL_ATTRIBUTE, enabled: true },
      streamEnabled: true,
      streamViewType: "NEW_IMAGE",
      deletionProtectionEnabled: true,
    });
  }

  get tableArn(): string {
    return this.table.arn;
  }

  get streamArn(): string {
    return this.table.streamArn;
  }

  /** Lets the grantee get and put score items (`ReadAndWriteScores`): the evaluator's conditional writes. */
  grantReadWriteItems(grantee: Grantee): void {
    grantee.addToRolePolicy({ Sid: "ReadAndWriteScores", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: this.tableArn });
  }

  /**
   * Lets the grantee set `publishedAt` on score items (`MarkPublishedScores`): the quality publisher,
   * so that a dead-letter replay does not publish a score twice.
   */
  grantMarkPublished(grantee: Grantee): void {
    grantee.addToRolePolicy({ Sid: "MarkPublishedScores", Effect: "Allow", Action: "dynamodb:UpdateItem", Resource: this.tableArn });
  }

  /** Lets the grantee read the table's stream (`ReadScoresStream`): what a Lambda stream mapping needs. */
  grantStreamRead(grantee: Grantee): void {
    grantee.addToRolePolicy({
      Sid: "ReadScoresStream",
      Effect: "Allow",
      Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
      Resource: `${this.tableArn}/stream/*`,
    });
  }
}
