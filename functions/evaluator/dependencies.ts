/** Builds the AWS adapters from configuration; SDK clients read endpoints and credentials the standard way. */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { BedrockJudge } from "./adapters/bedrock-judge";
import { ComprehendPiiDetector } from "./adapters/comprehend-detector";
import { DynamoDbScoreStore } from "./adapters/dynamodb-score-store";
import { S3ObjectReader } from "./adapters/s3-object-reader";
import { SqsDeadLetters } from "./adapters/sqs-dead-letters";
import { masksWithComprehend } from "../../contracts/pii-languages";
import type { EvaluatorConfig } from "./config";
import type { EvaluatorPorts } from "./ports";

export function createPorts(config: EvaluatorConfig): EvaluatorPorts {
  return {
    objects: new S3ObjectReader(new S3Client({})),
    // Adaptive mode adds client-side rate limiting on throttling on top of exponential backoff.
    judge: new BedrockJudge(new BedrockRuntimeClient({ retryMode: "adaptive", maxAttempts: 6 }), {
      modelId: config.judgeModelId,
      maxTokens: config.judgeMaxTokens,
      maxTextChars: config.judgeMaxTextChars,
    }),
    store: new DynamoDbScoreStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
      config.scoresTableName,
    ),
    deadLetters: new SqsDeadLetters(new SQSClient({}), config.failedRecordsQueueUrl),
    ...(config.piiLanguages.some(masksWithComprehend)
      ? { piiDetector: new ComprehendPiiDetector(new ComprehendClient({ retryMode: "adaptive", maxAttempts: 5 })) }
      : {}),
    now: () => new Date(),
  };
}
