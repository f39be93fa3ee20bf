import { EVALUATOR_VARIABLES, PII_LANGUAGES_VARIABLE } from "../../contracts/evaluator-environment";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { CalibrationThresholds } from "../../contracts/calibration-record";
import { judgePairId, type JudgePair } from "../../contracts/judge-pair";
import { NAMESPACES } from "../../contracts/metric-catalogue";
import { BundledFunction } from "../shared/bundled-function";
import type { EncryptionKey } from "../shared/encryption-key";
import { FunctionCode } from "../shared/deployment-package";
import { FunctionCodeSigning, type CodeSigningChoice } from "../shared/code-signing";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { SecureBucket } from "../shared/secure-bucket";
import { masksWithComprehend } from "./comprehend-regions";
import { judgeModelStatements } from "./judge-model";
import type { ShadowScoresTable } from "./shadow-scores-table";
import { schedulerRole } from "../shared/scheduler-role";

/** Name of the judge calibration bucket (known at synth: the stack's audit trail records its object access). */
export function judgeCalibrationBucketName(naming: ResourceNaming): string {
  return naming.bucketName("judge-calibration");
}

/** The first day of every month at 06:00: the source article's monthly recalibration. */
export const DEFAULT_CALIBRATION_SCHEDULE = "cron(0 6 1 * ? *)";
/** Every day at 07:00: shadow agreement while a candidate shadows. */
export const DEFAULT_SHADOW_AGREEMENT_SCHEDULE = "cron(0 7 * * ? *)";

export interface JudgeCalibrationProps {
  /** Naming of the environment; the function is `<prefix>-judge-calibration`. */
  readonly naming: ResourceNaming;
  /** Account of the function, bucket and schedules. */
  readonly accountId: string;
  /** Region of the function and of the judge models. */
  readonly region: string;
  /** Key of the bucket, the dead-letter queue's and the function's environment and logs (the layer's key). */
  readonly encryptionKey: EncryptionKey;
  /** Private subnets and security groups; the judge is called through the VPC's bedrock-runtime endpoint, as the evaluator's. */
  readonly network: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /**
   * The bedrock-runtime VPC endpoint the judge calls go through (the evaluator's): its id is the
   * `aws:SourceVpce` of the invoke permission; `created` (in `network.vpcId`) adds `aws:SourceVpc`.
   */
  readonly judgeEndpoint: { readonly id: string; readonly created: boolean };
  /** The judge pair scoring production. */
  readonly currentJudge: JudgePair;
  /** A shadow candidate, calibrated on demand (`{"task":"calibrate","pair":"candidate"}`). @default - none */
  readonly candidateJudge?: JudgePair;
  /** The golden set file (JSON lines), uploaded to the bucket under `golden/<sha256>.jsonl`. */
  readonly goldenSetPath: string;
  /** Name of the golden set in records and reports. @default - the file name */
  readonly goldenSetName?: string;
  /** Floors and ceilings (the alarms use the same). */
  readonly thresholds: CalibrationThresholds;
  /**
   * Quality thresholds of the request types' SLOs: the run measures the judge's sensitivity and
   * specificity for "good" at each (the corrected quality SLI reads them).
   * @default [] - no verdict figures
   */
  readonly verdictThresholds?: readonly number[];
  /** The evaluator's PII languages: the golden set is masked as production is. */
  readonly piiLanguages: readonly string[];
  /** Judge calls in flight during a run (1-64). @default 4 */
  readonly judgeConcurrency?: number;
  /** EventBridge Scheduler expression of the calibration. @default "cron(0 6 1 * ? *)" (monthly) */
  readonly schedule?: string;
  /** Time zone of the schedules (IANA). @default "UTC" */
  readonly scheduleTimezone?: string;
  /** Schedule of the shadow agreement (only with a candidate). @default "cron(0 7 * * ? *)" (daily) */
  readonly shadowAgreementSchedule?: string;
  /** Days of shadow comparisons the agreement covers (1-180). @default 30 */
  readonly shadowWindowDays?: number;
  /** Table of shadow comparisons, queried by the agreement task. @default - no agreement task */
  readonly shadowScoresTable?: ShadowScoresTable;
  /** Queue failed runs go to: the async invocation's on-failure destination and the schedules' dead-letter queue. */
  readonly deadLetterQueue: SqsQueue;
  /** Retention of the log group (>= 365). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Code signing of the function: a `FunctionCodeSigning`, or `"off"`.
   * @default - the stack's own (`FunctionCodeSigning.ofStack`, enforce), shared by every module of the stack
   */
  readonly codeSigning?: CodeSigningChoice;
}

const SCHEDULE_EXPRESSION = /^(cron\([^()]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/;

/**
 * Golden-set calibration of the judge: a bucket (SSE-KMS) holding the golden set, the reports and
 * the calibration records; the calibration function (the evaluator's masking and judge code, the
 * statistics, CloudWatch figures); an EventBridge Scheduler schedule that runs it monthly (and,
 * with a candidate, one that computes shadow agreement daily) through a role that may only invoke
 * it; failed runs kept in a dead-letter queue. Run on demand with `aws lambda invoke`.
 */
export class JudgeCalibration extends Construct {
  readonly bucket: SecureBucket;
  readonly function: BundledFunction;
  readonly schedulerRole: IamRole;
  readonly schedule: SchedulerSchedule;
  readonly shadowAgreementSchedule?: SchedulerSchedule;
  /** Function name, known at synth. */
  readonly functionName: string;
  /** Bucket name, known at synth. */
  readonly bucketName: string;
  /** Key of the golden set in the bucket. */
  readonly goldenSetKey: string;
  /** SHA-256 (hex) of the golden set file. */
  readonly goldenSetSha256: string;

  constructor(scope: Construct, id: string, props: JudgeCalibrationProps) {
    super(scope, id);
    const { naming, accountId, region } = props;
    for (const [name, expression] of [
      ["schedule", props.schedule],
      ["shadowAgreementSchedule", props.shadowAgreementSchedule],
    ] as const) {
      if (expression !== undefined && !SCHEDULE_EXPRESSION.test(expression)) {
        throw new Error(
          `calibration ${name} must be an EventBridge Scheduler cron(...) or rate(...) expression, e.g. "${DEFAULT_CALIBRATION_SCHEDULE}", got "${expression}"`,
        );
      }
    }
    const windowDays = props.shadowWindowDays ?? 30;
    if (!(Number.isInteger(windowDays) && windowDays >= 1 && windowDays <= 180))
      throw new Error(`shadow window must be a whole number of days from 1 to 180, got ${windowDays}`);
    if (!fs.existsSync(props.goldenSetPath))
      throw new Error(`golden set ${props.goldenSetPath} does not exist; point goldenSetPath at your golden set (JSON lines)`);
    const golden = fs.readFileSync(props.goldenSetPath);
    this.goldenSetSha256 = createHash("sha256").update(golden).digest("hex");
    // The key changes with the content: a new golden set is a new object and a new environment value.
    this.goldenSetKey = `golden/${this.goldenSetSha256.slice(0, 16)}.jsonl`;

    this.bucketName = judgeCalibrationBucketName(naming);
    this.bucket = new SecureBucket(this, "bucket", { bucketName: this.bucketName, encryptionKey: props.encryptionKey, contentName: "Calibration" });
    const goldenAsset = new TerraformAsset(this, "golden-set-file", { path: props.goldenSetPath, type: AssetType.FILE });
    new S3Object(this, "golden-set", {
      bucket: this.bucket.bucketName,
      key: this.goldenSetKey,
      source: goldenAsset.path,
      sourceHash: this.goldenSetSha256,
      contentType: "application/jsonl",
      serverSideEncryption: "aws:kms",
      kmsKeyId: props.encryptionKey.keyArn,
      bucketKeyEnabled: true,
    });

    const current = props.currentJudge;
    const candidate = props.candidateJudge;
    this.functionName = naming.name("judge-calibration", NAME_LIMITS.lambda);
    this.function = new BundledFunction(this, "function", {
      functionName: this.functionName,
      code: FunctionCode.platform("judge-calibration"),
      description: "Judge calibration: golden set through the evaluator's masking and judge, agreement statistics, bias probes, shadow agreement",
      grantName: "JudgeCalibration",
      accountId,
      region,
      encryptionKey: props.encryptionKey,
      environment: {
        CALIBRATION_BUCKET: this.bucketName,
        GOLDEN_SET_KEY: this.goldenSetKey,
        GOLDEN_SET_NAME: props.goldenSetName ?? path.basename(props.goldenSetPath),
        JUDGE_MODEL_ID: current.judgeModelId,
        JUDGE_RUBRIC_VERSION: current.rubricVersion,
        ...(candidate ? { CANDIDATE_JUDGE_PAIR: judgePairId(candidate) } : {}),
        ...(props.shadowScoresTable ? { SHADOW_SCORES_TABLE_NAME: props.shadowScoresTable.tableName, SHADOW_WINDOW_DAYS: String(windowDays) } : {}),
        [PII_LANGUAGES_VARIABLE.name]: props.piiLanguages.join(","),
        [EVALUATOR_VARIABLES.judgeConcurrency.name]: String(props.judgeConcurrency ?? EVALUATOR_VARIABLES.judgeConcurrency.default),
        CALIBRATION_THRESHOLDS: JSON.stringify(props.thresholds),
        ...(props.verdictThresholds && props.verdictThresholds.length > 0 ? { VERDICT_THRESHOLDS: props.verdictThresholds.join(",") } : {}),
        POWERTOOLS_SERVICE_NAME: "llm-judge-calibration",
      },
      vpcId: props.network.vpcId,
      subnetIds: props.network.subnetIds,
      securityGroupIds: props.network.securityGroupIds,
      timeoutSeconds: 900,
      memorySize: 1024,
      // One run at a time: a second would double the judge spend for the same figures.
      reservedConcurrency: 1,
      logRetentionDays: props.logRetentionDays,
      codeSigning: FunctionCodeSigning.resolve(this, props.codeSigning, { naming, accountId, region }),
    });
    this.bucket.grantRead(this.function, "golden/");
    this.bucket.grantWrite(this.function, "reports/");
    this.bucket.grantWrite(this.function, "records/");
    const network = { sourceVpceId: props.judgeEndpoint.id, ...(props.judgeEndpoint.created ? { vpcId: props.network.vpcId } : {}) };
    this.function.addToRolePolicy(
      ...judgeModelStatements({ modelId: current.judgeModelId, region, accountId, ...network }),
      ...(candidate && candidate.judgeModelId !== current.judgeModelId
        ? judgeModelStatements({ modelId: candidate.judgeModelId, region, accountId, ...network, sidSuffix: "Candidate" })
        : []),
      ...(props.piiLanguages.some(masksWithComprehend)
        ? [{ Sid: "DetectPii", Effect: "Allow" as const, Action: "comprehend:DetectPiiEntities", Resource: "*" }]
        : []),
      {
        Sid: "PublishCalibrationMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": NAMESPACES.judgeCalibration } },
      },
      { Sid: "SendFailedRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: props.deadLetterQueue.arn },
      { Sid: "UseLayerKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: props.encryptionKey.keyArn },
    );
    props.shadowScoresTable?.grantQuery(this.function);

    // A run that throws (bad golden set, AWS failure) is kept, not retried: a retry costs a whole run of judge calls.
    new LambdaFunctionEventInvokeConfig(this, "async-invoke", {
      functionName: this.function.function.functionName,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onFailure: { destination: props.deadLetterQueue.arn } },
    });

    this.schedulerRole = schedulerRole(this, {
      naming,
      accountId,
      roleName: "judge-calibration-scheduler",
      policyName: "invoke-calibration-only",
      statements: [
        { Sid: "InvokeCalibration", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: this.function.functionArn },
        { Sid: "SendUndeliveredRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: props.deadLetterQueue.arn },
        { Sid: "EncryptUndeliveredRuns", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: props.encryptionKey.keyArn },
      ],
    });
    // The schedules' payloads are encrypted with the layer's key, not an AWS-owned one
    // (https://docs.aws.amazon.com/scheduler/latest/UserGuide/encryption-rest.html): Scheduler uses it on
    // behalf of the principal that creates the schedule and of the execution role (kms:ViaService);
    // the execution role's own Decrypt is granted above.
    props.encryptionKey.allowAccountUseVia(
      "SchedulerEncryptsSchedules",
      ["scheduler"],
      ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
    );
    const timezone = props.scheduleTimezone ?? "UTC";
    const target = (input: Record<string, string>) => ({
      arn: this.function.functionArn,
      roleArn: this.schedulerRole.arn,
      input: JSON.stringify(input),
      retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      deadLetterConfig: { arn: props.deadLetterQueue.arn },
    });
    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: naming.name("judge-calibration-monthly", NAME_LIMITS.default),
      description: `Monthly golden-set calibration of judge ${judgePairId(current)}`,
      scheduleExpression: props.schedule ?? DEFAULT_CALIBRATION_SCHEDULE,
      scheduleExpressionTimezone: timezone,
      flexibleTimeWindow: { mode: "OFF" },
      kmsKeyArn: props.encryptionKey.keyArn,
      target: target({ task: "calibrate", pair: "current" }),
    });
    if (candidate && props.shadowScoresTable) {
      this.shadowAgreementSchedule = new SchedulerSchedule(this, "shadow-agreement-schedule", {
        name: naming.name("judge-shadow-agreement-daily", NAME_LIMITS.default),
        description: `Daily agreement of candidate judge ${judgePairId(candidate)} with ${judgePairId(current)}`,
        scheduleExpression: props.shadowAgreementSchedule ?? DEFAULT_SHADOW_AGREEMENT_SCHEDULE,
        scheduleExpressionTimezone: timezone,
        flexibleTimeWindow: { mode: "OFF" },
        kmsKeyArn: props.encryptionKey.keyArn,
        target: target({ task: "shadow-agreement" }),
      });
    }
  }
}
