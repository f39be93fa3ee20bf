/**
 * Processes an SQS batch of S3 notifications: each object is evaluated and logged with its counts;
 * a message whose object could not be fully accounted for is reported as a batch item failure.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { EvaluatorConfig } from "./config";
import { GUARDRAIL_CLEAR } from "./custom-attributes";
import { InvocationNotes } from "./invocation-notes";
import { survivedMaskingEmf } from "./last-check/survivor-metric";
import { Limiter } from "./limiter";
import type { EvaluatorPorts } from "./ports";
import { processObject } from "./process-object";
import { objectsFromNotification } from "./s3-event";

export async function processBatch(event: SQSEvent, config: EvaluatorConfig, ports: EvaluatorPorts, logger: Logger): Promise<SQSBatchResponse> {
  const response: SQSBatchResponse = { batchItemFailures: [] };
  // One judge limiter per invocation: the bound holds across the objects of the batch.
  const judgeLimiter = new Limiter(config.judgeConcurrency);
  const notes = new InvocationNotes();
  let survivedMasking = 0;
  for (const message of event.Records) {
    try {
      const refs = objectsFromNotification(message.body);
      if (refs.length === 0) {
        logger.info("notification without created objects ignored", { messageId: message.messageId });
        continue;
      }
      // Before the queue's last delivery, records the judge throttled wait for the next one.
      const retryable = Number(message.attributes?.ApproximateReceiveCount ?? 1) < config.notificationMaxReceiveCount;
      let deferred = 0;
      for (const ref of refs) {
        const started = Date.now();
        const result = await processObject(ref, config, ports, judgeLimiter, notes, retryable);
        deferred += result.counts.deferred;
        survivedMasking += result.counts.survivedMasking;
        logger.info("object evaluated", {
          bucket: ref.bucket,
          key: ref.key,
          ...(result.versionId ? { versionId: result.versionId } : {}),
          ...(result.eTag ? { eTag: result.eTag } : {}),
          ...result.counts,
          durationMs: Date.now() - started,
        });
      }
      if (deferred > 0) {
        // Partial batch response: SQS makes the message visible again after its visibility timeout.
        logger.warn("judge throttled; the message will be delivered again", { messageId: message.messageId, deferred });
        response.batchItemFailures.push({ itemIdentifier: message.messageId });
      }
    } catch (error) {
      // Re-delivery is safe: the sampler is deterministic and stores are conditional.
      logger.error("message failed; it will be retried", { messageId: message.messageId, error: error as Error });
      response.batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  // Once per invocation, zero included, so the series has no gaps; EMF: no API call, no permission.
  process.stdout.write(`${JSON.stringify(survivedMaskingEmf(survivedMasking, config.functionName ?? "llm-evaluator", ports.now()))}\n`);
  const unexpected = notes.unexpectedGuardrail();
  if (unexpected) {
    // Once per invocation: a client writing its own guardrail attribute must not flood the log.
    logger.warn(`guardrail values other than "${GUARDRAIL_CLEAR}" were treated as flagged and judged at 100%`, { ...unexpected });
  }
  return response;
}
