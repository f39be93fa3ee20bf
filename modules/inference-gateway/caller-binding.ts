/**
 * Two things the gateway module adds so that every request is attributed and recorded: the caller
 * to use-case binding the function enforces (contracts/use-case-binding.ts), and the queue that
 * takes the inference logs Firehose refused twice.
 */
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";
import { DEFAULT_USE_CASE_CLAIM, type UseCaseBinding, useCaseBindingProblems } from "../../contracts/use-case-binding";
import { DEAD_LETTER_TAG } from "../shared/dead-letter-tag";
import type { EncryptionKey } from "../shared/encryption-key";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import type { PolicyStatement } from "../shared/policy-document";
import type { InferenceApiAuth } from "./access-log-format";

/** SQS keeps a message 14 days at most: the fallback queue keeps refused inference logs that long for the redrive. */
export const INFERENCE_LOG_FALLBACK_RETENTION_SECONDS = 1_209_600;

/** Name of the queue that takes the inference logs Firehose refused twice (`npm run dlq:replay` reads it). */
export function inferenceLogFallbackQueueName(naming: ResourceNaming): string {
  return naming.name("inference-log-fallback", NAME_LIMITS.sqsQueue);
}

/** The gateway function's use-case binding for an auth setting; throws when it would leave the use case to the caller. */
export function useCaseBindingOf(auth: InferenceApiAuth, useCases: readonly string[]): UseCaseBinding {
  const binding: UseCaseBinding =
    auth.type === "cognito" ? { source: "claim", claim: auth.useCaseClaim ?? DEFAULT_USE_CASE_CLAIM } : { source: "principal", callers: auth.callers ?? [] };
  const problems = useCaseBindingProblems(binding, useCases);
  if (problems.length > 0) {
    throw new Error(
      `auth does not bind each caller to a use case (the use case drives chargeback, slos and quality, so a caller may not choose it): ${problems.join("; ")}`,
    );
  }
  return binding;
}

/** The fallback queue: SSE-KMS with the gateway key, 14 days, messages up to 256 KiB (the gateway splits records to fit). */
export function inferenceLogFallbackQueue(scope: Construct, naming: ResourceNaming, key: EncryptionKey): SqsQueue {
  return new SqsQueue(scope, "inference-log-fallback", {
    name: inferenceLogFallbackQueueName(naming),
    kmsMasterKeyId: key.keyArn,
    kmsDataKeyReusePeriodSeconds: 300,
    messageRetentionSeconds: INFERENCE_LOG_FALLBACK_RETENTION_SECONDS,
    // The largest the provider accepts; the gateway splits a record into parts that fit (log-delivery.ts).
    maxMessageSize: 262_144,
    // The gateway's dead-letter path for inference logs: nothing consumes it but the redrive.
    tags: { ...DEAD_LETTER_TAG },
  });
}

/** Send only, and the key only through SQS: the function never reads back what it could not deliver. */
export function fallbackSendStatements(queue: SqsQueue, key: EncryptionKey, region: string): PolicyStatement[] {
  return [
    { Sid: "SendRefusedInferenceLogs", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: queue.arn },
    {
      Sid: "EncryptRefusedInferenceLogs",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: key.keyArn,
      Condition: { StringEquals: { "kms:ViaService": `sqs.${region}.amazonaws.com` } },
    },
  ];
}
