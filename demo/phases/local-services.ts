/**
 * Phase 1 of a run: local AWS. dynalite behind the DynamoDB stream tap, s3rver (its object events
 * feed the notification queue, as the bucket's notification does), the wire stubs (Bedrock with the
 * simulated judge, Comprehend with its failures, SQS, CloudWatch, Firehose) and the simulated
 * endpoint in its own thread.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDbStreamTap } from "../../testing/aws/dynamodb-stream";
import { LocalQueue } from "../../testing/aws/sqs-event-source";
import { startDynalite, startS3rver, type LocalServer } from "../../testing/local-aws";
import { Random } from "../../testing/random";
import { BedrockStub } from "../../testing/wire/bedrock-stub";
import { CloudWatchStub } from "../../testing/wire/cloudwatch-stub";
import { ComprehendStub } from "../../testing/wire/comprehend-stub";
import { type FirehoseStub, startFirehoseStub } from "../../testing/wire/firehose-stub";
import { type OtlpReceiver, startOtlpReceiver } from "../../testing/wire/otlp-receiver";
import { awsJsonError } from "../../testing/wire/http-stub";
import { SqsStub } from "../../testing/wire/sqs-stub";
import { EndpointThread } from "../model/endpoint-thread";
import { SimulatedJudge } from "../model/simulated-judge";
import { ALL_NAMES } from "../workload/pii";
import { LOCAL_CREDENTIALS, type RunContext, sleep } from "./context";

export interface LocalServices {
  readonly dynalite: LocalServer;
  readonly tap: DynamoDbStreamTap;
  readonly s3: LocalServer;
  readonly notificationQueue: LocalQueue;
  readonly deadLetterQueue: LocalQueue;
  readonly judge: SimulatedJudge;
  readonly bedrock: BedrockStub;
  readonly comprehend: ComprehendStub;
  /** Comprehend calls failed on purpose so far. */
  readonly comprehendFailures: () => number;
  readonly sqs: SqsStub;
  readonly cloudwatch: CloudWatchStub;
  readonly firehose: FirehoseStub;
  readonly endpoint: EndpointThread;
  /** The in-process OTLP/HTTP receiver the functions' spans go to (the X-Ray stand-in). */
  readonly traces: OtlpReceiver;
}

async function createTable(endpoint: string, region: string, tableName: string, hashKey: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: hashKey, AttributeType: "S" }],
        KeySchema: [{ AttributeName: hashKey, KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === "ACTIVE") return;
      await sleep(20);
    }
  } finally {
    client.destroy();
  }
}

/** The S3 notification S3 itself sends for a created object (s3rver's, with the key URL-encoded and the region set as S3 does). */
function s3Notification(event: { Records: Record<string, any>[] }, region: string): string {
  return JSON.stringify({
    Records: event.Records.map((record) => ({
      ...record,
      awsRegion: region,
      s3: { ...record.s3, object: { ...record.s3.object, key: encodeURIComponent(String(record.s3.object.key)).replace(/%2F/g, "/").replace(/%20/g, "+") } },
    })),
  });
}

/** DynamoDB behind the stream tap, with the scores table the stack creates. */
async function startDynamoDb({ stack, resources }: RunContext): Promise<{ dynalite: LocalServer; tap: DynamoDbStreamTap }> {
  const { region, accountId } = stack.environment;
  const dynalite = resources.add("dynalite", await startDynalite(), (s: LocalServer) => s.stop());
  const tap = resources.add(
    "dynamodb stream tap",
    new DynamoDbStreamTap({ target: dynalite.url, region, accountId, keyAttributes: { [stack.scoresTable.name]: [stack.scoresTable.hashKey] } }),
    (t) => t.stop(),
  );
  await tap.start();
  await createTable(dynalite.url, region, stack.scoresTable.name, stack.scoresTable.hashKey);
  return { dynalite, tap };
}

/** The notification queue with its dead-letter queue, and S3 whose new inference-log objects notify it. */
async function startS3AndQueues({ stack, settings, resources }: RunContext): Promise<Pick<LocalServices, "s3" | "notificationQueue" | "deadLetterQueue">> {
  const { region, accountId } = stack.environment;
  const deadLetterQueue = new LocalQueue({
    name: stack.notificationQueue.deadLetterQueueName,
    arn: `arn:aws:sqs:${region}:${accountId}:${stack.notificationQueue.deadLetterQueueName}`,
    visibilityTimeoutMs: 30_000,
  });
  const notificationQueue = new LocalQueue({
    name: stack.notificationQueue.name,
    arn: `arn:aws:sqs:${region}:${accountId}:${stack.notificationQueue.name}`,
    visibilityTimeoutMs: settings.visibilityTimeoutMs,
    maxReceiveCount: stack.notificationQueue.maxReceiveCount,
    deadLetterQueue,
  });
  const s3 = resources.add(
    "s3rver",
    await startS3rver([stack.inferenceLogBucket.name], {
      onEvent: (event) => {
        const record = event.Records[0];
        const key = String(record?.s3?.object?.key ?? "");
        if (String(record?.eventName).startsWith("ObjectCreated:") && stack.inferenceLogBucket.notificationPrefixes.some((prefix) => key.startsWith(prefix))) {
          notificationQueue.send(s3Notification(event, region));
        }
      },
    }),
    (s: LocalServer) => s.stop(),
  );
  return { s3, notificationQueue, deadLetterQueue };
}

/** Bedrock answered by the simulated judge, and Comprehend failing at the run's error rate. */
async function startJudgeServices({
  settings,
  resources,
}: RunContext): Promise<Pick<LocalServices, "judge" | "bedrock" | "comprehend" | "comprehendFailures">> {
  const judge = new SimulatedJudge({ seed: settings.seed, throttleRate: settings.judgeThrottleRate });
  const bedrock = resources.add("bedrock stub", new BedrockStub(), (s) => s.stop());
  bedrock.reply = (call, index) => judge.reply(call, index);
  await bedrock.start();
  const comprehend = resources.add("comprehend stub", new ComprehendStub(), (s) => s.stop());
  comprehend.names = [...ALL_NAMES];
  comprehend.latencyMs = 25;
  let comprehendFailures = 0;
  comprehend.failCall = (index) => {
    if (!Random.for(settings.seed, "comprehend", index).chance(settings.comprehendErrorRate)) return undefined;
    comprehendFailures += 1;
    return awsJsonError(500, "InternalServerException", "stub: internal server error");
  };
  await comprehend.start();
  return { judge, bedrock, comprehend, comprehendFailures: () => comprehendFailures };
}

export async function startLocalServices(context: RunContext): Promise<LocalServices> {
  const { settings, resources, stack } = context;
  const model = stack.environment.model;
  const { dynalite, tap } = await startDynamoDb(context);
  const storage = await startS3AndQueues(context);
  const judging = await startJudgeServices(context);
  const sqs = resources.add("sqs stub", new SqsStub(), (s) => s.stop());
  await sqs.start();
  const cloudwatch = resources.add("cloudwatch stub", new CloudWatchStub(), (s) => s.stop());
  await cloudwatch.start();
  const firehose = resources.add("firehose stub", await startFirehoseStub(), (s) => s.close());
  const traces = resources.add("otlp receiver", await startOtlpReceiver(), (r) => r.close());
  const endpoint = resources.add(
    "simulated endpoint",
    await EndpointThread.start({
      seed: settings.seed,
      startedAt: Date.now(),
      durationMs: settings.durationMs,
      invokeTimeoutMs: settings.invokeTimeoutMs,
      // Decoding slots over the instances the endpoint runs (the autoscaling minimum when it scales).
      maxRollingBatchSize: model.maxRollingBatchSize * Math.max(1, model.autoscaling?.minInstances ?? model.instanceCount),
      prefixCaching: model.prefixCaching,
    }),
    (e) => e.stop(),
  );
  return { dynalite, tap, ...storage, ...judging, sqs, cloudwatch, firehose, endpoint, traces };
}
