import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { SERVICE_NAME_VARIABLE } from "../../contracts/environment-variable";
import { EVALUATOR_ENV, EVALUATOR_SERVICE_NAME, EVALUATOR_VARIABLES, PII_LANGUAGES_VARIABLE } from "../../contracts/evaluator-environment";
import { judgePairId, type JudgePair } from "../../contracts/judge-pair";
import { CANARY_ENV } from "../../contracts/pii-canary";
import type { BundledFunction } from "../shared/bundled-function";
import { DEFAULT_FUNCTION_TRACING, type FunctionTracing, grantTraceExport, tracingEnvironment, validateFunctionTracing } from "../shared/function-tracing";
import type { PolicyStatement } from "../shared/policy-document";
import type { ReadableBucket } from "../shared/readable-bucket";
import { MAX_RECEIVE_COUNT } from "./evaluation-queues";
import type { EvaluatorSettings, EvaluatorSizing, ResolvedEvaluatorSettings } from "./evaluator-settings";
import { resolveEvaluatorSettings } from "./evaluator-settings";
import { detectPiiStatements, judgePairStatements } from "./judge-model";
import type { ServiceEndpoint } from "./evaluation-vpc-endpoints";
import { layerFunction, type LayerFunctionProps, useLayerKeyStatement } from "./layer-function";
import { piiModelStatements } from "./pii-model-endpoint";
import type { ScoresTable } from "./scores-table";
import type { ShadowScoresTable } from "./shadow-scores-table";

/** A bucket the evaluator reads objects from, under one prefix (granted with `ReadableBucket.grantRead`). */
export interface EvaluatedObjects {
  readonly bucket: ReadableBucket;
  /** Prefix of the objects, e.g. `datacapture/`. */
  readonly prefix: string;
}

/** The function is `<prefix>-evaluator`, in the region of the judge model; it calls the judge through the VPC's bedrock-runtime endpoint. */
export interface EvaluatorFunctionProps extends EvaluatorSettings, EvaluatorSizing, LayerFunctionProps {
  /**
   * The bedrock-runtime VPC endpoint the judge calls go through: its id is the `aws:SourceVpce` of
   * the invoke permission; `created` (the layer's own endpoint, in `network.vpcId`) adds `aws:SourceVpc`.
   */
  readonly judgeEndpoint: ServiceEndpoint;
  /** Endpoint whose records are evaluated: its name maps to the `ModelName` the scores carry. */
  readonly endpoint: { readonly endpointName: string; readonly modelName: string };
  /** Use cases the gateway accepts; a record naming another is scored under `unknown` (`USE_CASES`). */
  readonly useCases: readonly string[];
  /** Request types the gateway accepts; a record naming another is scored under `unknown` (`REQUEST_TYPES`). */
  readonly requestTypes: readonly string[];
  /** Objects the evaluator reads: DataCapture first, then (optionally) the gateway's inference logs. */
  readonly sources: readonly EvaluatedObjects[];
  /** Where scores are stored (get and conditional put). */
  readonly scoresTable: ScoresTable;
  /** Queue of S3 notifications the evaluator consumes. */
  readonly notificationQueue: SqsQueue;
  /** Queue the evaluator sends records it cannot score to. */
  readonly failedRecordsQueue: SqsQueue;
  /**
   * Judge pairs (`judgePairId`) synth found a passing calibration record for; the function scores
   * only with a pair listed here (`CALIBRATED_JUDGE_PAIRS`), else it dead-letters the records as
   * `judge_pair_uncalibrated`.
   */
  readonly calibratedJudgePairs: readonly string[];
  /** A shadow candidate judging a share of the scored records beside the current judge. @default - none */
  readonly candidateJudge?: JudgePair;
  /** Share (0-1) of scored records the candidate judges too. @default 1 */
  readonly shadowShare?: number;
  /** Where shadow comparisons go; required with `candidateJudge`. */
  readonly shadowScoresTable?: ShadowScoresTable;
  /** Bucket of the PII canary: the evaluator keeps canary records' judge messages there (`PII_CANARY_BUCKET`). @default - no canary */
  readonly canaryBucketName?: string;
  /**
   * A SageMaker endpoint of the bank's serving a PII token classifier (`PII_MODEL_ENDPOINT`), called
   * through `vpcEndpoint` (the VPC's sagemaker.runtime endpoint). @default - the local detectors only
   */
  readonly piiModelEndpoint?: { readonly name: string; readonly vpcEndpoint: ServiceEndpoint };
  /**
   * The verdict spans, on the request's trace: X-Ray's OTLP endpoint, plus the bank's when set;
   * `false` turns tracing off.
   * @default { sampleRatio: 0.1 }
   */
  readonly tracing?: FunctionTracing | false;
  /** Id of the calibration record that lets the judge pair score, stamped on each verdict span. @default - not stamped */
  readonly calibrationRecordId?: string;
}

/** The names the evaluator accepts, as its environment carries them; the gateway's alphabet, at least one. */
function metadataNames(names: readonly string[], prop: string): string {
  const bad = names.find((name) => !/^[A-Za-z0-9_.-]{1,64}$/.test(name));
  if (names.length === 0 || bad !== undefined) {
    throw new Error(`${prop} must list at least one name of letters, digits, _ . or - (1-64 characters), got ${JSON.stringify(names)}`);
  }
  return names.join(",");
}

/**
 * The LLM-as-judge evaluator function: reads DataCapture and inference-log objects named by S3
 * notifications, samples, masks PII (local masks, plus Comprehend for `en`/`es`), asks the pinned
 * Bedrock judge and stores scores; records it cannot score go to the failed-records queue. Its role
 * may read only the source prefixes, invoke only the judge model from the VPC, and use only the
 * table and queues it is given.
 */
export class EvaluatorFunction extends Construct {
  readonly function: BundledFunction;
  /** Settings with defaults applied. */
  readonly settings: ResolvedEvaluatorSettings;
  /** Function name, known at synth. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: EvaluatorFunctionProps) {
    super(scope, id);
    const s = resolveEvaluatorSettings(props, props.region);
    this.settings = s;
    validateEvaluatorWiring(props);
    const judgeStatements = judgePairStatements({
      current: { judgeModelId: s.judgeModelId, rubricVersion: s.judgeRubricVersion },
      ...(props.candidateJudge ? { candidate: props.candidateJudge } : {}),
      judgeEndpoint: props.judgeEndpoint,
      vpcId: props.network.vpcId,
      region: props.region,
      accountId: props.accountId,
    });

    const tracing = props.tracing ?? DEFAULT_FUNCTION_TRACING;
    validateFunctionTracing(tracing);
    // "Default" keeps the function's Terraform addresses (and asset folder) what they were before this construct existed.
    this.function = layerFunction(this, "Default", props, {
      name: "evaluator",
      code: "evaluator",
      description: "LLM-as-judge evaluator: samples DataCapture and inference-log records, masks PII, scores with Bedrock",
      grantName: "Evaluator",
      environment: { ...evaluatorEnvironment(props, s), ...tracingEnvironment(tracing, EVALUATOR_SERVICE_NAME) },
      sizing: { timeoutSeconds: s.timeoutSeconds, memorySize: s.memorySize, reservedConcurrency: s.reservedConcurrency },
    });
    this.functionName = this.function.functionName;
    if (tracing !== false) grantTraceExport(this.function, props.region);
    // Read and decrypt in the role policy, decrypt in each source key's policy (`EvaluatorDecrypts<contentName>`).
    for (const source of props.sources) source.bucket.grantRead(this.function, source.prefix);
    this.function.addToRolePolicy(...judgeStatements, ...detectPiiStatements(s.piiLanguages), ...piiModelStatementsOf(props));
    props.scoresTable.grantReadWriteItems(this.function);
    if (props.candidateJudge) props.shadowScoresTable?.grantWriteItems(this.function);
    this.function.addToRolePolicy(
      { Sid: "SendFailedRecords", Effect: "Allow", Action: "sqs:SendMessage", Resource: props.failedRecordsQueue.arn },
      {
        Sid: "ConsumeNotifications",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
        Resource: props.notificationQueue.arn,
      },
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

/** Sources given, and a candidate judge only with a table for its verdicts and a share in (0, 1]. */
function validateEvaluatorWiring(props: EvaluatorFunctionProps): void {
  if (props.sources.length === 0) throw new Error("sources is empty; pass at least the capture bucket and its prefix");
  if (props.candidateJudge && !props.shadowScoresTable)
    throw new Error("candidateJudge needs shadowScoresTable: shadow verdicts are stored apart from the scores");
  const shadowShare = props.shadowShare ?? 1;
  if (!(Number.isFinite(shadowShare) && shadowShare > 0 && shadowShare <= 1))
    throw new Error(`shadow share must be a share above 0 and at most 1, got ${shadowShare}`);
}

/** The evaluator's environment (`EVALUATOR_ENV`, `EVALUATOR_VARIABLES`, `CANARY_ENV`), tracing's variables aside. */
function evaluatorEnvironment(props: EvaluatorFunctionProps, s: ResolvedEvaluatorSettings): Record<string, string> {
  const env = EVALUATOR_ENV;
  const v = EVALUATOR_VARIABLES;
  return {
    [env.scoresTableName]: props.scoresTable.table.name,
    [env.failedRecordsQueueUrl]: props.failedRecordsQueue.url,
    [env.judgeModelId]: s.judgeModelId,
    [env.judgeRubricVersion]: s.judgeRubricVersion,
    [env.calibratedJudgePairs]: JSON.stringify(props.calibratedJudgePairs),
    ...(props.candidateJudge && props.shadowScoresTable
      ? {
          [env.candidateJudgePair]: judgePairId(props.candidateJudge),
          [v.shadowShare.name]: String(props.shadowShare ?? v.shadowShare.default),
          [env.shadowScoresTableName]: props.shadowScoresTable.tableName,
        }
      : {}),
    [v.judgeInputPricePer1k.name]: String(s.judgeInputPricePer1k),
    [v.judgeOutputPricePer1k.name]: String(s.judgeOutputPricePer1k),
    [v.sampleRate.name]: String(s.sampleRate),
    [v.entropyThreshold.name]: String(s.entropyThreshold),
    [v.judgeConcurrency.name]: String(s.judgeConcurrency),
    [v.judgeMaxTokens.name]: String(s.judgeMaxTokens),
    [v.judgeMaxTextChars.name]: String(s.judgeMaxTextChars),
    [PII_LANGUAGES_VARIABLE.name]: s.piiLanguages.join(","),
    [v.scoreTtlDays.name]: String(s.scoreTtlDays),
    [v.maxLineBytes.name]: String(s.maxLineBytes),
    [env.endpointModelNames]: JSON.stringify({ [props.endpoint.endpointName]: props.endpoint.modelName }),
    // Before the last delivery, records a throttled judge could not score wait for the next one.
    [v.notificationMaxReceiveCount.name]: String(MAX_RECEIVE_COUNT),
    [env.useCases]: metadataNames(props.useCases, "useCases"),
    [env.requestTypes]: metadataNames(props.requestTypes, "requestTypes"),
    ...(props.canaryBucketName ? { [CANARY_ENV.bucket]: props.canaryBucketName } : {}),
    ...(props.piiModelEndpoint ? { [env.piiModelEndpoint]: props.piiModelEndpoint.name } : {}),
    [SERVICE_NAME_VARIABLE]: EVALUATOR_SERVICE_NAME,
    ...(props.calibrationRecordId ? { [env.calibrationRecordId]: props.calibrationRecordId } : {}),
  };
}

/** Invoke on the PII model endpoint, when one is given, through its VPC endpoint. */
function piiModelStatementsOf(props: EvaluatorFunctionProps): PolicyStatement[] {
  const model = props.piiModelEndpoint;
  if (!model) return [];
  return piiModelStatements({
    endpointName: model.name,
    region: props.region,
    accountId: props.accountId,
    sourceVpceId: model.vpcEndpoint.id,
    ...(model.vpcEndpoint.created ? { vpcId: props.network.vpcId } : {}),
  });
}
