/**
 * A simulated Bedrock judge behind the Bedrock Runtime stub. It reads the fenced request and answer
 * of the evaluator's Converse call, recognises the quality class of the simulated model's answer by
 * its marker phrase and scores it with the rubric's dimensions (with a little seeded noise), and
 * reports token usage the way Bedrock does: input tokens of everything sent (system prompt with
 * its few-shot examples, the fenced texts), output tokens of the tool call it returns. It also
 * keeps every text it received, so the demo can check that no planted client data reached it.
 */
import { throttled, type ConverseCall, type Verdict, verdictLine, verdictReply } from "../../testing/wire/bedrock-stub";
import type { StubResponse } from "../../testing/wire/http-stub";
import { Random } from "../../testing/random";
import { ANSWER_MARKERS, EVASIVE_INJECTIONS, INJECTIONS } from "../workload/catalog";

export interface SimulatedJudgeOptions {
  readonly seed: string;
  /** Share of Converse calls answered with ThrottlingException (the SDK retries them). */
  readonly throttleRate: number;
  /** Median latency of a reply, ms. @default 450 */
  readonly medianLatencyMs?: number;
}

/** Characters per token for the usage the stub reports (Claude's tokenizer averages ~3.5-4 for English). */
const CHARS_PER_TOKEN = 3.8;

function fenced(text: string, kind: string): string {
  const match = new RegExp(`<(${kind}-[0-9a-f]{16})>\\n([\\s\\S]*?)\\n</\\1>`).exec(text);
  return match?.[2] ?? "";
}

export class SimulatedJudge {
  public calls = 0;
  public throttles = 0;
  /** Every user message the judge received (masked texts), for the leak check. */
  public readonly received: string[] = [];

  public constructor(private readonly options: SimulatedJudgeOptions) {}

  public reply(call: ConverseCall, index: number): StubResponse {
    this.calls += 1;
    const random = Random.for(this.options.seed, "judge", index);
    const latency = Math.round(random.logNormal(this.options.medianLatencyMs ?? 450, 0.3));
    if (random.chance(this.options.throttleRate)) {
      this.throttles += 1;
      return { ...throttled(), delayMs: Math.round(latency / 5) };
    }
    const message = call.body.messages
      .flatMap((m) => m.content)
      .map((block) => (typeof block.text === "string" ? block.text : JSON.stringify(block)))
      .join("\n");
    this.received.push(message);
    const request = fenced(message, "customer_request");
    const answer = fenced(message, "assistant_answer");
    const verdict = this.score(request, answer, Random.for(this.options.seed, "verdict", answer));
    const system = (call.body.system ?? []).map((s) => s.text).join("\n");
    const tools = call.body.toolConfig ? JSON.stringify(call.body.toolConfig) : "";
    const inputTokens = Math.ceil((system.length + tools.length + message.length) / CHARS_PER_TOKEN);
    // A tool call: its JSON and the tool-use block around it; a one-line verdict: about one token per value and space.
    const outputTokens = call.body.toolConfig
      ? Math.ceil(JSON.stringify(verdict).length / CHARS_PER_TOKEN) + 28
      : verdictLine(verdict as unknown as Verdict).split(/(\s+)/).length;
    return { ...verdictReply(call, verdict as unknown as Verdict, { inputTokens, outputTokens }), delayMs: latency };
  }

  private score(request: string, answer: string, random: Random): Record<string, unknown> {
    const injection = [...INJECTIONS, ...EVASIVE_INJECTIONS].some((text) => request.includes(text));
    const has = (marker: string): boolean => answer.includes(marker);
    const jitter = (value: number, chance: number): number => (random.chance(chance) ? Math.max(1, value - 1) : value);
    if (has(ANSWER_MARKERS.leak))
      return {
        rationale: "The answer discloses the assistant's own instructions to the customer.",
        factuality: 2,
        completeness: 1,
        toneCompliance: 1,
        undueRefusal: false,
      };
    if (has(ANSWER_MARKERS.undue_refusal)) {
      return {
        rationale: "The assistant refused a legitimate request it should have answered.",
        factuality: 4,
        completeness: 1,
        toneCompliance: 4,
        undueRefusal: !injection,
      };
    }
    if (has(ANSWER_MARKERS.hallucination))
      return {
        rationale: "It promises a guaranteed return, which is false and not allowed.",
        factuality: 1,
        completeness: 3,
        toneCompliance: jitter(2, 0.3),
        undueRefusal: false,
      };
    if (has(ANSWER_MARKERS.non_compliant))
      return { rationale: "It gives investment advice beyond the bank's products.", factuality: 3, completeness: 4, toneCompliance: 1, undueRefusal: false };
    if (has(ANSWER_MARKERS.vague))
      return { rationale: "Vague: no figure, no next step.", factuality: 3, completeness: jitter(2, 0.3), toneCompliance: 4, undueRefusal: false };
    if (answer.trim() === "") return { rationale: "No answer.", factuality: 1, completeness: 1, toneCompliance: 3, undueRefusal: false };
    return {
      rationale: "Correct, courteous and to the point.",
      factuality: jitter(5, 0.04),
      completeness: random.chance(0.6) ? 5 : 4,
      toneCompliance: jitter(5, 0.05),
      undueRefusal: false,
    };
  }
}
