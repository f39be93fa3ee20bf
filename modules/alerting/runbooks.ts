/**
 * Runbook families and alarm descriptions. Every alarm links to `runbooks/<family>.md` under a
 * configurable base URL, and its description says what is wrong and what usually causes it.
 */

/** One runbook file per alarm family, in `runbooks/` at the repository root. */
export const RUNBOOK_FAMILIES = [
  "slo-availability",
  "slo-latency",
  "slo-quality",
  "gpu-memory",
  "latency-contention",
  "prompt-anomaly",
  "cache-efficiency",
  "dead-letter-queue",
  "lambda-health",
  "firehose-delivery",
  "judge-spend",
  "judge-calibration",
  "pii-canary",
  "serving-prefix-cache",
] as const;

export type RunbookFamily = (typeof RUNBOOK_FAMILIES)[number];

/** CloudWatch's limit on `AlarmDescription`. */
export const MAX_ALARM_DESCRIPTION_LENGTH = 1024;

/** `https://host/path/runbooks` + `gpu-memory` -> `https://host/path/runbooks/gpu-memory.md`. */
export function runbookUrl(runbookBaseUrl: string, family: string): string {
  return `${runbookBaseUrl.replace(/\/+$/, "")}/${family}.md`;
}

/** Fails early on a base that an operator could not open from a page. */
export function validateRunbookBaseUrl(runbookBaseUrl: string): void {
  if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(runbookBaseUrl)) {
    throw new Error(`runbookBaseUrl must be an https URL such as https://github.com/org/repo/blob/main/runbooks, got "${runbookBaseUrl}"`);
  }
}

export interface AlarmDescriptionParts {
  /** What is wrong, one or two sentences. */
  readonly what: string;
  /** Likely causes, or `undefined` when `what` already names them. */
  readonly causes?: string;
  readonly runbookUrl: string;
}

/** `<what> Likely causes: <causes> Runbook: <url>`, checked against CloudWatch's length limit. */
export function alarmDescription(parts: AlarmDescriptionParts): string {
  const causes = parts.causes ? ` Likely causes: ${parts.causes}` : "";
  const text = `${parts.what}${causes} Runbook: ${parts.runbookUrl}`;
  if (text.length > MAX_ALARM_DESCRIPTION_LENGTH) {
    throw new Error(`alarm description is ${text.length} characters, CloudWatch allows ${MAX_ALARM_DESCRIPTION_LENGTH}: shorten it (${text.slice(0, 60)}...)`);
  }
  return text;
}

/** Pattern of the runbook link inside a description; the policy rule and tests use it. */
export const RUNBOOK_LINK_PATTERN = /Runbook: (https:\/\/\S+\/([a-z0-9-]+)\.md)$/;
