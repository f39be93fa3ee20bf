/**
 * Shadow judging: the candidate judge scores the same masked input as the current judge; its
 * verdict goes to the shadow table only, never to the scores table, and its failure never touches
 * the record's own score.
 */
import { judgePairId } from "../../contracts/judge-pair";
import type { JudgeScores } from "../../contracts/score-item";
import type { JudgeInput } from "./judge/prompt";
import { expiresAt, qualityScore } from "./judge/score-math";
import type { ObjectRun } from "./object-run";
import { sampleBucket } from "./sampler";
import type { EvaluationRecord, RubricScores, Stratum } from "./types";

function judgeScores(scores: RubricScores): JudgeScores {
  return { ...scores, qualityScore: qualityScore(scores) };
}

/** True when a candidate judge is configured and its judge and store are wired. */
export function shadowing(run: ObjectRun): boolean {
  return run.config.candidateJudge !== undefined && run.ports.shadowJudge !== undefined && run.ports.shadowStore !== undefined;
}

/** True for the share of records (`shadowShare`) the candidate judges too, the same ones on every retry. */
export function shadowed(run: ObjectRun, record: EvaluationRecord): boolean {
  return shadowing(run) && sampleBucket(`shadow:${record.eventId}`) < run.config.shadowShare;
}

/** Has the candidate judge the masked input, stores its verdict beside the current one, and counts the outcome. */
export async function shadowJudge(run: ObjectRun, record: EvaluationRecord, stratum: Stratum, input: JudgeInput, current: RubricScores): Promise<void> {
  const { config, ports, counts } = run;
  try {
    const candidateVerdict = await run.judgeLimiter.run(() => ports.shadowJudge!.evaluate(input));
    const now = ports.now();
    const outcome = await ports.shadowStore!.put({
      candidateJudgePair: judgePairId(config.candidateJudge!),
      eventId: record.eventId,
      currentJudgePair: judgePairId({ judgeModelId: config.judgeModelId, rubricVersion: config.rubricVersion }),
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
}
