import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { PublisherJudgeError } from "../../contracts/judge-error";
import { Construct } from "constructs";
import { SERVICE_NAME_VARIABLE } from "../../contracts/environment-variable";
import { NAMESPACES } from "../../contracts/metric-catalogue";
import {
  DEFAULT_THRESHOLD_KEY,
  isQualityThreshold,
  QUALITY_PUBLISHER_ENV,
  QUALITY_PUBLISHER_SERVICE_NAME,
  QUALITY_THRESHOLD,
  qualityThresholdsValue,
} from "../../contracts/quality-publisher-environment";
import type { BundledFunction } from "../shared/bundled-function";
import { layerFunction, type LayerFunctionProps, useLayerKeyStatement } from "./layer-function";
import type { ScoresTable } from "./scores-table";

/** Reserved concurrency of the quality publisher unless told otherwise. */
export const PUBLISHER_RESERVED_CONCURRENCY = 2;

/** The function is `<prefix>-quality-publisher`; it reaches CloudWatch through the VPC's monitoring endpoint. */
export interface QualityPublisherProps extends LayerFunctionProps {
  /** Table whose stream carries the new scores. */
  readonly scoresTable: ScoresTable;
  /** Queue the stream mapping sends batches that keep failing to; the role may send to it. */
  readonly deadLetterQueue: SqsQueue;
  /** Minimum quality score (0-1) per `request_type` for `QualityGood`; may not use the key `default`. */
  readonly qualityThresholds: Readonly<Record<string, number>>;
  /** Threshold (0-1) for request types not listed. */
  readonly defaultQualityThreshold: number;
  /**
   * The judge pair's sensitivity and specificity per request type (`judgeErrorSettings`): with them
   * each score also publishes `QualityGoodCorrected`, the corrected SLI's numerator.
   * @default - no corrected metric
   */
  readonly judgeError?: PublisherJudgeError;
  /** Reserved concurrency (1-1000). @default 2 */
  readonly reservedConcurrency?: number;
}

/**
 * The quality publisher function: turns new score items from the table's stream into CloudWatch
 * metrics (`LLMInference/Quality`) at the inference's own timestamp, with `QualityGood` against the
 * request type's threshold. Its role may publish in that namespace only, read the stream and send
 * to its DLQ.
 */
export class QualityPublisher extends Construct {
  readonly function: BundledFunction;
  /** Function name, known at synth. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: QualityPublisherProps) {
    super(scope, id);
    const reservedConcurrency = props.reservedConcurrency ?? PUBLISHER_RESERVED_CONCURRENCY;
    validateProps(props, reservedConcurrency);
    const env = QUALITY_PUBLISHER_ENV;
    // "Default" keeps the function's Terraform addresses (and asset folder) what they were before this construct existed.
    this.function = layerFunction(this, "Default", props, {
      name: "quality-publisher",
      code: "quality-publisher",
      description: "Quality publisher: new judge scores to CloudWatch metrics at inference time",
      grantName: "QualityPublisher",
      environment: {
        [env.qualityThresholds]: qualityThresholdsValue(props.qualityThresholds, props.defaultQualityThreshold),
        ...(props.judgeError && Object.keys(props.judgeError.corrections).length > 0 ? { [env.judgeError]: JSON.stringify(props.judgeError) } : {}),
        // Where scores published in a batch that then failed are marked (npm run dlq:replay skips them).
        [env.scoresTableName]: props.scoresTable.tableName,
        [SERVICE_NAME_VARIABLE]: QUALITY_PUBLISHER_SERVICE_NAME,
      },
      sizing: { timeoutSeconds: 60, memorySize: 512, reservedConcurrency },
    });
    this.functionName = this.function.functionName;
    this.function.addToRolePolicy({
      Sid: "PublishQualityMetrics",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": NAMESPACES.quality } },
    });
    props.scoresTable.grantStreamRead(this.function);
    props.scoresTable.grantMarkPublished(this.function);
    this.function.addToRolePolicy(
      { Sid: "SendFailedBatches", Effect: "Allow", Action: "sqs:SendMessage", Resource: props.deadLetterQueue.arn },
      useLayerKeyStatement(props.encryptionKey),
    );
  }

  get roleArn(): string {
    return this.function.roleArn;
  }

  get functionArn(): string {
    return this.function.functionArn;
  }
}

function validateProps(props: QualityPublisherProps, reservedConcurrency: number): void {
  const inRange = isQualityThreshold;
  const { min, max } = QUALITY_THRESHOLD;
  if (!(Number.isInteger(reservedConcurrency) && reservedConcurrency >= 1 && reservedConcurrency <= 1000)) {
    throw new Error(`publisher reserved concurrency must be a whole number from 1 to 1000, got ${reservedConcurrency}`);
  }
  if (!inRange(props.defaultQualityThreshold)) {
    throw new Error(`default quality threshold must be from ${min} to ${max}, got ${props.defaultQualityThreshold}`);
  }
  for (const [requestType, threshold] of Object.entries(props.qualityThresholds)) {
    if (requestType === DEFAULT_THRESHOLD_KEY) {
      throw new Error(`quality thresholds may not have a "${DEFAULT_THRESHOLD_KEY}" request type; set defaultQualityThreshold instead`);
    }
    if (!inRange(threshold)) throw new Error(`quality threshold for "${requestType}" must be from ${min} to ${max}, got ${threshold}`);
  }
}
