/**
 * The count invariant of a demo run: every inference record scored, sampled out, skipped,
 * dead-lettered or lost, computed from what the stores hold.
 */
import type { FirehoseDelivery } from "../testing/aws/firehose-delivery";

/** One evaluator per-object count line (its log), as the last successful attempt wrote it. */
export interface ObjectCounts {
  readonly key: string;
  readonly records: number;
  readonly scored: number;
  readonly sampledOut: number;
  readonly skipped: number;
  readonly deadLettered: number;
  readonly duplicates: number;
}

export interface Accounting {
  readonly requests: number;
  /** Inference records in S3: distinct request ids over the lines Firehose delivered. */
  readonly records: number;
  /** Lines delivered (a record delivered twice by Firehose is two lines). */
  readonly lines: number;
  /** Objects whose evaluator count line breaks records = scored + sampled out + skipped + dead-lettered + duplicates. */
  readonly passInvariantBroken: number;
  readonly malformedWritten: number;
  readonly scored: number;
  readonly sampledOut: number;
  readonly skipped: number;
  readonly deadLettered: number;
  /** Of the dead-lettered: pointers in the failed-records queue, by reason. */
  readonly deadLetterReasons: Readonly<Record<string, number>>;
  /** Records of objects whose notification ended in the notification queue's dead-letter queue. */
  readonly deadLetteredWithObject: number;
  readonly lost: number;
  readonly duplicatesSeen: number;
  readonly logDeliveryFailures: number;
  /** Requests whose inference-log record never reached S3 (the gateway gave up on Firehose). */
  readonly notDelivered: number;
}

interface AccountInput {
  readonly requests: number;
  readonly objects: FirehoseDelivery["objects"];
  readonly evaluatorLogs: readonly Record<string, unknown>[];
  readonly scores: readonly Record<string, unknown>[];
  readonly deadLetters: readonly Record<string, unknown>[];
  readonly objectsInDeadLetterQueue: readonly string[];
  readonly logDeliveryFailures: number;
  /** The gateway's request ids (from its responses). */
  readonly requestIds: readonly string[];
}

/**
 * The count invariant per inference record (a request id; Firehose delivers at least once, so a
 * record can arrive as more than one line), from what the stores hold rather than from the
 * evaluator's word alone: scored = a score item in DynamoDB; dead-lettered = a pointer to one of
 * its lines in the failed-records queue, or its object's notification in the notification
 * dead-letter queue; sampled out or skipped = read in an object the evaluator finished (the split
 * between the two is the evaluator's per-object counts); lost = none of these.
 */
export function account(input: AccountInput): Accounting {
  const lastPass = new Map<string, ObjectCounts>();
  let duplicatesSeen = 0;
  let passInvariantBroken = 0;
  for (const log of input.evaluatorLogs) {
    if (log.message !== "object evaluated" || typeof log.key !== "string") continue;
    const counts: ObjectCounts = {
      key: log.key,
      records: Number(log.records ?? 0),
      scored: Number(log.scored ?? 0),
      sampledOut: Number(log.sampledOut ?? 0),
      skipped: Number(log.skipped ?? 0),
      deadLettered: Number(log.deadLettered ?? 0),
      duplicates: Number(log.duplicates ?? 0),
    };
    if (counts.records !== counts.scored + counts.sampledOut + counts.skipped + counts.deadLettered + counts.duplicates) passInvariantBroken += 1;
    duplicatesSeen += counts.duplicates;
    lastPass.set(log.key, counts);
  }
  // Where each record's lines are.
  const objectsOf = new Map<string, Set<string>>();
  const byKey = new Map(input.objects.map((o) => [o.key, o]));
  let lines = 0;
  for (const object of input.objects) {
    object.requestIds.forEach((id, i) => {
      const recordId = id || `${object.key}#${i + 1}`;
      lines += 1;
      const set = objectsOf.get(recordId) ?? new Set<string>();
      set.add(object.key);
      objectsOf.set(recordId, set);
    });
  }
  const scoredIds = new Set(input.scores.map((s) => String(s.eventId)));
  // Failed-record pointers, each resolved to the record of the line it points at.
  const pointerReason = new Map<string, string>();
  for (const pointer of input.deadLetters) {
    const object = byKey.get(String(pointer.key));
    const line = Number(pointer.lineNumber);
    const id = (object?.requestIds[line - 1] || undefined) ?? (typeof pointer.eventId === "string" ? pointer.eventId : `${pointer.key}#${line}`);
    if (!pointerReason.has(id)) pointerReason.set(id, String(pointer.reason));
  }
  const reasons: Record<string, number> = {};
  let scored = 0;
  let deadLettered = 0;
  let withObject = 0;
  let readAndLeft = 0;
  let lost = 0;
  for (const [id, keys] of objectsOf) {
    if (scoredIds.has(id)) {
      scored += 1;
    } else if (pointerReason.has(id)) {
      deadLettered += 1;
      reasons[pointerReason.get(id)!] = (reasons[pointerReason.get(id)!] ?? 0) + 1;
    } else if ([...keys].some((key) => lastPass.has(key))) {
      readAndLeft += 1;
    } else if ([...keys].some((key) => input.objectsInDeadLetterQueue.includes(key))) {
      deadLettered += 1;
      withObject += 1;
    } else {
      lost += 1;
    }
  }
  // Records read and deliberately left unscored, split as the evaluator counted them.
  const skippedLines = [...lastPass.values()].reduce((n, c) => n + c.skipped, 0);
  const skipped = Math.min(skippedLines, readAndLeft);
  return {
    requests: input.requests,
    records: objectsOf.size,
    lines,
    malformedWritten: input.objects.reduce((n, o) => n + o.malformed, 0),
    scored,
    sampledOut: readAndLeft - skipped,
    skipped,
    deadLettered,
    deadLetterReasons: reasons,
    deadLetteredWithObject: withObject,
    lost,
    duplicatesSeen,
    passInvariantBroken,
    logDeliveryFailures: input.logDeliveryFailures,
    notDelivered: input.requestIds.filter((id) => id !== "" && !objectsOf.has(id)).length,
  };
}

/** The line pipelines read, exactly as the issue gives it. */
export function invariantLine(a: Accounting): string {
  return `demo: requests ${a.requests} records ${a.records} scored ${a.scored} sampled-out ${a.sampledOut} skipped ${a.skipped} dead-lettered ${a.deadLettered} lost ${a.lost}`;
}
