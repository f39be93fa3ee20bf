/**
 * Use case and request type are data the client wrote (DataCapture custom attributes, or an
 * inference log that did not come from this gateway): only a configured name is kept as it is.
 * Anything else becomes `unknown`, and its value survives only as a SHA-256 hash, enough to tell
 * one forged value from another without storing or showing it.
 */
import { createHash } from "node:crypto";

/** The name stored (and shown to the judge) for a value that is not a configured one. */
export const UNKNOWN_NAME = "unknown";

export interface CheckedName {
  /** The configured name, or `unknown`. */
  readonly name: string;
  /** SHA-256 (hex) of the value as found, only when it was not a configured name. */
  readonly rawSha256?: string;
}

/** A missing value is `unknown` with no hash; a configured one passes; anything else is `unknown` with its hash. */
export function checkName(raw: string | undefined, allowed: readonly string[]): CheckedName {
  if (raw === undefined || raw === "" || raw === UNKNOWN_NAME) return { name: UNKNOWN_NAME };
  if (allowed.includes(raw)) return { name: raw };
  return { name: UNKNOWN_NAME, rawSha256: createHash("sha256").update(raw, "utf8").digest("hex") };
}
