/** One assumption of the deploy and how to verify it (what `npm run preflight` prints, one per check). */
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
