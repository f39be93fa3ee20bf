/**
 * Every rubric version the evaluator holds, by version id. A rubric is the judge's instructions,
 * its few-shot examples and the tool schema it answers through; its version is stored with every
 * score and names the calibration records it may score under.
 */
import { createHash } from "node:crypto";
import { isKnownRubricVersion, RUBRIC_VERSIONS, type RubricVersion } from "../../../contracts/judge-pair";
import { buildJudgeMessage } from "./prompt";
import { JUDGE_TOOL_NAME, RUBRIC_VERSION, SYSTEM_PROMPT, VERDICT_SCHEMA } from "./rubric";
import { RUBRIC_V2_VERSION, SYSTEM_PROMPT_V2 } from "./rubric-v2";

export interface Rubric {
  readonly version: RubricVersion;
  readonly systemPrompt: string;
  /** JSON schema of the tool input (the structured verdict). */
  readonly verdictSchema: typeof VERDICT_SCHEMA;
  readonly toolName: string;
}

export const RUBRICS: Readonly<Record<RubricVersion, Rubric>> = {
  [RUBRIC_VERSION]: { version: RUBRIC_VERSION, systemPrompt: SYSTEM_PROMPT, verdictSchema: VERDICT_SCHEMA, toolName: JUDGE_TOOL_NAME },
  [RUBRIC_V2_VERSION]: { version: RUBRIC_V2_VERSION, systemPrompt: SYSTEM_PROMPT_V2, verdictSchema: VERDICT_SCHEMA, toolName: JUDGE_TOOL_NAME },
} as Readonly<Record<RubricVersion, Rubric>>;

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
  const text = [rubric.systemPrompt, JSON.stringify(rubric.verdictSchema), rubric.toolName, buildJudgeMessage(CANARY)].join("\n\u0000\n");
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16);
}

/** True when the rubric's text is what its version's contract fingerprint says. */
export function rubricMatchesContract(rubric: Rubric): boolean {
  return RUBRIC_VERSIONS[rubric.version].fingerprint === rubricFingerprint(rubric);
}
