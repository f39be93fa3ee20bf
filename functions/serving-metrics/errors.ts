/** Named errors of the serving-metrics bridge. */

/** A bad or missing environment variable: the cold start fails naming it. */
export class ConfigError extends Error {
  public override readonly name = "ConfigError";
}

/** The PromQL endpoint refused a query or answered something that is not the Prometheus API's JSON. */
export class PromqlQueryError extends Error {
  public override readonly name = "PromqlQueryError";
  constructor(
    message: string,
    /** HTTP status, when the endpoint answered. */
    public readonly status?: number,
  ) {
    super(message);
  }
}

/** Every query of a run failed: the run fails, so that the function's error alarm sees a blind bridge. */
export class BridgeRunFailedError extends Error {
  public override readonly name = "BridgeRunFailedError";
}
