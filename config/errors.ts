/** One problem in one environment file: where it is, what was found, and what is allowed. */
export interface ConfigProblem {
  /** Environment file, relative to the project root, e.g. `environments/retail-banking/prod.ts`. */
  readonly file: string;
  /** Dotted path of the field, e.g. `model.instanceType`. */
  readonly field: string;
  /** The offending value, as written in the file. */
  readonly value: unknown;
  /** What is allowed instead. */
  readonly allowed: string;
}

export function formatProblem(problem: ConfigProblem): string {
  const shown = problem.value === undefined ? "missing" : JSON.stringify(problem.value);
  return `${problem.file}: ${problem.field} is ${shown}; ${problem.allowed}`;
}

/** Thrown at synth when any environment file is invalid. Lists every problem of every file. */
export class EnvironmentConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid environment configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "EnvironmentConfigError";
  }
}
