/** Starts dynalite (DynamoDB) and s3rver (S3) on 127.0.0.1, port 0, for integration tests. */
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, type CreateTableCommandInput, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import S3rver from "s3rver";

export const TEST_REGION = "sa-east-1";

/** Dummy credentials and region for every SDK client in the process. */
export function useDummyAwsEnv(): void {
  // Dummy keys; s3rver checks signatures against its one built-in key pair, S3RVER/S3RVER.
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  process.env.AWS_REGION = TEST_REGION;
  delete process.env.AWS_PROFILE;
  // s3rver predates flexible checksums: send them only when an operation requires one.
  process.env.AWS_REQUEST_CHECKSUM_CALCULATION = "WHEN_REQUIRED";
  process.env.AWS_RESPONSE_CHECKSUM_VALIDATION = "WHEN_REQUIRED";
}

export interface LocalServer {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<LocalServer> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Creates a table and waits until it is ACTIVE (dynalite with createTableMs 0 makes it so almost at once). */
async function createActiveTable(endpoint: string, table: Omit<CreateTableCommandInput, "BillingMode">): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: TEST_REGION });
  await client.send(new CreateTableCommand({ ...table, BillingMode: "PAY_PER_REQUEST" }));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.TableName }));
    if (Table?.TableStatus === "ACTIVE") break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  client.destroy();
}

/** Creates the scores table as the infrastructure module does: partition key eventId (S). */
export async function createScoresTable(endpoint: string, tableName: string): Promise<void> {
  await createActiveTable(endpoint, {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: "eventId", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "eventId", KeyType: "HASH" }],
  });
}

/** Creates the shadow comparisons table as the infrastructure module does: candidateJudgePair (S) + eventId (S). */
export async function createShadowScoresTable(endpoint: string, tableName: string): Promise<void> {
  await createActiveTable(endpoint, {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: "candidateJudgePair", AttributeType: "S" },
      { AttributeName: "eventId", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "candidateJudgePair", KeyType: "HASH" },
      { AttributeName: "eventId", KeyType: "RANGE" },
    ],
  });
}

export interface S3rverOptions {
  /** Called with each S3 event notification s3rver emits (object created or removed). */
  readonly onEvent?: (event: { Records: Record<string, any>[] }) => void;
}

export async function startS3rver(buckets: readonly string[], options: S3rverOptions = {}): Promise<LocalServer> {
  const directory = mkdtempSync(join(tmpdir(), "s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  if (options.onEvent) server.on("event", options.onEvent);
  const { port } = await server.run();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
