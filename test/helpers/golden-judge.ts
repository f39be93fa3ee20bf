/**
 * A simulated judge for the Bedrock stub that answers golden items with controlled scores: it finds
 * the item by its masked answer (masked with the evaluator's own code, as the judge receives it)
 * and replies with the human consensus, perturbed in a fixed, documented way.
 *
 * - `honest`: the consensus, except one point toward 3 on factuality where the id's hash is 0 mod 5,
 *   on completeness where it is 1 mod 7 and on tone where it is 2 mod 9 (a judge that mostly
 *   agrees, not a copy of the humans).
 * - `length-biased`: honest, then one point off completeness for answers under 150 characters and
 *   one point added to every 1-5 dimension for answers over 300 characters (capped at 1-5): the
 *   judge rewards length, which the length probes must catch.
 * - `generous`: honest, then every 1-5 dimension one point up (capped): agrees in rank, not in level.
 */
import { createHash } from "node:crypto";
import { humanConsensus } from "../../functions/judge-calibration/calibrate";
import type { GoldenItem } from "../../functions/judge-calibration/golden-set";
import { maskJudgeInput } from "../../functions/evaluator/judge-input";
import type { RubricScores } from "../../functions/evaluator/types";
import { DEFAULT_VERDICT, toolUseReply, type ConverseCall } from "./bedrock-stub";
import type { StubResponse } from "./http-stub";

export type SimulatedJudgeMode = "honest" | "length-biased" | "generous";
export const SIMULATED_JUDGE_MODES: readonly SimulatedJudgeMode[] = ["honest", "length-biased", "generous"];

const clamp = (value: number) => Math.min(5, Math.max(1, value));

/** The scores the simulated judge gives an item (the consensus, perturbed as the mode says). */
export function simulatedScores(item: GoldenItem, mode: SimulatedJudgeMode): RubricScores {
  const human = humanConsensus(item);
  const hash = createHash("sha256").update(item.id).digest().readUInt32BE(0);
  const towardMiddle = (value: number, hit: boolean) => (hit ? value + Math.sign(3 - value) : value);
  let scores: RubricScores = {
    ...human,
    factuality: towardMiddle(human.factuality, hash % 5 === 0),
    completeness: towardMiddle(human.completeness, hash % 7 === 1),
    toneCompliance: towardMiddle(human.toneCompliance, hash % 9 === 2),
  };
  if (mode === "length-biased") {
    const length = item.response.length;
    const bonus = length > 300 ? 1 : 0;
    scores = {
      ...scores,
      factuality: clamp(scores.factuality + bonus),
      completeness: clamp(scores.completeness + bonus - (length < 150 ? 1 : 0)),
      toneCompliance: clamp(scores.toneCompliance + bonus),
    };
  }
  if (mode === "generous") {
    scores = {
      ...scores,
      factuality: clamp(scores.factuality + 1),
      completeness: clamp(scores.completeness + 1),
      toneCompliance: clamp(scores.toneCompliance + 1),
    };
  }
  return scores;
}

/** The text inside the answer fence of the judge's user message. */
export function fencedAnswer(call: ConverseCall): string | undefined {
  const first = call.body.messages[0]?.content.find((block) => typeof block.text === "string")?.text as string | undefined;
  const match = first ? /<(assistant_answer-[0-9a-f]{16})>\n([\s\S]*?)\n<\/\1>/.exec(first) : undefined;
  return match?.[2];
}

/**
 * A `BedrockStub.reply` that answers the golden items with their simulated scores, and anything
 * else with `fallback` (the stub's default verdict). `piiLanguages` must be the ones the run masks with.
 */
export async function simulatedJudge(
  items: readonly GoldenItem[],
  mode: SimulatedJudgeMode,
  piiLanguages: readonly string[],
  fallback: (call: ConverseCall) => StubResponse = () => toolUseReply(DEFAULT_VERDICT, { inputTokens: 900, outputTokens: 60 }),
): Promise<(call: ConverseCall) => StubResponse> {
  const byAnswer = new Map<string, RubricScores>();
  for (const item of items) {
    const masked = await maskJudgeInput(item, piiLanguages);
    byAnswer.set(masked.input.response, simulatedScores(item, mode));
  }
  return (call) => {
    const answer = fencedAnswer(call);
    const scores = answer !== undefined ? byAnswer.get(answer) : undefined;
    return scores ? toolUseReply({ rationale: `simulated ${mode} judge`, ...scores }, { inputTokens: 900, outputTokens: 60 }) : fallback(call);
  };
}
