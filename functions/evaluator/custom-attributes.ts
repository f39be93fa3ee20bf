/**
 * The gateway's SageMaker custom attributes:
 * `use_case=..;request_type=..;request_id=..;guardrail=flagged|clear`.
 */
export interface GatewayAttributes {
  readonly useCase?: string;
  readonly requestType?: string;
  readonly requestId?: string;
  readonly guardrailFlagged: boolean;
}

/** Parses the attributes string; unknown keys are ignored and values are URI-decoded when encoded. */
export function parseCustomAttributes(raw: string | undefined): GatewayAttributes {
  const values = new Map<string, string>();
  for (const pair of (raw ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    let value = pair.slice(at + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // Not percent-encoded after all: keep the raw value.
    }
    if (key && value) values.set(key, value);
  }
  return {
    useCase: values.get("use_case"),
    requestType: values.get("request_type"),
    requestId: values.get("request_id"),
    guardrailFlagged: values.get("guardrail") === "flagged",
  };
}
