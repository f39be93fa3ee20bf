import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import type { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { CalibrationThresholds } from "../../contracts/calibration-record";
import { SERVICE_NAME_VARIABLE, withinRange } from "../../contracts/environment-variable";
import {
  EVALUATOR_ENV,
  EVALUATOR_VARIABLES,
  JUDGE_CALIBRATION_ENV,
  JUDGE_CALIBRATION_SERVICE_NAME,
  JUDGE_CALIBRATION_VARIABLES,
  PII_LANGUAGES_VARIABLE,
} from "../../contracts/evaluator-environment";
import { judgePairId, type JudgePair } from "../../contracts/judge-pair";
import { NAMESPACES } from "../../contracts/metric-catalogue";
import type { BundledFunction } from "../shared/bundled-function";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { SecureBucket } from "../shared/secure-bucket";
import { detectPiiStatements, judgePairStatements } from "./judge-model";
import type { ServiceEndpoint } from "./evaluation-vpc-endpoints";
import { layerFunction, type LayerFunctionProps, useLayerKeyStatement } from "./layer-function";
import type { ShadowScoresTable } from "./shadow-scores-table";
import { keepFailedRuns, scheduledRun } from "../shared/scheduled-run";
import { schedulerRole } from "../shared/scheduler-role";

/** Name of the judge calibration bucket (known at synth: the stack's audit trail records its object access). */
export function judgeCalibrationBucketName(naming: ResourceNaming): string {
  return naming.bucketName("judge-calibration");
}

/** The first day of every month at 06:00: the source article's monthly recalibration. */
export const DEFAULT_CALIBRATION_SCHEDULE = "cron(0 6 1 * ? *)";
/** Every day at 07:00: shadow agreement while a candidate shadows. */
export const DEFAULT_SHADOW_AGREEMENT_SCHEDULE = "cron(0 7 * * ? *)";
/** Time zone of the schedules unless told otherwise. */
export const DEFAULT_SCHEDULE_TIMEZONE = "UTC";

/**
 * The function is `<prefix>-judge-calibration`, in the region of the judge models; the layer's key
 * also encrypts its bucket and the schedules' payloads.
 */
export interface JudgeCalibrationProps extends LayerFunctionProps {
  /**
   * The bedrock-runtime VPC endpoint the judge calls go through (the evaluator's): its id is the
   * `aws:SourceVpce` of the invoke permission; `created` (in `network.vpcId`) adds `aws:SourceVpc`.
   */
  readonly judgeEndpoint: ServiceEndpoint;
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
}

/** What EventBridge Scheduler accepts as a schedule expression (the calibration's are checked at synth). */
export const SCHEDULE_EXPRESSION = /^(cron\([^()]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/;

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
    validateCalibrationProps(props);
    const golden = fs.readFileSync(props.goldenSetPath);
    this.goldenSetSha256 = createHash("sha256").update(golden).digest("hex");
    // The key changes with the content: a new golden set is a new object and a new environment value.
    this.goldenSetKey = `golden/${this.goldenSetSha256.slice(0, 16)}.jsonl`;
    this.bucketName = judgeCalibrationBucketName(props.naming);
    this.bucket = new SecureBucket(this, "bucket", { bucketName: this.bucketName, encryptionKey: props.encryptionKey, contentName: "Calibration" });
    this.uploadGoldenSet(props);

    this.function = layerFunction(this, "function", props, {
      name: "judge-calibration",
      code: "judge-calibration",
      description: "Judge calibration: golden set through the evaluator's masking and judge, agreement statistics, bias probes, shadow agreement",
      grantName: "JudgeCalibration",
      environment: this.environment(props),
      // One run at a time: a second would double the judge spend for the same figures.
      sizing: { timeoutSeconds: 900, memorySize: 1024, reservedConcurrency: 1 },
    });
    this.functionName = this.function.functionName;
    this.grantFunction(props);

    // A run that throws (bad golden set, AWS failure) is kept, not retried: a retry costs a whole run of judge calls.
    keepFailedRuns(this, "async-invoke", this.function, props.deadLetterQueue, 3600);
    this.schedulerRole = this.schedulerRoleFor(props);
    this.schedule = this.scheduleRun(props, "schedule", {
      name: "judge-calibration-monthly",
      description: `Monthly golden-set calibration of judge ${judgePairId(props.currentJudge)}`,
      expression: props.schedule ?? DEFAULT_CALIBRATION_SCHEDULE,
      input: { task: "calibrate", pair: "current" },
    });
    if (props.candidateJudge && props.shadowScoresTable) {
      this.shadowAgreementSchedule = this.scheduleRun(props, "shadow-agreement-schedule", {
        name: "judge-shadow-agreement-daily",
        description: `Daily agreement of candidate judge ${judgePairId(props.candidateJudge)} with ${judgePairId(props.currentJudge)}`,
        expression: props.shadowAgreementSchedule ?? DEFAULT_SHADOW_AGREEMENT_SCHEDULE,
        input: { task: "shadow-agreement" },
      });
    }
  }

  /** The golden set file as an S3 object under its content-addressed key. */
  private uploadGoldenSet(props: JudgeCalibrationProps): void {
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
  }

  /** The function's environment (`JUDGE_CALIBRATION_ENV`, the judge's `EVALUATOR_ENV` and `EVALUATOR_VARIABLES`). */
  private environment(props: JudgeCalibrationProps): Record<string, string> {
    const own = JUDGE_CALIBRATION_ENV;
    const judge = EVALUATOR_ENV;
    const windowDays = props.shadowWindowDays ?? JUDGE_CALIBRATION_VARIABLES.shadowWindowDays.default;
    const concurrency = EVALUATOR_VARIABLES.judgeConcurrency;
    return {
      [own.bucket]: this.bucketName,
      [own.goldenSetKey]: this.goldenSetKey,
      [own.goldenSetName]: props.goldenSetName ?? path.basename(props.goldenSetPath),
      [judge.judgeModelId]: props.currentJudge.judgeModelId,
      [judge.judgeRubricVersion]: props.currentJudge.rubricVersion,
      ...(props.candidateJudge ? { [judge.candidateJudgePair]: judgePairId(props.candidateJudge) } : {}),
      ...(props.shadowScoresTable
        ? { [judge.shadowScoresTableName]: props.shadowScoresTable.tableName, [JUDGE_CALIBRATION_VARIABLES.shadowWindowDays.name]: String(windowDays) }
        : {}),
      [PII_LANGUAGES_VARIABLE.name]: props.piiLanguages.join(","),
      [concurrency.name]: String(props.judgeConcurrency ?? concurrency.default),
      [own.thresholds]: JSON.stringify(props.thresholds),
      ...(props.verdictThresholds && props.verdictThresholds.length > 0 ? { [own.verdictThresholds]: props.verdictThresholds.join(",") } : {}),
      [SERVICE_NAME_VARIABLE]: JUDGE_CALIBRATION_SERVICE_NAME,
    };
  }

  /** Its own bucket prefixes, the judges through the VPC endpoint, Comprehend where used, its metrics, its DLQ and the key. */
  private grantFunction(props: JudgeCalibrationProps): void {
    this.bucket.grantRead(this.function, "golden/");
    this.bucket.grantWrite(this.function, "reports/");
    this.bucket.grantWrite(this.function, "records/");
    this.function.addToRolePolicy(
      ...judgePairStatements({
        current: props.currentJudge,
        ...(props.candidateJudge ? { candidate: props.candidateJudge } : {}),
        judgeEndpoint: props.judgeEndpoint,
        vpcId: props.network.vpcId,
        region: props.region,
        accountId: props.accountId,
      }),
      ...detectPiiStatements(props.piiLanguages),
      {
        Sid: "PublishCalibrationMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": NAMESPACES.judgeCalibration } },
      },
      { Sid: "SendFailedRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: props.deadLetterQueue.arn },
      useLayerKeyStatement(props.encryptionKey),
    );
    props.shadowScoresTable?.grantQuery(this.function);
  }

  /** Scheduler's role: invoke the function only, send undelivered runs to the DLQ, use the key of the schedules' payloads. */
  private schedulerRoleFor(props: JudgeCalibrationProps): IamRole {
    const role = schedulerRole(this, {
      naming: props.naming,
      accountId: props.accountId,
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
    return role;
  }

  /** A schedule that invokes the function with `input`, its payload under the layer's key, undelivered runs to the DLQ. */
  private scheduleRun(
    props: JudgeCalibrationProps,
    id: string,
    run: { readonly name: string; readonly description: string; readonly expression: string; readonly input: Record<string, string> },
  ): SchedulerSchedule {
    return scheduledRun(this, id, {
      name: props.naming.name(run.name, NAME_LIMITS.default),
      description: run.description,
      expression: run.expression,
      timezone: props.scheduleTimezone ?? DEFAULT_SCHEDULE_TIMEZONE,
      function: this.function,
      role: this.schedulerRole,
      input: run.input,
      key: props.encryptionKey,
      retry: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      deadLetterQueue: props.deadLetterQueue,
    });
  }
}

/** Schedule expressions Scheduler accepts, a shadow window in range, a golden set that exists. */
function validateCalibrationProps(props: JudgeCalibrationProps): void {
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
  const window = JUDGE_CALIBRATION_VARIABLES.shadowWindowDays;
  const windowDays = props.shadowWindowDays ?? window.default;
  if (!withinRange(windowDays, window)) throw new Error(`shadow window must be a whole number of days from ${window.min} to ${window.max}, got ${windowDays}`);
  if (!fs.existsSync(props.goldenSetPath))
    throw new Error(`golden set ${props.goldenSetPath} does not exist; point goldenSetPath at your golden set (JSON lines)`);
}
