/**
 * One command-line style for every script: `node:util`'s parseArgs in strict mode, `--help` on every
 * command, unknown flags and malformed values rejected with exit code 2 (usage error), as the
 * command-line tools people hold up as models do.
 */
import * as path from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** A command's whole interface: what `--help` prints and what the parser accepts. */
export interface CommandSpec<O extends Options = Options> {
  /** How a user runs it, e.g. `npm run cost --`. */
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  /** The positional arguments, e.g. `[<business-line>/<stage> ...]`; none when absent. */
  readonly positionals?: { readonly usage: string; readonly min?: number; readonly max?: number };
  /** Each option, with the help line shown for it (`<value>` placeholders included). */
  readonly options: { readonly [K in keyof O]: O[K] & { readonly help: string; readonly value?: string } };
  /** Paragraphs printed after the options (exit codes, examples). */
  readonly notes?: readonly string[];
}

/** A problem with how the command was called: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  public override readonly name = "UsageError";
}

type Values<O extends Options> = {
  -readonly [K in keyof O]?: O[K]["type"] extends "boolean"
    ? O[K]["multiple"] extends true
      ? boolean[]
      : boolean
    : O[K]["multiple"] extends true
      ? string[]
      : string;
};

export interface ParsedCommandLine<O extends Options> {
  readonly values: Values<O>;
  readonly positionals: readonly string[];
}

/**
 * How the user ran the command: the package's bin name (`llmobs-cost`) when run as one, else the
 * spec's `npm run` form.
 */
function shownName(spec: CommandSpec): string {
  const bin = /^(llmobs-[a-z-]+)(\.js)?$/.exec(path.basename(process.argv[1] ?? ""));
  return bin ? bin[1]! : spec.name;
}

/** The text `--help` prints. */
export function helpText(spec: CommandSpec): string {
  const usage = `usage: ${shownName(spec)}${spec.positionals ? ` ${spec.positionals.usage}` : ""} [options]`;
  const rows = Object.entries(spec.options).map(([key, option]) => {
    const short = option.short ? `-${option.short}, ` : "";
    const value = option.type === "string" ? ` ${option.value ?? "<value>"}` : "";
    return [`  ${short}--${key}${value}`, option.help] as const;
  });
  rows.push(["  -h, --help", "print this help and exit"]);
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const lines = [usage, "", spec.summary, "", "options:", ...rows.map(([flag, help]) => `${flag.padEnd(width)}${help}`)];
  for (const note of spec.notes ?? []) lines.push("", note);
  return `${lines.join("\n")}\n`;
}

/** Parses `argv` by `spec`; "help" when `--help` was asked. Throws UsageError on anything else wrong. */
export function parseCommandLine<O extends Options>(spec: CommandSpec<O>, argv: readonly string[]): ParsedCommandLine<O> | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  const options: Options = {};
  for (const [key, { help: _help, value: _value, ...option }] of Object.entries(spec.options)) options[key] = option;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: spec.positionals !== undefined });
  } catch (error) {
    // Node's messages name the flag; drop its advice about `--` and its error-code prefix.
    throw new UsageError((error as Error).message.split(/\. To specify a positional argument/)[0]!);
  }
  const { min = 0, max = Number.POSITIVE_INFINITY } = spec.positionals ?? {};
  if (parsed.positionals.length < min) throw new UsageError(`expected ${spec.positionals!.usage}`);
  if (parsed.positionals.length > max)
    throw new UsageError(`too many arguments: ${parsed.positionals.length} given, at most ${max} (${spec.positionals!.usage})`);
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

/** A non-negative number from a flag's value, or a UsageError naming the flag. */
export function numberFlag(flag: string, value: string | undefined, fallback: number, { min = 0, integer = false } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} must be ${integer ? "an integer" : "a number"} of at least ${min}, got "${value}"`);
  }
  return n;
}

/**
 * Runs a command: parses, answers `--help` (exit 0), reports usage errors (exit 2), then hands the
 * parsed line to `main`, whose return value is the exit code. A UsageError `main` throws is a usage
 * error too.
 */
export async function runCommand<O extends Options>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  main: (args: ParsedCommandLine<O>) => number | Promise<number>,
): Promise<number> {
  try {
    const parsed = parseCommandLine(spec, argv);
    if (parsed === "help") {
      process.stdout.write(helpText(spec));
      return 0;
    }
    return await main(parsed);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${shownName(spec)}: ${error.message}\nrun with --help for usage\n`);
    return 2;
  }
}

/** `runCommand` as a script's entry point: sets the exit code; an unexpected error prints one line, exit 1. */
export function runAsMain<O extends Options>(spec: CommandSpec<O>, main: (args: ParsedCommandLine<O>) => number | Promise<number>): void {
  runCommand(spec, process.argv.slice(2), main).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${shownName(spec)}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
