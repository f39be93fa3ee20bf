import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SERVICE_NAME_VARIABLE } from "../../contracts/environment-variable";
import type { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import { SERVING_BRIDGE_ENV } from "../../contracts/serving-metrics";
import { BundledFunction } from "../shared/bundled-function";
import { type CodeSigningChoice, FunctionCodeSigning } from "../shared/code-signing";
import { DEAD_LETTER_TAG } from "../shared/dead-letter-tag";
import { FunctionCode } from "../shared/deployment-package";
import type { FunctionNetwork } from "../shared/function-network";
import { EncryptionKey } from "../shared/encryption-key";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { keepFailedRuns, scheduledRun } from "../shared/scheduled-run";
import { schedulerRole } from "../shared/scheduler-role";

/**
 * What the bridge may read: CloudWatch's PromQL query API. SageMaker AI's page lists
 * `cloudwatch:QueryMetrics`, `GetMetricData` and `ListMetrics`; none has resource-level permissions,
 * so the statement is held to the stack's Region instead.
 */
export const PROMQL_READ_ACTIONS = ["cloudwatch:QueryMetrics", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics"] as const;

export interface ServingMetricsBridgeProps {
  readonly naming: ResourceNaming;
  readonly accountId: string;
  readonly region: string;
  /** SageMaker endpoints whose detailed serving metrics to republish (at least one). */
  readonly endpointNames: readonly string[];
  /**
   * Private subnets and security groups. The function calls `monitoring.<region>.amazonaws.com`, so
   * the VPC needs CloudWatch's `monitoring` interface endpoint (the evaluation layer creates it, with a
   * policy that lets the environment's roles query metrics) or another route to it.
   */
  readonly network: FunctionNetwork;
  /** Minutes between runs (1-5): the bridged series' resolution. @default 1 */
  readonly intervalMinutes?: number;
  /** Retention of the function's log group (>= 365). @default 365 */
  readonly logRetentionDays?: number;
  /** Code signing: a `FunctionCodeSigning`, or `"off"`. @default - the stack's own */
  readonly codeSigning?: CodeSigningChoice;
}

/**
 * The serving-metrics bridge: every minute an EventBridge Scheduler schedule runs a function that
 * queries SageMaker AI's detailed serving metrics (PromQL, SigV4) for each endpoint and writes them
 * as EMF in `LLMInference/Serving`, where standard CloudWatch alarms and the in-Region dashboard
 * read them. hashicorp/aws 5.100's `aws_cloudwatch_metric_alarm` has no PromQL criteria (docs/tracing.md).
 * Its own customer-managed key encrypts the function's environment and logs, the schedule's payload
 * and the dead-letter queue of failed runs.
 */
export class ServingMetricsBridge extends Construct {
  readonly key: EncryptionKey;
  readonly function: BundledFunction;
  readonly schedule: SchedulerSchedule;
  readonly schedulerRole: IamRole;
  /** Runs that failed (async on-failure destination) or could not be delivered (the schedule's DLQ). */
  readonly deadLetterQueue: SqsQueue;
  readonly deadLetterQueueName: string;
  readonly functionName: string;
  readonly intervalMinutes: number;

  constructor(scope: Construct, id: string, props: ServingMetricsBridgeProps) {
    super(scope, id);
    const { naming, accountId, region } = props;
    validate(props);
    this.intervalMinutes = props.intervalMinutes ?? 1;
    this.key = new EncryptionKey(this, "key", {
      aliasName: naming.name("serving-metrics-key", NAME_LIMITS.kmsAlias),
      description: "Serving-metrics bridge: function environment and logs, schedule payload, dead-letter queue",
      accountId,
      region,
    });
    this.deadLetterQueueName = naming.name("serving-metrics-dlq", NAME_LIMITS.sqsQueue);
    this.deadLetterQueue = new SqsQueue(this, "dlq", {
      name: this.deadLetterQueueName,
      kmsMasterKeyId: this.key.keyArn,
      messageRetentionSeconds: 1_209_600,
      tags: { ...DEAD_LETTER_TAG },
    });
    this.functionName = naming.name("serving-metrics", NAME_LIMITS.lambda);
    this.function = new BundledFunction(this, "function", {
      functionName: this.functionName,
      code: FunctionCode.platform("serving-metrics"),
      description: "Serving-metrics bridge: SageMaker's detailed serving metrics (PromQL) republished as EMF in LLMInference/Serving",
      grantName: "ServingMetricsBridge",
      accountId,
      region,
      encryptionKey: this.key,
      vpcId: props.network.vpcId,
      subnetIds: props.network.subnetIds,
      securityGroupIds: props.network.securityGroupIds,
      // Below the interval: runs never overlap.
      timeoutSeconds: Math.min(55, this.intervalMinutes * 60 - 5),
      memorySize: 256,
      reservedConcurrency: 1,
      logRetentionDays: props.logRetentionDays,
      codeSigning: FunctionCodeSigning.resolve(this, props.codeSigning, { naming, accountId, region }),
      environment: { [SERVING_BRIDGE_ENV.endpointNames]: props.endpointNames.join(","), [SERVICE_NAME_VARIABLE]: "llm-serving-metrics" },
      statements: [
        {
          Sid: "QueryServingMetrics",
          Effect: "Allow",
          Action: [...PROMQL_READ_ACTIONS],
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": region } },
        },
        { Sid: "SendFailedRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.deadLetterQueue.arn },
        { Sid: "EncryptFailedRuns", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: this.key.keyArn },
      ],
    });
    this.key.allowAccountUseVia("AccountUsesKeyThroughSqs", ["sqs"], ["kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey"]);
    this.schedulerRole = this.schedulerRoleFor(naming, accountId);
    this.schedule = scheduledRun(this, "schedule", {
      name: naming.name("serving-metrics", NAME_LIMITS.default),
      description: `Serving-metrics bridge: every ${this.intervalMinutes} minute(s)`,
      expression: this.intervalMinutes === 1 ? "rate(1 minute)" : `rate(${this.intervalMinutes} minutes)`,
      function: this.function,
      role: this.schedulerRole,
      input: { task: "bridge" },
      key: this.key,
      // The next run queries afresh: a late run would only publish a stale minute.
      retry: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
      deadLetterQueue: this.deadLetterQueue,
    });
    keepFailedRuns(this, "async-invoke", this.function, this.deadLetterQueue, 60);
  }

  private schedulerRoleFor(naming: ResourceNaming, accountId: string): IamRole {
    const role = schedulerRole(this, {
      naming,
      accountId,
      roleName: "serving-metrics-scheduler",
      policyName: "invoke-serving-metrics-only",
      statements: [
        { Sid: "InvokeBridge", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: this.function.functionArn },
        { Sid: "SendUndeliveredRuns", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.deadLetterQueue.arn },
        { Sid: "UseScheduleKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: this.key.keyArn },
      ],
    });
    this.key.grantDecrypt("ServingMetricsSchedulerDecryptsSchedule", [role.arn]);
    this.key.allowAccountUseVia("AccountUsesKeyThroughScheduler", ["scheduler"], ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]);
    return role;
  }
}

function validate(props: ServingMetricsBridgeProps): void {
  if (props.endpointNames.length === 0) throw new Error("serving-metrics bridge needs at least one endpoint name");
  const interval = props.intervalMinutes ?? 1;
  if (!(Number.isInteger(interval) && interval >= 1 && interval <= 5)) {
    throw new Error(`serving-metrics interval must be a whole number of minutes from 1 to 5 (the PromQL rate window is 5 minutes), got ${interval}`);
  }
}
