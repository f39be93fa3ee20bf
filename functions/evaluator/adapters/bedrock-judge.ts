/** The Bedrock Converse judge: forced tool use, temperature 0, one retry on an invalid reply. */
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ContentBlock,
  type ConverseCommandOutput,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import { JudgeError, JudgeInvalidReplyError } from "../errors";
import { buildJudgeMessage, type JudgeInput } from "../judge/prompt";
import { validateVerdict } from "../judge/reply-validator";
import { JUDGE_TOOL_NAME, SYSTEM_PROMPT, VERDICT_SCHEMA } from "../judge/rubric";
import type { Judge } from "../ports";
import type { JudgeVerdict } from "../types";

export interface BedrockJudgeOptions {
  readonly modelId: string;
  /** @default 512 */
  readonly maxTokens?: number;
  /** @default 40000 */
  readonly maxTextChars?: number;
}

const TOOL_CONFIG = {
  tools: [
    {
      toolSpec: {
        name: JUDGE_TOOL_NAME,
        description: "Records the rubric evaluation of the assistant's answer.",
        inputSchema: { json: VERDICT_SCHEMA as unknown as Record<string, never> },
      },
    },
  ],
  toolChoice: { tool: { name: JUDGE_TOOL_NAME } },
};

export class BedrockJudge implements Judge {
  public constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly options: BedrockJudgeOptions,
  ) {}

  public async evaluate(input: JudgeInput): Promise<JudgeVerdict> {
    const messages: Message[] = [{ role: "user", content: [{ text: buildJudgeMessage(input, { maxTextChars: this.options.maxTextChars ?? 40_000 }) }] }];
    let inputTokens = 0;
    let outputTokens = 0;
    let problem = "";
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const output = await this.converse(messages);
      inputTokens += output.usage?.inputTokens ?? 0;
      outputTokens += output.usage?.outputTokens ?? 0;
      const content = output.output?.message?.content ?? [];
      const toolUse = content.find((block) => block.toolUse?.name === JUDGE_TOOL_NAME)?.toolUse;
      const validation = toolUse ? validateVerdict(toolUse.input) : { ok: false as const, problem: `no ${JUDGE_TOOL_NAME} tool call in the reply` };
      if (validation.ok) return { scores: validation.scores, inputTokens, outputTokens };
      problem = validation.problem;
      // Retry once, telling the judge what was wrong; a tool call must be answered by its result.
      messages.push({ role: "assistant", content: content.length > 0 ? content : [{ text: "(no reply)" }] });
      const correction = `Invalid evaluation: ${problem}. Call ${JUDGE_TOOL_NAME} again with valid values.`;
      const reply: ContentBlock[] = toolUse?.toolUseId
        ? [{ toolResult: { toolUseId: toolUse.toolUseId, content: [{ text: correction }], status: "error" } }]
        : [{ text: correction }];
      messages.push({ role: "user", content: reply });
    }
    throw new JudgeInvalidReplyError(`judge reply invalid twice: ${problem}`);
  }

  private async converse(messages: Message[]): Promise<ConverseCommandOutput> {
    try {
      return await this.client.send(
        new ConverseCommand({
          modelId: this.options.modelId,
          system: [{ text: SYSTEM_PROMPT }],
          messages,
          inferenceConfig: { temperature: 0, maxTokens: this.options.maxTokens ?? 512 },
          toolConfig: TOOL_CONFIG,
        }),
      );
    } catch (error) {
      throw new JudgeError(`Bedrock Converse failed: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
    }
  }
}
