/** One preflight check, and the helpers the preflight's parts build them with. */

/** One assumption of the deploy and how to verify it. */
export interface PreflightCheck {
  /** What it is about, e.g. `vpc`, `state bucket`. */
  readonly subject: string;
  /** What must already be true. */
  readonly assumption: string;
  /** Read-only command that shows it (AWS CLI, or a local one). */
  readonly command: string;
  /** What the command must show. */
  readonly expect: string;
}

export function check(subject: string, assumption: string, command: string, expect: string): PreflightCheck {
  return { subject, assumption, command, expect };
}

/** A list of checks and the function that adds one, for a part that adds them as it goes. */
export function collect(): { readonly checks: PreflightCheck[]; readonly add: (subject: string, assumption: string, command: string, expect: string) => void } {
  const checks: PreflightCheck[] = [];
  return { checks, add: (subject, assumption, command, expect) => checks.push(check(subject, assumption, command, expect)) };
}

/** `value` quoted for a POSIX shell when it needs it. */
export const q = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`);
