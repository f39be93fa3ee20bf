import type { BusinessLineConfig, EnvironmentConfig } from "./types";

/** Typed identity helper for `environments/<business-line>/business-line.ts`. */
export function defineBusinessLine(config: BusinessLineConfig): BusinessLineConfig {
  return config;
}

/** Typed identity helper for `environments/<business-line>/<stage>.ts` (the file's default export). */
export function defineEnvironment(config: EnvironmentConfig): EnvironmentConfig {
  return config;
}
