/**
 * What every cost line reads: the environment, its synthesized AWS stack, the traffic profile and
 * the monthly volumes derived from them once (records, S3 objects, CloudTrail events, evaluations),
 * and the sheet the lines are written to, in order.
 */
import type { ResolvedEnvironment } from "../../config/resolved";
import type { JudgeCallTokens } from "./judge-tokens";
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from "./prices";
import { type CostItem, roundToCent, type TrafficProfile } from "./profile";
import { inferenceLogRecordBytes, judgeCall } from "./sample-texts";

export type Json = Record<string, any>;

export const GB = 1e9;

/** The judge's monthly volume and the price of one evaluation. */
export interface JudgeVolume {
  /** Share of requests judged: flagged, low confidence, and the sample of the rest. */
  readonly judgedShare: number;
  readonly evaluationsPerMonth: number;
  /** Tokens of one call of the environment's rubric on the profile's texts. */
  readonly call: JudgeCallTokens;
  /** The profile's input tokens when it sets them, else the call's. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly priceIn: number;
  readonly priceOut: number;
  readonly perEvaluation: number;
}

export interface CostContext {
  readonly env: ResolvedEnvironment;
  /** The synthesized AWS stack (`cdk.tf.json`). */
  readonly stack: Json;
  /** The stack's `resource` block. */
  readonly resources: Json;
  readonly profile: TrafficProfile;
  readonly requestsPerMonth: number;
  /** Endpoint instances: the autoscaling minimum, else the instance count. */
  readonly instances: number;
  /** One inference-log record, raw and gzipped bytes. */
  readonly record: { readonly raw: number; readonly gzipped: number };
  /** The inference-log Firehose delivery stream. */
  readonly firehose: Json | undefined;
  /** Objects Firehose writes a month (one per buffering interval). */
  readonly logObjects: number;
  /** DataCapture's share of requests, 0 to 1. */
  readonly sampling: number;
  /** Capture files a month (one a minute per instance while capture is on, assumed). */
  readonly captureObjects: number;
  /** Log-file deliveries of the first trail that the second (the audit of the audit) records. */
  readonly trailDeliveries: number;
  /** S3 object-level CloudTrail events a month. */
  readonly dataEvents: number;
  readonly judge: JudgeVolume;
}

/** The stack's Lambda functions. */
export function lambdaFunctions(context: CostContext): Json[] {
  return Object.values((context.resources.aws_lambda_function ?? {}) as Json) as Json[];
}

/** The stack's function whose name ends with `suffix`. */
export function functionNamed(context: CostContext, suffix: string): Json | undefined {
  return lambdaFunctions(context).find((f) => String(f.function_name).endsWith(suffix));
}

/** A function's memory in GB (1 GB when the stack does not set it). */
export const memoryGb = (f: Json | undefined): number => Number(f?.memory_size ?? 1024) / 1024;

function judgeVolume(env: ResolvedEnvironment, profile: TrafficProfile, requestsPerMonth: number): JudgeVolume {
  const sampleRate = env.evaluation.sampleRate;
  const judgedShare = profile.flaggedShare + (1 - profile.flaggedShare) * (profile.lowConfidenceShare + (1 - profile.lowConfidenceShare) * sampleRate);
  const call = judgeCall(profile, env.evaluation.judgeRubricVersion);
  const inputTokens = profile.judgeInputTokens ?? call.input;
  const outputTokens = profile.judgeOutputTokens ?? call.output;
  const priceIn = env.evaluation.judgeInputPricePer1k;
  const priceOut = env.evaluation.judgeOutputPricePer1k;
  const perEvaluation = (inputTokens / 1000) * priceIn + (outputTokens / 1000) * priceOut;
  return { judgedShare, evaluationsPerMonth: requestsPerMonth * judgedShare, call, inputTokens, outputTokens, priceIn, priceOut, perEvaluation };
}

export function costContext(env: ResolvedEnvironment, stack: Json, profile: TrafficProfile): CostContext {
  const resources = (stack.resource ?? {}) as Json;
  const requestsPerMonth = profile.requestsPerDay * DAYS_PER_MONTH;
  const instances = env.model.autoscaling?.minInstances ?? env.model.instanceCount;
  const firehose = Object.values((resources.aws_kinesis_firehose_delivery_stream ?? {}) as Json)[0] as Json | undefined;
  const bufferSeconds = Number(firehose?.extended_s3_configuration?.buffering_interval ?? 300);
  const logObjects = (HOURS_PER_MONTH * 3600) / bufferSeconds;
  const sampling = env.dataCapture.samplingPercentage / 100;
  const captureObjects = HOURS_PER_MONTH * 60 * (sampling > 0 ? 1 : 0) * instances;
  const trails = Object.keys(resources.aws_cloudtrail ?? {}).length;
  const trailDeliveries = trails > 1 ? (HOURS_PER_MONTH * 3600) / 300 : 0;
  return {
    env,
    stack,
    resources,
    profile,
    requestsPerMonth,
    instances,
    record: inferenceLogRecordBytes(profile),
    firehose,
    logObjects,
    sampling,
    captureObjects,
    trailDeliveries,
    dataEvents: logObjects * 2 + captureObjects * 2 + trailDeliveries,
    judge: judgeVolume(env, profile, requestsPerMonth),
  };
}

/** The estimate's items and notes, in the order they are written. */
export class CostSheet {
  readonly items: CostItem[] = [];
  readonly notes: string[] = [];

  add(name: string, monthlyUsd: number, basis: string): void {
    this.items.push({ name, monthlyUsd: roundToCent(monthlyUsd), basis });
  }

  note(...lines: string[]): void {
    this.notes.push(...lines);
  }
}
