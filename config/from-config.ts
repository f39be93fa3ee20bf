import { checkAcrossEnvironments } from "./across-environments";
import { EnvironmentConfigError } from "./errors";
import { resolveEnvironment, type ResolvedEnvironment } from "./resolved";
import type { EnvironmentConfig } from "./types";
import { validateEnvironment } from "./validate";

/**
 * Validates one environment written in code (an app of your own, no `environments/` folder) and
 * applies every default. Throws an `EnvironmentConfigError` listing every problem, each naming
 * `source`, the field and what is allowed.
 *
 * @param source where the config is written, shown in every message (e.g. `"main.ts"`)
 * @example new ObservabilityStack(app, "cards-prod", { environment: environmentFromConfig(config, "main.ts") })
 */
export function environmentFromConfig(config: EnvironmentConfig, source: string): ResolvedEnvironment {
  const problems = validateEnvironment(config, source);
  if (problems.length > 0) throw new EnvironmentConfigError(problems);
  // Alone, as far as this app knows: the account checks see this one environment.
  const across = checkAcrossEnvironments([resolveEnvironment(config, source)]);
  if (across.problems.length > 0) throw new EnvironmentConfigError(across.problems);
  return across.environments[0]!;
}
