/**
 * Bedrock Runtime Converse stub (restJson1: POST /model/{modelId}/converse). By default it answers
 * with a valid `record_evaluation` tool call; tests swap `reply` to script throttling or bad replies.
 */
import { HttpStub, type RecordedRequest, type StubResponse } from "./http-stub";

export interface ConverseCall {
  readonly modelId: string;
  readonly body: {
    readonly messages: { role: string; content: Record<string, unknown>[] }[];
    readonly system?: { text: string }[];
    readonly inferenceConfig?: { temperature?: number; maxTokens?: number };
    readonly toolConfig?: { tools: { toolSpec: { name: string } }[]; toolChoice?: { tool?: { name: string } } };
  };
}

export interface Verdict {
  factuality: unknown;
  completeness: unknown;
  toneCompliance: unknown;
  undueRefusal: unknown;
  rationale?: string;
}

export const DEFAULT_VERDICT: Verdict = { rationale: "Correct and complete.", factuality: 5, completeness: 4, toneCompliance: 5, undueRefusal: false };

/** A Converse response whose only content is a tool call with `input`. */
export function toolUseReply(input: unknown, usage = { inputTokens: 1200, outputTokens: 80 }): StubResponse {
  return {
    status: 200,
    body: JSON.stringify({
      output: { message: { role: "assistant", content: [{ toolUse: { toolUseId: "tooluse_1", name: "record_evaluation", input } }] } },
      stopReason: "tool_use",
      usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
      metrics: { latencyMs: 10 },
    }),
  };
}

/** A Converse response whose only content is text. */
export function textReply(text: string, usage = { inputTokens: 900, outputTokens: 8 }): StubResponse {
  return {
    status: 200,
    body: JSON.stringify({
      output: { message: { role: "assistant", content: [{ text }] } },
      stopReason: "end_turn",
      usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
      metrics: { latencyMs: 10 },
    }),
  };
}

/** The verdict the way the call asks for it: a tool call when it sends a tool, else the one-line text (`5 4 5 false`). */
export function verdictReply(call: ConverseCall, verdict: Verdict, usage?: { inputTokens: number; outputTokens: number }): StubResponse {
  if (call.body.toolConfig) return toolUseReply(verdict, usage);
  return textReply(verdictLine(verdict), usage);
}

/** `5 4 5 false`: a verdict as a `line` rubric asks for it. */
export function verdictLine(verdict: Verdict): string {
  return `${verdict.factuality} ${verdict.completeness} ${verdict.toneCompliance} ${verdict.undueRefusal}`;
}

export function throttled(): StubResponse {
  return {
    status: 429,
    body: JSON.stringify({ message: "Too many requests, please wait before trying again." }),
    headers: { "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/" },
  };
}

export class BedrockStub extends HttpStub {
  public latencyMs = 0;
  public reply: (call: ConverseCall, index: number) => StubResponse = (call) => verdictReply(call, DEFAULT_VERDICT);

  public constructor() {
    super(
      (request, index) => {
        const call = BedrockStub.parse(request);
        const response = this.reply(call, index);
        return { ...response, delayMs: response.delayMs ?? this.latencyMs };
      },
      { http2: true },
    );
  }

  public static parse(request: RecordedRequest): ConverseCall {
    const match = /^\/model\/([^/]+)\/converse$/.exec(request.path);
    if (request.method !== "POST" || !match) throw new Error(`unexpected Bedrock request ${request.method} ${request.path}`);
    return { modelId: decodeURIComponent(match[1]!), body: JSON.parse(request.body) as ConverseCall["body"] };
  }

  public get calls(): ConverseCall[] {
    return this.requests.map((request) => BedrockStub.parse(request));
  }

  /** All text the judge received, across calls (to check what left the function). */
  public receivedText(): string {
    return this.calls.flatMap((call) => call.body.messages.flatMap((message) => message.content.map((block) => JSON.stringify(block)))).join("\n");
  }
}
