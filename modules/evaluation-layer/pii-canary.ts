import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { NAMESPACES } from "../../contracts/metric-catalogue";
import { SERVICE_NAME_VARIABLE, withinRange } from "../../contracts/environment-variable";
import {
  CANARY_ENV,
  CANARY_GRACE_MINUTES,
  CANARY_INTERVAL_MINUTES,
  CANARY_PREFIXES,
  type CanaryTask,
  PII_CANARY_SERVICE_NAME,
} from "../../contracts/pii-canary";
import type { BundledFunction } from "../shared/bundled-function";
import type { EncryptionKey } from "../shared/encryption-key";
import type { Grantee } from "../shared/grantee";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import type { ReadableBucket } from "../shared/readable-bucket";
import { SecureBucket } from "../shared/secure-bucket";
import { layerFunction, type LayerFunctionProps } from "./layer-function";
import { DEAD_LETTER_TAG } from "./policy-rules";
import { keepFailedRuns, scheduledRun } from "../shared/scheduled-run";
import { schedulerRole } from "../shared/scheduler-role";

/** A bucket the canary may write its record into (the telemetry module's `SecureBucket` is one). */
export interface WritableBucket extends ReadableBucket {
  /** Lets the grantee write objects under `prefix`, encrypted with the bucket's key. */
  grantWrite(grantee: Grantee, prefix?: string): void;
}

/** Whether `bucket` can grant writes (an `ExistingBucket` cannot: its key policy is not this stack's). */
export function isWritableBucket(bucket: ReadableBucket): bucket is WritableBucket {
  return typeof (bucket as Partial<WritableBucket>).grantWrite === "function";
}

/** What an environment (or a layer's caller) may set of the PII canary. */
export interface PiiCanarySettings {
  /** Whether the canary runs. @default true - where the inference logs' bucket is one this stack manages */
  readonly enabled?: boolean;
  /** Minutes between canary runs and between checks (10-720): the canary alarms' period. @default 60 */
  readonly intervalMinutes?: number;
  /** Minutes after planting before a run's judge payload must exist (1-120, below the interval). @default 15 */
  readonly graceMinutes?: number;
}

/**
 * Where the canary writes its record, or undefined (with the reason) when it cannot run: switched off,
 * no inference-log source, or a bucket this stack does not manage.
 */
export function canaryTarget(
  settings: PiiCanarySettings | undefined,
  source: { readonly bucket: ReadableBucket; readonly prefix: string } | undefined,
): { target?: { bucket: WritableBucket; prefix: string }; reason?: string } {
  if (settings?.enabled === false) return {};
  if (!source) return { reason: "no inferenceLogSource: the PII canary writes an inference-log record and is not created; give the gateway's log bucket" };
  if (!isWritableBucket(source.bucket)) {
    return {
      reason: `inference-log bucket ${source.bucket.bucketName} is not managed by this stack: the PII canary cannot be granted writes there and is not created`,
    };
  }
  return { target: { bucket: source.bucket, prefix: source.prefix } };
}

/** Every hour: the canary's default period (plant, check, and the alarms' period). */
export const DEFAULT_CANARY_INTERVAL_MINUTES = CANARY_INTERVAL_MINUTES.default;

/**
 * The layer's key also encrypts the canary bucket, the schedules' payloads (EventBridge Scheduler
 * CMK) and the DLQ; the functions reach S3 and CloudWatch through the layer's VPC endpoints.
 */
export interface PiiCanaryProps extends LayerFunctionProps {
  /** Where the gateway's inference logs land; the canary record is written under `<prefix>pii-canary/`. */
  readonly inferenceLogs: { readonly bucket: WritableBucket; readonly prefix: string };
  /** The evaluated endpoint's names, carried by the canary record. */
  readonly endpoint: { readonly endpointName: string; readonly modelName: string };
  /** The evaluator: granted writes under `payloads/` of the canary bucket only; its name is the metrics' `Evaluator` dimension. */
  readonly evaluator: Grantee & { readonly functionName: string };
  /** Minutes between canary runs, and between checks (10-720). @default 60 */
  readonly intervalMinutes?: number;
  /** Minutes after planting before a run's judge payload must exist (1-120, below the interval). @default 15 */
  readonly graceMinutes?: number;
}

/**
 * The PII canary: on a schedule, a plant function writes a synthetic inference-log record with fresh
 * client data (name, street, CEP, CPF, account) where the gateway's logs land, so it travels the real
 * path (S3 notification, evaluator, masking, last check, judge, score); the evaluator keeps the exact
 * judge message of canary records in the canary bucket; a check function compares it with the
 * planted values and publishes `PiiCanaryLeaks`, `PiiCanaryMissing` and `PiiCanaryEvaluated`.
 * Both schedules are EventBridge Scheduler schedules encrypted with the layer's customer-managed key.
 */
export class PiiCanary extends Construct {
  readonly bucket: SecureBucket;
  readonly plantFunction: BundledFunction;
  readonly checkFunction: BundledFunction;
  readonly schedulerRole: IamRole;
  readonly plantSchedule: SchedulerSchedule;
  readonly checkSchedule: SchedulerSchedule;
  /** Failed runs: the functions' async on-failure destination and the schedules' dead-letter queue. */
  readonly deadLetterQueue: SqsQueue;
  readonly deadLetterQueueName: string;
  readonly bucketName: string;
  /** Minutes between runs: the period of the canary alarms. */
  readonly intervalMinutes: number;
  /** The `Evaluator` dimension value of the canary metrics. */
  readonly evaluatorName: string;

  constructor(scope: Construct, id: string, props: PiiCanaryProps) {
    super(scope, id);
    const { naming, accountId, encryptionKey } = props;
    this.intervalMinutes = props.intervalMinutes ?? DEFAULT_CANARY_INTERVAL_MINUTES;
    const graceMinutes = props.graceMinutes ?? CANARY_GRACE_MINUTES.default;
    validateTiming(this.intervalMinutes, graceMinutes);
    this.evaluatorName = props.evaluator.functionName;

    this.bucketName = naming.bucketName("pii-canary");
    // Synthetic data and verdicts: kept 90 days for the runbook, not the 7 years of audit data.
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: this.bucketName,
      encryptionKey,
      contentName: "PiiCanary",
      lifecycle: { transitionToGlacierIrAfterDays: 30, expireAfterDays: 90 },
    });
    this.deadLetterQueueName = naming.name("pii-canary-dlq", NAME_LIMITS.sqsQueue);
    this.deadLetterQueue = new SqsQueue(this, "dlq", {
      name: this.deadLetterQueueName,
      kmsMasterKeyId: encryptionKey.keyArn,
      messageRetentionSeconds: 1_209_600,
      tags: { ...DEAD_LETTER_TAG },
    });

    // One run at a time: a second would plant or count twice.
    const sizing = { timeoutSeconds: 120, memorySize: 256, reservedConcurrency: 1 };
    const environment = { [CANARY_ENV.bucket]: this.bucketName, [CANARY_ENV.evaluatorName]: this.evaluatorName };
    this.plantFunction = layerFunction(this, "plant", props, {
      name: "pii-canary-plant",
      code: "pii-canary",
      sizing,
      description: "PII canary: writes a synthetic inference-log record with fresh canary client data where the gateway's logs land",
      grantName: "PiiCanaryPlant",
      environment: {
        ...environment,
        [CANARY_ENV.task]: "plant" satisfies CanaryTask,
        [CANARY_ENV.logBucket]: props.inferenceLogs.bucket.bucketName,
        [CANARY_ENV.logPrefix]: props.inferenceLogs.prefix,
        [CANARY_ENV.endpointName]: props.endpoint.endpointName,
        [CANARY_ENV.modelName]: props.endpoint.modelName,
        [SERVICE_NAME_VARIABLE]: PII_CANARY_SERVICE_NAME,
      },
    });
    this.checkFunction = layerFunction(this, "check", props, {
      name: "pii-canary-check",
      code: "pii-canary",
      sizing,
      description: "PII canary: compares the judge payloads with the planted values; publishes PiiCanaryLeaks, PiiCanaryMissing, PiiCanaryEvaluated",
      grantName: "PiiCanaryCheck",
      environment: {
        ...environment,
        [CANARY_ENV.task]: "check" satisfies CanaryTask,
        [CANARY_GRACE_MINUTES.name]: String(graceMinutes),
        [SERVICE_NAME_VARIABLE]: PII_CANARY_SERVICE_NAME,
      },
    });
    this.grant(props);
    this.schedulerRole = this.schedulerRoleFor(naming, accountId, encryptionKey);
    const schedule = (job: CanaryTask, fn: BundledFunction) =>
      scheduledRun(this, `${job}-schedule`, {
        name: naming.name(`pii-canary-${job}`, NAME_LIMITS.default),
        description: `PII canary: ${job} every ${this.intervalMinutes} minutes`,
        expression: `rate(${this.intervalMinutes} minutes)`,
        function: fn,
        role: this.schedulerRole,
        input: { task: job },
        key: encryptionKey,
        retry: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
        deadLetterQueue: this.deadLetterQueue,
      });
    this.plantSchedule = schedule("plant", this.plantFunction);
    this.checkSchedule = schedule("check", this.checkFunction);
    // A failed run is kept, not retried: the next run plants or checks anew.
    keepFailedRuns(this, "plant-async-invoke", this.plantFunction, this.deadLetterQueue, 600);
    keepFailedRuns(this, "check-async-invoke", this.checkFunction, this.deadLetterQueue, 600);
  }

  /** Least privilege: each function its own prefixes; the evaluator writes payloads only. */
  private grant(props: PiiCanaryProps): void {
    this.bucket.grantWrite(this.plantFunction, CANARY_PREFIXES.planted);
    props.inferenceLogs.bucket.grantWrite(this.plantFunction, `${props.inferenceLogs.prefix}pii-canary/`);
    this.bucket.grantRead(this.checkFunction, CANARY_PREFIXES.planted);
    this.bucket.grantRead(this.checkFunction, CANARY_PREFIXES.payloads);
    this.bucket.grantWrite(this.checkFunction, CANARY_PREFIXES.results);
    this.bucket.grantWrite(props.evaluator, CANARY_PREFIXES.payloads);
    const failedRuns = { Sid: "SendFailedRuns", Effect: "Allow" as const, Action: "sqs:SendMessage", Resource: this.deadLetterQueue.arn };
    const queueKey = {
      Sid: "EncryptFailedRuns",
      Effect: "Allow" as const,
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: props.encryptionKey.keyArn,
    };
    this.plantFunction.addToRolePolicy(failedRuns, queueKey);
    this.checkFunction.addToRolePolicy(
      failedRuns,
      queueKey,
      {
        Sid: "ListCanaryRuns",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: this.bucket.bucketArn,
        Condition: { StringEquals: { "s3:prefix": [CANARY_PREFIXES.planted, CANARY_PREFIXES.results] } },
      },
      {
        Sid: "PublishCanaryMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": NAMESPACES.privacy } },
      },
    );
  }

  /** Scheduler's role: invoke the two functions, send undelivered runs to the DLQ, read the schedules' CMK-encrypted payloads. */
  private schedulerRoleFor(naming: ResourceNaming, accountId: string, key: EncryptionKey): IamRole {
    const role = schedulerRole(this, {
      naming,
      accountId,
      roleName: "pii-canary-scheduler",
      policyName: "invoke-pii-canary-only",
      statements: [
        { Sid: "InvokeCanary", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [this.plantFunction.functionArn, this.checkFunction.functionArn] },
        { Sid: "SendUndeliveredRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.deadLetterQueue.arn },
        { Sid: "UseScheduleKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key.keyArn },
      ],
    });
    // The key's policy too: its root may administer, not use it. Whoever deploys the schedules uses it through Scheduler only.
    key.grantDecrypt("PiiCanarySchedulerDecryptsSchedules", [role.arn]);
    key.allowAccountUseVia("AccountUsesKeyThroughScheduler", ["scheduler"], ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]);
    return role;
  }
}

function validateTiming(intervalMinutes: number, graceMinutes: number): void {
  const interval = CANARY_INTERVAL_MINUTES;
  if (!withinRange(intervalMinutes, interval)) {
    throw new Error(
      `pii canary interval must be a whole number of minutes from ${interval.min} to ${interval.max} (two periods fit in one day of alarm evaluation), got ${intervalMinutes}`,
    );
  }
  const grace = CANARY_GRACE_MINUTES;
  if (!(withinRange(graceMinutes, grace) && graceMinutes < intervalMinutes)) {
    throw new Error(
      `pii canary grace must be a whole number of minutes from ${grace.min} to ${grace.max} and below the interval (${intervalMinutes}), got ${graceMinutes}`,
    );
  }
}
