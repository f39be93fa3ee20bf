/**
 * Evaluates one S3 object: streams its lines, samples, masks, judges and stores, and accounts
 * for every record (scored, sampled out, skipped with its reason, dead-lettered with its reason, or
 * duplicate).
 */
import { masksWithComprehend } from "../../contracts/pii-languages";
import type { EvaluatorConfig } from "./config";
import {
  CorruptObjectError,
  DeadLetterError,
  JudgeInvalidReplyError,
  MalformedLineError,
  MaskingError,
  StoreError,
} from "./errors";
import { expiresAt, judgeCostUsd, qualityScore } from "./judge/score-math";
import { RUBRIC_VERSION } from "./judge/rubric";
import { InvocationNotes } from "./invocation-notes";
import { Limiter } from "./limiter";
import { readLines } from "./line-reader";
import { maskText } from "./pii/masker";
import { addCounts } from "./pii/spans";
import type { EvaluatorPorts } from "./ports";
import { eventIdHint, parseRecord, type SkippedLine } from "./record-parser";
import { chooseStratum } from "./sampler";
import type { DeadLetterReason, EvaluationRecord, JudgeVerdict, ObjectCounts, ObjectRef, ScoreItem, SkipReason, Stratum } from "./types";
import { allSettledOrThrow } from "./settle";

export interface ObjectResult {
  readonly counts: ObjectCounts;
  readonly eTag?: string;
  readonly versionId?: string;
}

interface Pointer {
  readonly lineNumber: number;
  readonly eventId?: string;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.length > 1000 ? `${message.slice(0, 1000)}...` : message;
}

export async function processObject(
  ref: ObjectRef,
  config: EvaluatorConfig,
  ports: EvaluatorPorts,
  judgeLimiter: Limiter = new Limiter(config.judgeConcurrency),
  notes: InvocationNotes = new InvocationNotes(),
): Promise<ObjectResult> {
  const counts: ObjectCounts = { records: 0, scored: 0, sampledOut: 0, skipped: 0, skippedBy: {}, deadLettered: 0, duplicates: 0 };
  const skip = (reason: SkipReason): void => {
    counts.skipped += 1;
    counts.skippedBy[reason] = (counts.skippedBy[reason] ?? 0) + 1;
  };
  const object = await ports.objects.read(ref);
  const location = {
    bucket: ref.bucket,
    key: ref.key,
    ...((object.versionId ?? ref.versionId) ? { versionId: object.versionId ?? ref.versionId } : {}),
    ...((object.eTag ?? ref.eTag) ? { eTag: object.eTag ?? ref.eTag } : {}),
  };
  const comprehendLanguages = ports.piiDetector ? config.piiLanguages.filter(masksWithComprehend) : [];
  let fatal: unknown;

  const deadLetter = async (pointer: Pointer, reason: DeadLetterReason, error: unknown): Promise<void> => {
    await ports.deadLetters.send({ ...location, ...pointer, reason, errorMessage: errorMessage(error) });
    counts.deadLettered += 1;
  };

  const evaluate = async (record: EvaluationRecord, stratum: Stratum, lineNumber: number): Promise<void> => {
    const pointer = { lineNumber, eventId: record.eventId };
    let alreadyStored = false;
    try {
      alreadyStored = await ports.store.exists(record.eventId);
    } catch {
      // The conditional write below still guards against double counting.
    }
    if (alreadyStored) {
      counts.duplicates += 1;
      return;
    }
    let masked: { prompt: string; response: string; entities: Record<string, number> };
    try {
      const options = comprehendLanguages.length > 0 ? { comprehendLanguages, detector: ports.piiDetector } : {};
      const [prompt, response] = await allSettledOrThrow([maskText(record.prompt, options), maskText(record.response, options)]);
      masked = { prompt: prompt.masked, response: response.masked, entities: addCounts({ ...prompt.counts }, response.counts) };
    } catch (error) {
      await deadLetter(pointer, "masking_failed", error instanceof MaskingError ? error : new MaskingError(errorMessage(error), { cause: error }));
      return;
    }
    let verdict: JudgeVerdict;
    try {
      verdict = await judgeLimiter.run(() =>
        ports.judge.evaluate({ prompt: masked.prompt, response: masked.response, useCase: record.useCase, requestType: record.requestType }),
      );
    } catch (error) {
      await deadLetter(pointer, error instanceof JudgeInvalidReplyError ? "judge_invalid_reply" : "judge_failed", error);
      return;
    }
    const now = ports.now();
    const item: ScoreItem = {
      eventId: record.eventId,
      inferenceTime: record.inferenceTime,
      source: record.source,
      endpointName: record.endpointName,
      modelName: record.modelName,
      useCase: record.useCase,
      requestType: record.requestType,
      stratum,
      judgeModelId: config.judgeModelId,
      rubricVersion: RUBRIC_VERSION,
      ...verdict.scores,
      qualityScore: qualityScore(verdict.scores),
      maskedEntities: masked.entities,
      judgeInputTokens: verdict.inputTokens,
      judgeOutputTokens: verdict.outputTokens,
      judgeCostUsd: judgeCostUsd(verdict.inputTokens, verdict.outputTokens, {
        inputPer1k: config.judgeInputPricePer1k,
        outputPer1k: config.judgeOutputPricePer1k,
      }),
      evaluatedAt: now.toISOString(),
      expiresAt: expiresAt(now, config.scoreTtlDays),
    };
    try {
      const outcome = await ports.store.put(item);
      if (outcome === "duplicate") counts.duplicates += 1;
      else counts.scored += 1;
    } catch (error) {
      await deadLetter(pointer, "store_failed", error instanceof StoreError ? error : new StoreError(errorMessage(error), { cause: error }));
    }
  };

  // Records in flight (masking, judging, storing); twice the judge slots keeps the judge busy
  // while others mask or store, and bounds memory to a few records.
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = config.judgeConcurrency * 2;
  const track = (task: Promise<void>): void => {
    const tracked = task.catch((error: unknown) => {
      fatal ??= error;
    });
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };

  let lastLine = 0;
  try {
    for await (const line of readLines(object.body, { maxLineBytes: config.maxLineBytes })) {
      lastLine = line.lineNumber;
      if (fatal) break;
      if (line.text !== undefined && line.text.trim() === "") continue;
      counts.records += 1;
      if (line.text === undefined) {
        await deadLetter({ lineNumber: line.lineNumber }, "malformed_line", new MalformedLineError(`line of ${line.byteLength} bytes exceeds MAX_LINE_BYTES (${config.maxLineBytes})`));
        continue;
      }
      let parsed: EvaluationRecord | SkippedLine;
      try {
        parsed = parseRecord(line.text, { key: ref.key, endpointModelNames: config.endpointModelNames });
      } catch (error) {
        if (!(error instanceof MalformedLineError)) throw error;
        const hint = eventIdHint(line.text);
        await deadLetter({ lineNumber: line.lineNumber, ...(hint ? { eventId: hint } : {}) }, "malformed_line", error);
        continue;
      }
      if ("skip" in parsed) {
        skip(parsed.skip);
        continue;
      }
      const record = parsed;
      if (record.unexpectedGuardrail !== undefined) notes.noteUnexpectedGuardrail(record.unexpectedGuardrail);
      // Only answered requests are judged: a timeout or a broken stream is an availability event,
      // never a quality score, and never a dead letter.
      if (record.status !== undefined && record.status !== "ok") {
        skip(`not_answered:${record.status}`);
        continue;
      }
      if (record.response.trim() === "") {
        skip("empty_response");
        continue;
      }
      const stratum = chooseStratum(record, config);
      if (!stratum) {
        counts.sampledOut += 1;
        continue;
      }
      track(evaluate(record, stratum, line.lineNumber));
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
  } catch (error) {
    if (error instanceof CorruptObjectError && !fatal) {
      // The rest of the object cannot be read: one pointer stands for everything after the last good line.
      await Promise.all(inFlight);
      counts.records += 1;
      try {
        await deadLetter({ lineNumber: lastLine + 1 }, "malformed_line", error);
      } catch (sendError) {
        fatal ??= sendError;
      }
    } else {
      await Promise.all(inFlight);
      throw error;
    }
  }
  await Promise.all(inFlight);
  if (fatal) throw fatal instanceof DeadLetterError ? fatal : new DeadLetterError(errorMessage(fatal), { cause: fatal });
  return { counts, ...(location.eTag ? { eTag: location.eTag } : {}), ...(location.versionId ? { versionId: location.versionId } : {}) };
}
