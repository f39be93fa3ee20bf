/**
 * Every rubric version the evaluator holds, by version id. A rubric is the judge's instructions,
 * its few-shot examples and the tool schema it answers through; its version is stored with every
 * score and names the calibration records it may score under.
 */
import { createHash } from "node:crypto";
import { isKnownRubricVersion, RUBRIC_VERSIONS, type RubricVersion } from "../../../contracts/judge-pair";
import { buildCompactJudgeMessage, buildJudgeMessage, type JudgeInput, type JudgePromptOptions } from "./prompt";
import { JUDGE_TOOL_NAME, RUBRIC_VERSION, SYSTEM_PROMPT, VERDICT_SCHEMA } from "./rubric";
import { RUBRIC_V2_VERSION, SYSTEM_PROMPT_V2 } from "./rubric-v2";
import { RUBRIC_V3_VERSION, SYSTEM_PROMPT_V3, VERDICT_SCHEMA_V3 } from "./rubric-v3";

export interface Rubric {
  readonly version: RubricVersion;
  readonly systemPrompt: string;
  /** JSON schema of the tool input (the structured verdict). */
  readonly verdictSchema: typeof VERDICT_SCHEMA | typeof VERDICT_SCHEMA_V3;
  readonly toolName: string;
  /**
   * The judge message: `full` fences the whole request as the application sent it, with the
   * instructions repeated; `compact` fences the customer's turns only (`buildCompactJudgeMessage`).
   */
  readonly message: "full" | "compact";
  /**
   * How the judge answers: `tool`, a forced `record_evaluation` tool call; `line`, one text line of
   * the four scores (`validateVerdictLine`), with no tool definition sent (nor the tool-use system
   * prompt the model adds for one) and a handful of output tokens.
   */
  readonly reply: "tool" | "line";
}

export const RUBRICS: Readonly<Record<RubricVersion, Rubric>> = {
  [RUBRIC_VERSION]: {
    version: RUBRIC_VERSION,
    systemPrompt: SYSTEM_PROMPT,
    verdictSchema: VERDICT_SCHEMA,
    toolName: JUDGE_TOOL_NAME,
    message: "full",
    reply: "tool",
  },
  [RUBRIC_V2_VERSION]: {
    version: RUBRIC_V2_VERSION,
    systemPrompt: SYSTEM_PROMPT_V2,
    verdictSchema: VERDICT_SCHEMA,
    toolName: JUDGE_TOOL_NAME,
    message: "full",
    reply: "tool",
  },
  [RUBRIC_V3_VERSION]: {
    version: RUBRIC_V3_VERSION,
    systemPrompt: SYSTEM_PROMPT_V3,
    verdictSchema: VERDICT_SCHEMA_V3,
    toolName: JUDGE_TOOL_NAME,
    message: "compact",
    reply: "line",
  },
} as Readonly<Record<RubricVersion, Rubric>>;

/** The judge's user message for `input` as `rubric` words it. */
export function judgeMessageFor(rubric: Rubric, input: JudgeInput, options: JudgePromptOptions = {}): string {
  return rubric.message === "compact" ? buildCompactJudgeMessage(input, options) : buildJudgeMessage(input, options);
}

/** The rubric of `version`, or undefined when this code does not hold it. */
export function rubricFor(version: string): Rubric | undefined {
  return isKnownRubricVersion(version) ? RUBRICS[version] : undefined;
}

/** A fixed input: the judge message built for it pins the prompt template into the fingerprint. */
const CANARY = { prompt: "What is the PIX limit at night?", response: "R$ 1,000 between 8 pm and 6 am.", useCase: "canary", requestType: "canary" };

/**
 * First 16 hex digits of SHA-256 over the system prompt, the verdict schema, the tool name and the
 * judge message for a fixed input: any change to what the judge is told changes it.
 */
export function rubricFingerprint(rubric: Rubric): string {
  // v1 and v2 predate `reply` (tool): their fingerprints stay what they were.
  const parts = [rubric.systemPrompt, JSON.stringify(rubric.verdictSchema), rubric.toolName, judgeMessageFor(rubric, CANARY)];
  const text = (rubric.reply === "tool" ? parts : [...parts, rubric.reply]).join("\n\u0000\n");
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16);
}

/** True when the rubric's text is what its version's contract fingerprint says. */
export function rubricMatchesContract(rubric: Rubric): boolean {
  return RUBRIC_VERSIONS[rubric.version].fingerprint === rubricFingerprint(rubric);
}
