/** Quality publisher Lambda: DynamoDB stream (NEW_IMAGE) of scores -> CloudWatch metrics at the inference's time. */
import { Logger } from "@aws-lambda-powertools/logger";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { QUALITY_PUBLISHER_SERVICE_NAME } from "../../contracts/quality-publisher-environment";
import { CloudWatchSink } from "./cloudwatch-sink";
import { loadConfig } from "./config";
import { DynamoDbPublishedMarker } from "./dynamodb-marker";
import { publishStream } from "./publish-stream";

const logger = new Logger({ serviceName: QUALITY_PUBLISHER_SERVICE_NAME });
const config = loadConfig();
const sink = new CloudWatchSink(new CloudWatchClient({}));
const marker = config.scoresTableName ? new DynamoDbPublishedMarker(new DynamoDBClient({}), config.scoresTableName) : undefined;

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const { response, summary } = await publishStream(event, config, sink, logger, undefined, marker);
  logger.info("stream batch published", { ...summary });
  return response;
}
