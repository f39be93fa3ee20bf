/**
 * What one judge call costs in tokens, per rubric version, split by what is sent: the instructions
 * with their few-shot examples, the tool definition, the customer request, the answer, and the
 * message's framing. Counted the way the demo's simulated Bedrock judge reports usage (characters /
 * 3.8 of the system prompt, the tool configuration and the user message), so `npm run cost` and the
 * demo agree; the output is the tool call (its JSON plus the tool-use block) or the one-line verdict.
 */
import { rubricFor, judgeMessageFor, type Rubric } from "../../functions/evaluator/judge/rubrics";
import { RUBRIC_VERSIONS } from "../../contracts/judge-pair";
import { customerTurns } from "../../functions/evaluator/judge/request-view";

/** Characters per token of the judge's text (Claude's tokenizer averages ~3.5-4 for English). */
export const JUDGE_CHARS_PER_TOKEN = 3.8;
/** Output tokens of a forced tool call with a rationale (v1, v2): the source article's profile default. */
export const TOOL_REPLY_TOKENS = 100;
/** Output tokens of a one-line verdict (`5 4 5 false`): a value and a space each, as the demo's judge counts them. */
export const LINE_REPLY_TOKENS = 7;

export interface JudgeCallTokens {
  readonly rubricVersion: string;
  readonly input: number;
  readonly output: number;
  /** Input tokens by what they carry. */
  readonly parts: { readonly instructions: number; readonly tool: number; readonly request: number; readonly answer: number; readonly framing: number };
}

const tokens = (chars: number) => chars / JUDGE_CHARS_PER_TOKEN;

/** The tool configuration the evaluator sends with a `tool` rubric (bedrock-judge.ts), as JSON. */
function toolJson(rubric: Rubric): string {
  if (rubric.reply === "line") return "";
  return JSON.stringify({
    tools: [
      {
        toolSpec: {
          name: rubric.toolName,
          description: "Records the rubric evaluation of the assistant's answer.",
          inputSchema: { json: rubric.verdictSchema },
        },
      },
    ],
    toolChoice: { tool: { name: rubric.toolName } },
  });
}

/** Tokens of one judge call of `version` on `prompt` and `response`. */
export function judgeCallTokens(version: string, prompt: string, response: string, toolReplyTokens = TOOL_REPLY_TOKENS): JudgeCallTokens {
  const rubric = rubricFor(version);
  if (!rubric) throw new RangeError(`rubric version "${version}" is not held by this code`);
  const message = judgeMessageFor(rubric, { prompt, response, useCase: "general", requestType: "balance_inquiry" });
  const request = rubric.message === "compact" ? customerTurns(prompt) : prompt;
  const parts = {
    instructions: tokens(rubric.systemPrompt.length),
    tool: tokens(toolJson(rubric).length),
    request: tokens(request.length),
    answer: tokens(response.length),
    framing: tokens(message.length - request.length - response.length),
  };
  const input = Math.ceil(Object.values(parts).reduce((a, b) => a + b, 0));
  return { rubricVersion: version, input, output: rubric.reply === "line" ? LINE_REPLY_TOKENS : toolReplyTokens, parts };
}

/** USD per 1,000 evaluations at the given prices per 1,000 tokens. */
export function per1kEvaluations(call: JudgeCallTokens, inputPer1k: number, outputPer1k: number): number {
  return call.input * inputPer1k + call.output * outputPer1k;
}

/** Every rubric version the evaluator holds, oldest first (the first is the baseline of the comparison). */
export const RUBRIC_VERSIONS_BY_AGE: readonly string[] = Object.keys(RUBRIC_VERSIONS);

/** One line per rubric version: its cost per 1,000 evaluations and, against `baseline`, what was cut and the tokens saved. */
export function judgeCostLines(calls: readonly JudgeCallTokens[], inputPer1k: number, outputPer1k: number): string[] {
  const baseline = calls[0]!;
  const r = Math.round;
  return calls.map((c) => {
    const head = `${c.rubricVersion}: $${per1kEvaluations(c, inputPer1k, outputPer1k).toFixed(3)} per 1,000 evaluations, ${c.input} input (instructions and examples ${r(c.parts.instructions)}, tool definition ${r(c.parts.tool)}, request ${r(c.parts.request)}, answer ${r(c.parts.answer)}, framing ${r(c.parts.framing)}) + ${c.output} output tokens`;
    if (c === baseline) return head;
    const change = (delta: number) => (delta > 0 ? `+${delta}` : delta < 0 ? `${delta}` : "0");
    const part = (key: keyof JudgeCallTokens["parts"]) => change(r(c.parts[key] - baseline.parts[key]));
    return `${head}; against ${baseline.rubricVersion}: instructions and few-shot examples ${part("instructions")}, tool definition ${part("tool")}, the assistant's system prompt in the request ${part("request")}, framing ${part("framing")}, output ${change(c.output - baseline.output)} tokens`;
  });
}
