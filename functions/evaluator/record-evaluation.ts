/**
 * One sampled record, step by step: skip it when its score is already stored; refuse it while the
 * judge pair is uncalibrated; mask it; judge it; store the score; shadow-judge it. A step that fails
 * dead-letters the record with that step's reason, so every record is scored, a duplicate, or in
 * the dead-letter queue.
 */
import { isJudgeBusy, MaskingError, JudgeInvalidReplyError, StoreError, UncalibratedJudgePairError } from "./errors";
import { maskJudgeInput } from "./judge-input";
import type { JudgeInput } from "./judge/prompt";
import { expiresAt, judgeCostUsd, qualityScore } from "./judge/score-math";
import { deadLetter, errorMessage, type ObjectRun, type Pointer } from "./object-run";
import { shadowed, shadowJudge } from "./shadow-judging";
import type { EvaluationRecord, JudgeVerdict, ScoreItem, Stratum } from "./types";

interface MaskedInput {
  readonly input: JudgeInput;
  readonly entities: Record<string, number>;
}

async function alreadyStored(run: ObjectRun, record: EvaluationRecord): Promise<boolean> {
  try {
    return await run.ports.store.exists(record.eventId);
  } catch {
    // The conditional write of the score still guards against double counting.
    return false;
  }
}

async function mask(run: ObjectRun, record: EvaluationRecord, pointer: Pointer): Promise<MaskedInput | undefined> {
  try {
    return await maskJudgeInput(record, run.config.piiLanguages, run.ports.piiDetector);
  } catch (error) {
    await deadLetter(run, pointer, "masking_failed", error instanceof MaskingError ? error : new MaskingError(errorMessage(error), { cause: error }));
    return undefined;
  }
}

async function judge(run: ObjectRun, input: JudgeInput, pointer: Pointer): Promise<JudgeVerdict | undefined> {
  try {
    return await run.judgeLimiter.run(() => run.ports.judge.evaluate(input));
  } catch (error) {
    // Throttling passes: while SQS can deliver the message again, the record waits for that delivery.
    if (run.retryable && isJudgeBusy(error)) {
      run.counts.deferred += 1;
      return undefined;
    }
    await deadLetter(run, pointer, error instanceof JudgeInvalidReplyError ? "judge_invalid_reply" : "judge_failed", error);
    return undefined;
  }
}

/** The score item of a judged record: what it was, who judged it, the scores and their cost. */
export function scoreItem(
  run: ObjectRun,
  record: EvaluationRecord,
  stratum: Stratum,
  lineNumber: number,
  masked: MaskedInput,
  verdict: JudgeVerdict,
): ScoreItem {
  const { config, ref } = run;
  const now = run.ports.now();
  return {
    eventId: record.eventId,
    inferenceTime: record.inferenceTime,
    source: record.source,
    endpointName: record.endpointName,
    modelName: record.modelName,
    useCase: record.useCase,
    requestType: record.requestType,
    ...(record.unknownUseCaseSha256 ? { unknownUseCaseSha256: record.unknownUseCaseSha256 } : {}),
    ...(record.unknownRequestTypeSha256 ? { unknownRequestTypeSha256: record.unknownRequestTypeSha256 } : {}),
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
}

async function store(run: ObjectRun, item: ScoreItem, pointer: Pointer): Promise<"stored" | "duplicate" | undefined> {
  try {
    return await run.ports.store.put(item);
  } catch (error) {
    await deadLetter(run, pointer, "store_failed", error instanceof StoreError ? error : new StoreError(errorMessage(error), { cause: error }));
    return undefined;
  }
}

/** Evaluates one sampled record, and counts what became of it. */
export async function evaluateRecord(run: ObjectRun, record: EvaluationRecord, stratum: Stratum, lineNumber: number): Promise<void> {
  const pointer = { lineNumber, eventId: record.eventId };
  // The same request id twice in one object (a retried put, a copied line) is judged once.
  if (run.seenEventIds.has(record.eventId)) {
    run.counts.duplicates += 1;
    return;
  }
  run.seenEventIds.add(record.eventId);
  if (await alreadyStored(run, record)) {
    run.counts.duplicates += 1;
    return;
  }
  if (run.pairRefusal) {
    // Kept for a redrive once the pair is calibrated: nothing is scored under an unverified judge.
    await deadLetter(run, pointer, "judge_pair_uncalibrated", new UncalibratedJudgePairError(run.pairRefusal));
    return;
  }
  const masked = await mask(run, record, pointer);
  if (!masked) return;
  const verdict = await judge(run, masked.input, pointer);
  if (!verdict) return;
  const outcome = await store(run, scoreItem(run, record, stratum, lineNumber, masked, verdict), pointer);
  if (outcome === undefined) return;
  if (outcome === "duplicate") {
    run.counts.duplicates += 1;
    return;
  }
  run.counts.scored += 1;
  if (shadowed(run, record)) await shadowJudge(run, record, stratum, masked.input, verdict.scores);
}
