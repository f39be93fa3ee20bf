/**
 * What of the customer request the judge is sent. The request as the calling application built it
 * carries the assistant's own system prompt (the same text for every request of a use case, often
 * most of the prompt's tokens); the judge scores the answer against the customer's question and its
 * rubric, so a compact rubric sends the customer's turns only. Chat templates it recognises: Llama 3
 * (`<|start_header_id|>user<|end_header_id|>`) and ChatML (`<|im_start|>user`); any other prompt is
 * sent whole, so nothing is dropped from a format this code does not know.
 */

const TURN_PATTERNS: readonly RegExp[] = [
  // Llama 3: <|start_header_id|>user<|end_header_id|>\n\n...<|eot_id|>
  /<\|start_header_id\|>user<\|end_header_id\|>\s*([\s\S]*?)(?:<\|eot_id\|>|$)/g,
  // ChatML: <|im_start|>user\n...<|im_end|>
  /<\|im_start\|>user\s*([\s\S]*?)(?:<\|im_end\|>|$)/g,
];

/** The customer's turns of a templated prompt, joined by blank lines; the prompt itself when it has none. */
export function customerTurns(prompt: string): string {
  for (const pattern of TURN_PATTERNS) {
    const turns = [...prompt.matchAll(pattern)].map((match) => match[1]!.trim()).filter((turn) => turn !== "");
    if (turns.length > 0) return turns.join("\n\n");
  }
  return prompt;
}
