/** Builds the calibration function's adapters; SDK clients read endpoints and credentials the standard way. */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { ComprehendClient } from "@aws-sdk/client-comprehend";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { JudgePair } from "../../contracts/judge-pair";
import { masksWithComprehend } from "../../contracts/pii-languages";
import { BedrockJudge } from "../evaluator/adapters/bedrock-judge";
import { ComprehendPiiDetector } from "../evaluator/adapters/comprehend-detector";
import { rubricFor } from "../evaluator/judge/rubrics";
import { CloudWatchCalibrationMetrics } from "./adapters/cloudwatch-metrics";
import { DynamoDbShadowReader } from "./adapters/dynamodb-shadow-reader";
import { S3CalibrationBucket } from "./adapters/s3-calibration-bucket";
import { judgeServiceFrom, type CalibrationConfig } from "./config";
import { InvalidTaskError } from "./errors";
import type { CalibrationPorts } from "./tasks";

export function createPorts(config: CalibrationConfig): CalibrationPorts {
  const bucket = new S3CalibrationBucket(new S3Client({}), config.bucket);
  const metrics = new CloudWatchCalibrationMetrics(new CloudWatchClient({}));
  // The evaluator's client settings: adaptive retries under throttling.
  const bedrock = new BedrockRuntimeClient({ retryMode: "adaptive", maxAttempts: 6 });
  const shadow = config.shadowScoresTableName
    ? new DynamoDbShadowReader(DynamoDBDocumentClient.from(new DynamoDBClient({})), config.shadowScoresTableName)
    : undefined;
  return {
    readGoldenSet: (key) => bucket.read(key),
    putObject: (key, body, contentType) => bucket.put(key, body, contentType),
    putMetrics: (datums) => metrics.put(datums),
    judgeFor: (pair: JudgePair) => {
      const rubric = rubricFor(pair.rubricVersion);
      if (!rubric) throw new InvalidTaskError(`rubric version "${pair.rubricVersion}" is not held by this code`);
      return new BedrockJudge(bedrock, { modelId: pair.judgeModelId, rubric, maxTokens: config.judgeMaxTokens, maxTextChars: config.judgeMaxTextChars });
    },
    ...(config.piiLanguages.some(masksWithComprehend)
      ? { piiDetector: new ComprehendPiiDetector(new ComprehendClient({ retryMode: "adaptive", maxAttempts: 5 })) }
      : {}),
    ...(shadow ? { shadowItems: (pair: string, since: Date) => shadow.since(pair, since) } : {}),
    judgeService: judgeServiceFrom(),
    now: () => new Date(),
  };
}
