/** What the bridge needs from the outside world: a PromQL instant query. */

/** One series of an instant vector: its labels and its value at the evaluation time. */
export interface InstantSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromqlQuerier {
  /** Evaluates `expression` at `at` (`/api/v1/query`); an empty result is an empty list. */
  instantQuery(expression: string, at: Date): Promise<InstantSample[]>;
}
