/**
 * The gateway's SageMaker custom attributes:
 * `use_case=..;request_type=..;request_id=..;guardrail=flagged|clear[;traceparent=00-..]`.
 */
import { parseTraceparent, TRACEPARENT_ATTRIBUTE } from "../../contracts/tracing";

/** The one guardrail attribute value that means "the pre-check ran and found nothing". */
export const GUARDRAIL_CLEAR = "clear";
/** The value the gateway writes for a prompt its pre-check flagged. */
export const GUARDRAIL_FLAGGED = "flagged";

export interface GatewayAttributes {
  readonly useCase?: string;
  readonly requestType?: string;
  readonly requestId?: string;
  /**
   * Fails closed: true unless the attribute is exactly `clear`. A missing attribute (the request did
   * not come through the gateway, so no pre-check vouches for it) or any other value (`true`, `yes`,
   * a typo) is flagged, and judged at 100 %.
   */
  readonly guardrailFlagged: boolean;
  /** The raw attribute when it was neither `clear` nor `flagged` (`undefined` when it was one of them); `""` when missing. */
  readonly unexpectedGuardrail?: string;
  /** The gateway's request span (W3C `traceparent`), when tracing was on and the value is well formed. */
  readonly traceparent?: string;
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
  const guardrail = values.get("guardrail");
  const expected = guardrail === GUARDRAIL_CLEAR || guardrail === GUARDRAIL_FLAGGED;
  const traceparent = values.get(TRACEPARENT_ATTRIBUTE);
  return {
    useCase: values.get("use_case"),
    requestType: values.get("request_type"),
    requestId: values.get("request_id"),
    guardrailFlagged: guardrail !== GUARDRAIL_CLEAR,
    ...(expected ? {} : { unexpectedGuardrail: guardrail ?? "" }),
    ...(parseTraceparent(traceparent) ? { traceparent } : {}),
  };
}
