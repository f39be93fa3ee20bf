/**
 * Client values a DataCapture record carries outside its prompt and answer, which the judge never
 * receives but the last check must not see again in the masked text: the OpenAI-style `user` field
 * and `messages[].name` of the endpoint input, and custom attributes the gateway does not write
 * (a client's own `customer_id=...`). Read once per record; never logged.
 */

/** Custom attributes the gateway writes: routing and bookkeeping, nothing about the client. */
const GATEWAY_ATTRIBUTES = new Set(["use_case", "request_type", "request_id", "guardrail", "traceparent", "tracestate"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fromInput(text: string, into: string[]): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  if (!isObject(parsed)) return;
  if (typeof parsed.user === "string") into.push(parsed.user);
  if (Array.isArray(parsed.messages)) {
    for (const message of parsed.messages) {
      // OpenAI names are [a-zA-Z0-9_-]: "Joao_Silva" is the words "Joao" and "Silva".
      if (isObject(message) && typeof message.name === "string") into.push(message.name.replace(/[_-]+/g, " "));
    }
  }
}

function fromAttributes(raw: string | undefined, into: string[]): void {
  for (const pair of (raw ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (value === "" || GATEWAY_ATTRIBUTES.has(key)) continue;
    try {
      into.push(decodeURIComponent(value));
    } catch {
      into.push(value);
    }
  }
}

/** The revealing values of a capture record's metadata (raw strings; the last check normalises them). */
export function metadataValues(endpointInputText: string, customAttributes: string | undefined): string[] {
  const values: string[] = [];
  fromInput(endpointInputText, values);
  fromAttributes(customAttributes, values);
  return values.filter((value) => value.trim() !== "");
}
