/** Decodes S3 event notifications delivered through SQS into object references. */
import type { ObjectRef } from "./types";

export class InvalidNotificationError extends Error {
  public override readonly name = "InvalidNotificationError";
}

/** S3 URL-encodes keys in notifications, with '+' for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Objects created, from one SQS message body. Returns [] for the `s3:TestEvent` S3 sends when a
 * notification is configured, and for non-creation events.
 */
export function objectsFromNotification(body: string): ObjectRef[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidNotificationError("SQS message body is not JSON");
  }
  if (!isObject(parsed)) throw new InvalidNotificationError("SQS message body is not an S3 notification");
  if (parsed.Event === "s3:TestEvent") return [];
  if (!Array.isArray(parsed.Records)) throw new InvalidNotificationError("S3 notification has no Records array");
  const refs: ObjectRef[] = [];
  for (const record of parsed.Records) {
    if (!isObject(record) || typeof record.eventName !== "string" || !record.eventName.startsWith("ObjectCreated:")) continue;
    const s3 = record.s3;
    if (!isObject(s3) || !isObject(s3.bucket) || !isObject(s3.object)) throw new InvalidNotificationError("S3 record has no s3.bucket or s3.object");
    const { name } = s3.bucket;
    const { key, versionId, eTag } = s3.object;
    if (typeof name !== "string" || typeof key !== "string") throw new InvalidNotificationError("S3 record has no bucket name or object key");
    refs.push({
      bucket: name,
      key: decodeS3Key(key),
      ...(typeof versionId === "string" && versionId !== "" ? { versionId } : {}),
      ...(typeof eTag === "string" && eTag !== "" ? { eTag } : {}),
    });
  }
  return refs;
}
