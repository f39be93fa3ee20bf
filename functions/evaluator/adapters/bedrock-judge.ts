/** The Bedrock Converse judge: forced tool use, temperature 0, one retry on an invalid reply. */
import { type BedrockRuntimeClient, ConverseCommand, type ContentBlock, type ConverseCommandOutput, type Message } from "@aws-sdk/client-bedrock-runtime";
import { foreignErrorText } from "../error-text";
import { JudgeError, JudgeInvalidReplyError } from "../errors";
import type { JudgeInput } from "../judge/prompt";
import { validateVerdict, validateVerdictLine } from "../judge/reply-validator";
import { RUBRIC_VERSION } from "../judge/rubric";
import { judgeMessageFor, RUBRICS, type Rubric } from "../judge/rubrics";
import type { Judge } from "../ports";
import type { JudgeVerdict } from "../types";

export interface BedrockJudgeOptions {
  readonly modelId: string;
  /** @default 512 */
  readonly maxTokens?: number;
  /** @default 40000 */
  readonly maxTextChars?: number;
  /**
   * Longest one Converse call may take, the SDK's retries included: then it is aborted
   * (`TimeoutError`), and the judge's slot is free again.
   * @default 30000
   */
  readonly callTimeoutMs?: number;
  /**
   * The rubric the judge scores with (instructions, examples, tool schema).
   * @default RUBRICS[RUBRIC_VERSION] - version 1
   */
  readonly rubric?: Rubric;
}

function toolConfig(rubric: Rubric) {
  return {
    tools: [
      {
        toolSpec: {
          name: rubric.toolName,
          description: "Records the rubric evaluation of the assistant's answer.",
          inputSchema: { json: rubric.verdictSchema as unknown as Record<string, never> },
        },
      },
    ],
    toolChoice: { tool: { name: rubric.toolName } },
  };
}

export class BedrockJudge implements Judge {
  private readonly rubric: Rubric;

  public constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly options: BedrockJudgeOptions,
  ) {
    this.rubric = options.rubric ?? RUBRICS[RUBRIC_VERSION];
  }

  public async evaluate(input: JudgeInput): Promise<JudgeVerdict> {
    const messages: Message[] = [
      { role: "user", content: [{ text: judgeMessageFor(this.rubric, input, { maxTextChars: this.options.maxTextChars ?? 40_000 }) }] },
    ];
    let inputTokens = 0;
    let outputTokens = 0;
    let problem = "";
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const output = await this.converse(messages);
      inputTokens += output.usage?.inputTokens ?? 0;
      outputTokens += output.usage?.outputTokens ?? 0;
      const content = output.output?.message?.content ?? [];
      if (this.rubric.reply === "line") {
        const text = content.map((block) => block.text ?? "").join("");
        const validation = validateVerdictLine(text);
        if (validation.ok) return { scores: validation.scores, inputTokens, outputTokens };
        problem = validation.problem;
        messages.push({ role: "assistant", content: [{ text: text.trim() === "" ? "(no reply)" : text }] });
        messages.push({ role: "user", content: [{ text: `Invalid evaluation: ${problem}. Reply with the one line only.` }] });
        continue;
      }
      const toolName = this.rubric.toolName;
      const toolUse = content.find((block) => block.toolUse?.name === toolName)?.toolUse;
      const validation = toolUse ? validateVerdict(toolUse.input) : { ok: false as const, problem: `no ${toolName} tool call in the reply` };
      if (validation.ok) return { scores: validation.scores, inputTokens, outputTokens };
      problem = validation.problem;
      // Retry once, telling the judge what was wrong; a tool call must be answered by its result.
      messages.push({ role: "assistant", content: content.length > 0 ? content : [{ text: "(no reply)" }] });
      const correction = `Invalid evaluation: ${problem}. Call ${toolName} again with valid values.`;
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
          system: [{ text: this.rubric.systemPrompt }],
          messages,
          inferenceConfig: { temperature: 0, maxTokens: this.options.maxTokens ?? 512 },
          ...(this.rubric.reply === "tool" ? { toolConfig: toolConfig(this.rubric) } : {}),
        }),
        { abortSignal: AbortSignal.timeout(this.options.callTimeoutMs ?? 30_000) },
      );
    } catch (error) {
      throw new JudgeError(`Bedrock Converse failed: ${foreignErrorText(error)}`, { cause: error });
    }
  }
}
