import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";
import type { BundledFunction } from "./bundled-function";
import type { EncryptionKey } from "./encryption-key";

/** How long Scheduler keeps trying to deliver a run, or Lambda keeps a failed asynchronous run. */
export interface RunRetry {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeInSeconds: number;
}

/** A function run on a schedule: what differs between the platform's scheduled functions. */
export interface ScheduledRunProps {
  /** The schedule's full name. */
  readonly name: string;
  readonly description: string;
  /** `rate(…)` or `cron(…)`. */
  readonly expression: string;
  /** Time zone of a cron expression. @default - UTC */
  readonly timezone?: string;
  readonly function: BundledFunction;
  /** The role Scheduler assumes (`schedulerRole`). */
  readonly role: IamRole;
  /** The event the function receives. */
  readonly input: Readonly<Record<string, string>>;
  /** The customer-managed key the schedule's payload is encrypted with, not an AWS-owned one. */
  readonly key: EncryptionKey;
  readonly retry: RunRetry;
  /** Where runs Scheduler could not deliver go. */
  readonly deadLetterQueue: SqsQueue;
}

/** The EventBridge Scheduler schedule (construct `id` in `scope`) that invokes the function. */
export function scheduledRun(scope: Construct, id: string, run: ScheduledRunProps): SchedulerSchedule {
  return new SchedulerSchedule(scope, id, {
    name: run.name,
    description: run.description,
    scheduleExpression: run.expression,
    ...(run.timezone ? { scheduleExpressionTimezone: run.timezone } : {}),
    flexibleTimeWindow: { mode: "OFF" },
    kmsKeyArn: run.key.keyArn,
    target: {
      arn: run.function.functionArn,
      roleArn: run.role.arn,
      input: JSON.stringify(run.input),
      retryPolicy: { ...run.retry },
      deadLetterConfig: { arn: run.deadLetterQueue.arn },
    },
  });
}

/**
 * A scheduled function's failed asynchronous runs kept in `deadLetterQueue`, never retried: the next
 * run starts afresh (construct `id` in `scope`).
 */
export function keepFailedRuns(scope: Construct, id: string, fn: BundledFunction, deadLetterQueue: SqsQueue, maximumEventAgeInSeconds: number): void {
  new LambdaFunctionEventInvokeConfig(scope, id, {
    functionName: fn.function.functionName,
    maximumRetryAttempts: 0,
    maximumEventAgeInSeconds,
    destinationConfig: { onFailure: { destination: deadLetterQueue.arn } },
  });
}
