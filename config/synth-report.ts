/**
 * What an app prints at synth: one line per environment on success, or the list of problems and
 * exit code 1, with no stack trace (the problems are the user's to fix, not a crash of the code).
 */
import { loadEnvironments } from "./discover";
import { EnvironmentConfigError } from "./errors";
import { stackIdsOf } from "./resolved-checks";
import type { ResolvedEnvironment } from "./resolved";

/** `loadEnvironments`, or, when a file is invalid, every problem on stderr and exit code 1. */
export function loadEnvironmentsOrExit(environmentsDir: string, projectRoot: string, only: readonly string[] = []): ResolvedEnvironment[] {
  try {
    return loadEnvironments(environmentsDir, projectRoot, only);
  } catch (error) {
    if (!(error instanceof EnvironmentConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** One line per environment: its id, its file and the stacks synthesized for it. */
export function synthSummary(environments: readonly ResolvedEnvironment[]): string {
  return environments.map((env) => `synthesized ${env.id} (${env.file}): ${stackIdsOf(env).join(", ")}\n`).join("");
}
