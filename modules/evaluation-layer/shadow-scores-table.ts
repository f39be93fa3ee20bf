import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import type { ShadowScoreItem } from "../../contracts/score-item";
import type { EncryptionKey } from "../shared/encryption-key";
import type { Grantee } from "../shared/grantee";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";

/** Partition key of the shadow table: the candidate judge pair, so one query reads one candidate. */
export const SHADOW_PARTITION_KEY = "candidateJudgePair" satisfies keyof ShadowScoreItem;
/** Sort key: the evaluated record, one comparison each. */
export const SHADOW_SORT_KEY = "eventId" satisfies keyof ShadowScoreItem;

export interface ShadowScoresTableProps {
  /** Naming of the environment; the table is `<prefix>-shadow-scores`. */
  readonly naming: ResourceNaming;
  /** Customer-managed key the table is encrypted with. */
  readonly encryptionKey: EncryptionKey;
}

/**
 * Shadow comparisons (`ShadowScoreItem`): the candidate judge's verdict beside the current judge's
 * on the same sampled record, stored apart from the scores table so that no quality series or SLO
 * ever reads a candidate. On-demand, PITR, SSE with a customer-managed key, TTL on `expiresAt`,
 * no stream.
 */
export class ShadowScoresTable extends Construct {
  readonly table: DynamodbTable;
  /** Table name, known at synth. */
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: ShadowScoresTableProps) {
    super(scope, id);
    this.tableName = props.naming.name("shadow-scores", NAME_LIMITS.dynamodbTable);
    this.table = new DynamodbTable(this, "Default", {
      name: this.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: SHADOW_PARTITION_KEY,
      rangeKey: SHADOW_SORT_KEY,
      attribute: [
        { name: SHADOW_PARTITION_KEY, type: "S" },
        { name: SHADOW_SORT_KEY, type: "S" },
      ],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.encryptionKey.keyArn },
      ttl: { attributeName: "expiresAt", enabled: true },
      deletionProtectionEnabled: true,
    });
  }

  get tableArn(): string {
    return this.table.arn;
  }

  /** Lets the grantee write comparisons (`WriteShadowScores`, conditional puts): the evaluator. */
  grantWriteItems(grantee: Grantee): void {
    grantee.addToRolePolicy({ Sid: "WriteShadowScores", Effect: "Allow", Action: "dynamodb:PutItem", Resource: this.tableArn });
  }

  /** Lets the grantee query comparisons by candidate (`QueryShadowScores`): the calibration function. */
  grantQuery(grantee: Grantee): void {
    grantee.addToRolePolicy({ Sid: "QueryShadowScores", Effect: "Allow", Action: "dynamodb:Query", Resource: this.tableArn });
  }
}
