/**
 * Evaluates one S3 object: streams its lines, samples, masks, judges and stores, and accounts
 * for every record (scored, sampled out, skipped with its reason, dead-lettered with its reason, or
 * duplicate). The steps: `screenLine` (line-screen.ts) decides each line's fate, `evaluateRecord`
 * (record-evaluation.ts) takes a sampled record through masking, judging, storing and shadow
 * judging, `InFlight` bounds the records in flight, and a corrupt object ends in one pointer.
 */
import type { EvaluatorConfig } from "./config";
import { CorruptObjectError, DeadLetterError } from "./errors";
import { InvocationNotes } from "./invocation-notes";
import { InFlight } from "./in-flight";
import { judgePairRefusal } from "./judge-pair-check";
import { Limiter } from "./limiter";
import { readLines } from "./line-reader";
import { screenLine } from "./line-screen";
import { countSkip, deadLetter, emptyCounts, errorMessage, type ObjectLocation, type ObjectRun } from "./object-run";
import type { EvaluatorPorts } from "./ports";
import { evaluateRecord } from "./record-evaluation";
import type { ObjectCounts, ObjectRef } from "./types";

export interface ObjectResult {
  readonly counts: ObjectCounts;
  readonly eTag?: string;
  readonly versionId?: string;
}

/** The object's location, with the version and ETag S3 returned (or the event's, when it returned none). */
function locationOf(ref: ObjectRef, object: { readonly versionId?: string; readonly eTag?: string }): ObjectLocation {
  return {
    bucket: ref.bucket,
    key: ref.key,
    ...((object.versionId ?? ref.versionId) ? { versionId: object.versionId ?? ref.versionId } : {}),
    ...((object.eTag ?? ref.eTag) ? { eTag: object.eTag ?? ref.eTag } : {}),
  };
}

/**
 * Reads the object line by line, each line to its fate; sampled records are evaluated concurrently,
 * at most twice the judge slots at once (the judge stays busy while others mask or store, and memory
 * holds a few records). `progress.lastLine` is the number of the last line read, for when the
 * object breaks off.
 */
async function readObject(run: ObjectRun, body: AsyncIterable<Uint8Array>, inFlight: InFlight, progress: { lastLine: number }): Promise<void> {
  for await (const line of readLines(body, { maxLineBytes: run.config.maxLineBytes })) {
    progress.lastLine = line.lineNumber;
    if (inFlight.fatal) break;
    const fate = screenLine(line, run.ref, run.config, run.notes);
    if (fate.fate === "blank") continue;
    run.counts.records += 1;
    if (fate.fate === "dead_letter") await deadLetter(run, fate.pointer, fate.reason, fate.error);
    else if (fate.fate === "skip") countSkip(run.counts, fate.reason);
    else if (fate.fate === "sampled_out") run.counts.sampledOut += 1;
    else {
      inFlight.track(evaluateRecord(run, fate.record, fate.stratum, line.lineNumber));
      await inFlight.roomForOne();
    }
  }
}

export async function processObject(
  ref: ObjectRef,
  config: EvaluatorConfig,
  ports: EvaluatorPorts,
  judgeLimiter: Limiter = new Limiter(config.judgeConcurrency),
  notes: InvocationNotes = new InvocationNotes(),
  retryable = false,
): Promise<ObjectResult> {
  const object = await ports.objects.read(ref);
  const run: ObjectRun = {
    ref,
    location: locationOf(ref, object),
    config,
    ports,
    judgeLimiter,
    notes,
    counts: emptyCounts(),
    pairRefusal: judgePairRefusal({ judgeModelId: config.judgeModelId, rubricVersion: config.rubricVersion }, config.calibratedJudgePairs),
    retryable,
    seenEventIds: new Set(),
  };
  const inFlight = new InFlight(config.judgeConcurrency * 2);
  const progress = { lastLine: 0 };
  try {
    await readObject(run, object.body, inFlight, progress);
  } catch (error) {
    const corrupt = error instanceof CorruptObjectError && !inFlight.fatal;
    await inFlight.settled();
    if (!corrupt) throw error;
    // The rest of the object cannot be read: one pointer stands for everything after the last good line.
    run.counts.records += 1;
    try {
      await deadLetter(run, { lineNumber: progress.lastLine + 1 }, "malformed_line", error);
    } catch (sendError) {
      inFlight.fatal ??= sendError;
    }
  }
  await inFlight.settled();
  const fatal = inFlight.fatal;
  if (fatal) throw fatal instanceof DeadLetterError ? fatal : new DeadLetterError(errorMessage(fatal), { cause: fatal });
  const { location, counts } = run;
  return { counts, ...(location.eTag ? { eTag: location.eTag } : {}), ...(location.versionId ? { versionId: location.versionId } : {}) };
}
