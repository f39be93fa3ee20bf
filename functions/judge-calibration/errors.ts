/** Named errors of the calibration function. */

/** A configuration variable is missing or invalid: fix the function's environment and redeploy. */
export class ConfigError extends Error {
  public override readonly name = "ConfigError";
}

/** The event asks for something this function cannot do (an unknown task, a pair it is not configured for). */
export class InvalidTaskError extends Error {
  public override readonly name = "InvalidTaskError";
}
