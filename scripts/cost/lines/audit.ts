/** The audit and encryption lines: CloudTrail data events and the customer managed KMS keys. */
import type { CostContext, CostSheet, Json } from "../context";
import { HOURS_PER_MONTH, PRICES } from "../prices";

/** CloudTrail data events on the capture and inference-log buckets (and the audit trail's own deliveries). */
export function addCloudTrail(context: CostContext, sheet: CostSheet): void {
  const { logObjects, captureObjects, trailDeliveries, dataEvents } = context;
  sheet.add(
    "CloudTrail data events",
    (dataEvents / 100_000) * PRICES.cloudTrailDataEvents.usd,
    `S3 object-level events: ${Math.round(logObjects)} Firehose puts and evaluator reads, about ${Math.round(captureObjects)} capture files (one a minute per instance, assumed) put and read${trailDeliveries ? `, ${Math.round(trailDeliveries)} log-file deliveries of the first trail seen by the second` : ""}: ${Math.round(dataEvents).toLocaleString("en-US")} events x $${PRICES.cloudTrailDataEvents.usd}/100,000`,
  );
}

/** KMS: the stack's customer managed keys, with rotation, and requests. */
export function addKms(context: CostContext, sheet: CostSheet): void {
  const keys = Object.values((context.resources.aws_kms_key ?? {}) as Json) as Json[];
  const rotating = keys.filter((k) => k.enable_key_rotation === true).length;
  const kmsRequests = context.logObjects * 2 + context.captureObjects * 2 + context.requestsPerMonth * 0.02 + ((HOURS_PER_MONTH * 3600) / 300) * 4;
  sheet.add(
    "KMS keys and requests",
    keys.length * PRICES.kmsKey.usd + (Math.max(0, kmsRequests - 20_000) / 10_000) * PRICES.kmsRequests.usd,
    `${keys.length} customer managed keys x $${PRICES.kmsKey.usd} (${rotating} rotate yearly: $2 from year 2, $3 from year 3 on, +$${rotating * 2}/month then); about ${Math.round(kmsRequests).toLocaleString("en-US")} requests (S3 bucket keys, SQS data-key reuse of 5 minutes, cold starts; estimated) x $${PRICES.kmsRequests.usd}/10,000 after 20,000 free`,
  );
}
