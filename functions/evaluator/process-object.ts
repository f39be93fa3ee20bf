/**
 * Evaluates one S3 object: streams its lines, samples, masks, judges and stores, and accounts
 * for every record (scored, sampled out, skipped with its reason, dead-lettered with its reason, or
 * duplicate).
 */
import { judgePairId } from "../../contracts/judge-pair";
import type { JudgeScores } from "../../contracts/score-item";
import type { EvaluatorConfig } from "./config";
import { CorruptObjectError, DeadLetterError, JudgeInvalidReplyError, MalformedLineError, MaskingError, StoreError } from "./errors";
import { maskJudgeInput } from "./judge-input";
import { judgePairRefusal } from "./judge-pair-check";
import type { JudgeInput } from "./judge/prompt";
import { expiresAt, judgeCostUsd, qualityScore } from "./judge/score-math";
import { InvocationNotes } from "./invocation-notes";
import { Limiter } from "./limiter";
import { readLines } from "./line-reader";
import type { EvaluatorPorts } from "./ports";
import { emitVerdictSpan } from "./verdict-span";
import { eventIdHint, parseRecord, type SkippedLine } from "./record-parser";
import { chooseStratum, sampleBucket } from "./sampler";
import type { DeadLetterReason, EvaluationRecord, JudgeVerdict, ObjectCounts, ObjectRef, RubricScores, ScoreItem, SkipReason, Stratum } from "./types";

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

function judgeScores(scores: RubricScores): JudgeScores {
  return { ...scores, qualityScore: qualityScore(scores) };
}

export async function processObject(
  ref: ObjectRef,
  config: EvaluatorConfig,
  ports: EvaluatorPorts,
  judgeLimiter: Limiter = new Limiter(config.judgeConcurrency),
  notes: InvocationNotes = new InvocationNotes(),
): Promise<ObjectResult> {
  const counts: ObjectCounts = {
    records: 0,
    scored: 0,
    sampledOut: 0,
    skipped: 0,
    skippedBy: {},
    deadLettered: 0,
    duplicates: 0,
    shadowScored: 0,
    shadowFailed: 0,
  };
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
  const currentPair = { judgeModelId: config.judgeModelId, rubricVersion: config.rubricVersion };
  const pairRefusal = judgePairRefusal(currentPair, config.calibratedJudgePairs);
  let fatal: unknown;

  const deadLetter = async (pointer: Pointer, reason: DeadLetterReason, error: unknown): Promise<void> => {
    await ports.deadLetters.send({ ...location, ...pointer, reason, errorMessage: errorMessage(error) });
    counts.deadLettered += 1;
  };

  const evaluate = async (record: EvaluationRecord, stratum: Stratum, lineNumber: number): Promise<void> => {
    const pointer = { lineNumber, eventId: record.eventId };
    const judgingStartedAt = ports.now();
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
    if (pairRefusal) {
      // Kept for a redrive once the pair is calibrated: nothing is scored under an unverified judge.
      await deadLetter(pointer, "judge_pair_uncalibrated", new Error(pairRefusal));
      return;
    }
    let masked: { input: JudgeInput; entities: Record<string, number> };
    try {
      masked = await maskJudgeInput(record, config.piiLanguages, ports.piiDetector);
    } catch (error) {
      await deadLetter(pointer, "masking_failed", error instanceof MaskingError ? error : new MaskingError(errorMessage(error), { cause: error }));
      return;
    }
    let verdict: JudgeVerdict;
    try {
      verdict = await judgeLimiter.run(() => ports.judge.evaluate(masked.input));
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
      rubricVersion: config.rubricVersion,
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
      // Where the record is, never what it says: human review reads it back from there.
      sourceBucket: ref.bucket,
      sourceKey: ref.key,
      sourceLine: lineNumber,
    };
    let outcome: "stored" | "duplicate";
    try {
      outcome = await ports.store.put(item);
    } catch (error) {
      await deadLetter(pointer, "store_failed", error instanceof StoreError ? error : new StoreError(errorMessage(error), { cause: error }));
      return;
    }
    if (outcome === "duplicate") {
      counts.duplicates += 1;
      return;
    }
    counts.scored += 1;
    if (ports.tracer) {
      try {
        emitVerdictSpan(ports.tracer, item, record.traceparent, judgingStartedAt, { calibrationRecordId: config.calibrationRecordId });
      } catch {
        // Tracing never costs a score: the item is stored whatever the span does.
      }
    }
    if (shadowing && sampleBucket(`shadow:${record.eventId}`) < config.shadowShare) await shadow(record, stratum, masked.input, verdict.scores);
  };

  // Shadow judging: the candidate judges the same masked input; its verdict never reaches the
  // scores table, and its failure never touches the record's own score.
  const candidate = config.candidateJudge;
  const shadowing = candidate !== undefined && ports.shadowJudge !== undefined && ports.shadowStore !== undefined;
  const shadow = async (record: EvaluationRecord, stratum: Stratum, input: JudgeInput, current: RubricScores): Promise<void> => {
    try {
      const candidateVerdict = await judgeLimiter.run(() => ports.shadowJudge!.evaluate(input));
      const now = ports.now();
      const outcome = await ports.shadowStore!.put({
        candidateJudgePair: judgePairId(candidate!),
        eventId: record.eventId,
        currentJudgePair: judgePairId(currentPair),
        inferenceTime: record.inferenceTime,
        modelName: record.modelName,
        useCase: record.useCase,
        requestType: record.requestType,
        stratum,
        current: judgeScores(current),
        candidate: judgeScores(candidateVerdict.scores),
        candidateInputTokens: candidateVerdict.inputTokens,
        candidateOutputTokens: candidateVerdict.outputTokens,
        evaluatedAt: now.toISOString(),
        expiresAt: expiresAt(now, config.scoreTtlDays),
      });
      if (outcome === "stored") counts.shadowScored += 1;
    } catch {
      counts.shadowFailed += 1;
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
        await deadLetter(
          { lineNumber: line.lineNumber },
          "malformed_line",
          new MalformedLineError(`line of ${line.byteLength} bytes exceeds MAX_LINE_BYTES (${config.maxLineBytes})`),
        );
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
