/**
 * What a function's environment variable is, and how a function reads one: the shapes the
 * per-function contracts (`evaluator-environment.ts`, `pii-canary-environment.ts`,
 * `quality-publisher-environment.ts`) declare their variables in, and the readers each function's
 * `config.ts` uses, throwing that function's own configuration error.
 */

/** A function's environment, as Lambda gives it (`process.env`). */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** A numeric environment variable: its name, default (absent: required) and allowed range. */
export interface NumberVariable {
  readonly name: string;
  readonly default?: number;
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
}

/** Powertools' service name: the `service` key of every log line of a function. */
export const SERVICE_NAME_VARIABLE = "POWERTOOLS_SERVICE_NAME";

/** The error a function throws for a bad environment (each function has its own `ConfigError`). */
export type ConfigErrorClass = new (message: string) => Error;

/** The trimmed value of a variable that must be set; `error` when it is unset or blank. */
export function requiredVariable(env: EnvironmentVariables, name: string, error: ConfigErrorClass): string {
  const value = env[name]?.trim();
  if (!value) throw new error(`environment variable ${name} is required`);
  return value;
}

/** Whether `value` lies in the variable's range (and is whole where it must be). */
export function withinRange(value: number, variable: Pick<NumberVariable, "min" | "max" | "integer">): boolean {
  const whole = variable.integer ? Number.isInteger(value) : Number.isFinite(value);
  return whole && value >= variable.min && value <= variable.max;
}

/** A numeric variable: its default when unset (`error` when it has none), else its value checked against its range. */
export function numberVariable(env: EnvironmentVariables, variable: NumberVariable, error: ConfigErrorClass): number {
  const raw = env[variable.name]?.trim();
  if (!raw) {
    if (variable.default === undefined) throw new error(`environment variable ${variable.name} is required`);
    return variable.default;
  }
  const value = Number(raw);
  if (!withinRange(value, variable)) {
    const kind = variable.integer ? "a whole number" : "a number";
    throw new error(`environment variable ${variable.name} must be ${kind} from ${variable.min} to ${variable.max}, got "${raw}"`);
  }
  return value;
}
