/** Named errors of the quality publisher. */

/** A configuration variable is missing or invalid: fix the function's environment and redeploy. */
export class ConfigError extends Error {
  public override readonly name = "ConfigError";
}

/** A stream image is not a score item this publisher understands: it is logged and skipped. */
export class InvalidScoreItemError extends Error {
  public override readonly name = "InvalidScoreItemError";
}
