/**
 * One sampled record, step by step: skip it when its score is already stored; refuse it while the
 * judge pair is uncalibrated; mask it; judge it; store the score; shadow-judge it. A step that fails
 * dead-letters the record with that step's reason, so every record is scored, a duplicate, or in
 * the dead-letter queue.
 */
import { CANARY_STRATUM } from "../../contracts/pii-canary";
import type { ScoreStratum } from "../../contracts/score-item";
import { isJudgeBusy, MaskingError, JudgeInvalidReplyError, PiiSurvivedMaskingError, StoreError, UncalibratedJudgePairError } from "./errors";
import { maskJudgeInput, type MaskedJudgeInput } from "./judge-input";
import { buildJudgeMessage, type JudgeInput } from "./judge/prompt";
import { expiresAt, judgeCostUsd, qualityScore } from "./judge/score-math";
import { describeSurvivors, lastCheck } from "./last-check/last-check";
import { deadLetter, errorMessage, type ObjectRun, type Pointer } from "./object-run";
import { shadowed, shadowJudge } from "./shadow-judging";
import type { EvaluationRecord, JudgeVerdict, ScoreItem } from "./types";
import { emitVerdictSpan } from "./verdict-span";

type MaskedInput = MaskedJudgeInput;

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
    return await maskJudgeInput(record, run.config.piiLanguages, run.ports.piiDetector, run.ports.piiModel);
  } catch (error) {
    await deadLetter(run, pointer, "masking_failed", error instanceof MaskingError ? error : new MaskingError(errorMessage(error), { cause: error }));
    return undefined;
  }
}

/**
 * Fail closed: what the masks missed but the record itself revealed, or a validated identifier, is
 * never sent; the record is dead-lettered as pii_survived_masking instead.
 */
async function survivesLastCheck(run: ObjectRun, record: EvaluationRecord, masked: MaskedInput, pointer: Pointer): Promise<boolean> {
  const survivors = lastCheck(masked.input, { ...record, revealedByMetadata: [...(record.revealedByMetadata ?? []), ...masked.revealedByModel] });
  if (survivors.length === 0) return true;
  run.counts.survivedMasking += 1;
  await deadLetter(run, pointer, "pii_survived_masking", new PiiSurvivedMaskingError(describeSurvivors(survivors)));
  return false;
}

/** For a canary only: the exact message the judge gets, written before the call for the canary's checker. */
async function keepCanaryPayload(run: ObjectRun, record: EvaluationRecord, masked: MaskedInput, pointer: Pointer): Promise<boolean> {
  if (!record.canary || !run.ports.canaryPayloads) return true;
  try {
    await run.ports.canaryPayloads.put({
      runId: record.canary.runId,
      eventId: record.eventId,
      sentAt: run.ports.now().toISOString(),
      judgeMessage: buildJudgeMessage(masked.input, { maxTextChars: run.config.judgeMaxTextChars }),
    });
    return true;
  } catch (error) {
    await deadLetter(run, pointer, "store_failed", error instanceof StoreError ? error : new StoreError(errorMessage(error), { cause: error }));
    return false;
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
  stratum: ScoreStratum,
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
    ...(record.canary ? { canary: true } : {}),
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

/** Emits the verdict span; tracing never costs a score, so a failure here is swallowed. */
function traceVerdict(run: ObjectRun, item: ScoreItem, traceparent: string | undefined, startedAt: Date): void {
  if (!run.ports.tracer) return;
  try {
    emitVerdictSpan(run.ports.tracer, item, traceparent, startedAt, { calibrationRecordId: run.config.calibrationRecordId });
  } catch {
    // The item is stored whatever the span does.
  }
}

/** Evaluates one sampled record, and counts what became of it. */
export async function evaluateRecord(run: ObjectRun, record: EvaluationRecord, stratum: ScoreStratum, lineNumber: number): Promise<void> {
  const pointer = { lineNumber, eventId: record.eventId };
  const judgingStartedAt = run.ports.now();
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
  if (!(await survivesLastCheck(run, record, masked, pointer))) return;
  if (!(await keepCanaryPayload(run, record, masked, pointer))) return;
  const verdict = await judge(run, masked.input, pointer);
  if (!verdict) return;
  const item = scoreItem(run, record, stratum, lineNumber, masked, verdict);
  const outcome = await store(run, item, pointer);
  if (outcome === undefined) return;
  if (outcome === "duplicate") {
    run.counts.duplicates += 1;
    return;
  }
  run.counts.scored += 1;
  // The verdict on the request's trace; a canary is no request, so it has none.
  if (stratum !== CANARY_STRATUM) traceVerdict(run, item, record.traceparent, judgingStartedAt);
  // A canary is judged for the canary's checker only: the candidate never sees it.
  if (stratum !== CANARY_STRATUM && shadowed(run, record)) await shadowJudge(run, record, stratum, masked.input, verdict.scores);
}
