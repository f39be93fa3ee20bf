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
import { DynamoDbShadowStore } from "./adapters/dynamodb-shadow-store";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { S3CanaryPayloads } from "./adapters/s3-canary-payloads";
import { SageMakerPiiModel } from "./adapters/sagemaker-pii-model";
import { S3ObjectReader } from "./adapters/s3-object-reader";
import { SqsDeadLetters } from "./adapters/sqs-dead-letters";
import { masksWithComprehend } from "../../contracts/pii-languages";
import type { EvaluatorConfig } from "./config";
import { RUBRIC_VERSION } from "./judge/rubric";
import { RUBRICS, rubricFor } from "./judge/rubrics";
import type { EvaluatorPorts } from "./ports";

export function createPorts(config: EvaluatorConfig): EvaluatorPorts {
  // Standard mode: exponential backoff with full jitter, capped at 20 s. Adaptive mode's client-side
  // rate limiter slowed every call after a few throttles (39x slower at 20 % throttling); a record
  // still throttled after its attempts waits for the message's next delivery (record-evaluation.ts).
  const bedrock = new BedrockRuntimeClient({ retryMode: "standard", maxAttempts: config.judgeMaxAttempts });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const judgeOptions = { maxTokens: config.judgeMaxTokens, maxTextChars: config.judgeMaxTextChars, callTimeoutMs: config.judgeCallTimeoutMs };
  // An unknown rubric never judges (process-object dead-letters its records); the default only fills the slot.
  const rubric = rubricFor(config.rubricVersion) ?? RUBRICS[RUBRIC_VERSION];
  const candidateRubric = config.candidateJudge ? rubricFor(config.candidateJudge.rubricVersion) : undefined;
  const s3 = new S3Client({});
  return {
    objects: new S3ObjectReader(s3),
    ...(config.canaryBucket ? { canaryPayloads: new S3CanaryPayloads(s3, config.canaryBucket) } : {}),
    ...(config.piiModelEndpoint
      ? {
          piiModel: new SageMakerPiiModel(new SageMakerRuntimeClient({ retryMode: "adaptive", maxAttempts: 5 }), {
            endpointName: config.piiModelEndpoint,
            minScore: config.piiModelMinScore,
          }),
        }
      : {}),
    judge: new BedrockJudge(bedrock, { ...judgeOptions, modelId: config.judgeModelId, rubric }),
    store: new DynamoDbScoreStore(documents, config.scoresTableName),
    // A candidate whose rubric this code does not hold is not shadow-judged at all.
    ...(config.candidateJudge && candidateRubric && config.shadowScoresTableName
      ? {
          shadowJudge: new BedrockJudge(bedrock, { ...judgeOptions, modelId: config.candidateJudge.judgeModelId, rubric: candidateRubric }),
          shadowStore: new DynamoDbShadowStore(documents, config.shadowScoresTableName),
        }
      : {}),
    deadLetters: new SqsDeadLetters(new SQSClient({}), config.failedRecordsQueueUrl),
    ...(config.piiLanguages.some(masksWithComprehend)
      ? { piiDetector: new ComprehendPiiDetector(new ComprehendClient({ retryMode: "adaptive", maxAttempts: 5 })) }
      : {}),
    now: () => new Date(),
  };
}
