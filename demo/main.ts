/**
 * `npm run demo`: the whole pipeline on embedded services, a report, an HTML report, and the
 * line pipelines read last.
 *
 * Usage: npm run demo -- [--requests 2000] [--duration 25] [--seed llmobs] [--environment sandbox/sandbox]
 *                        [--judge-throttle-rate 0.02] [--comprehend-error-rate 0.02] [--malformed-rate 0.01]
 *                        [--out cdktf.out/demo] [--no-html] [--screenshot docs/demo-report.png] [--quiet]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandSpec, helpText, parseCommandLine, UsageError } from "../scripts/cli/command-line";
import { screenshot } from "./report/chromium";
import { writeHtmlReport } from "./report/html-report";
import { summarize } from "./report/summary";
import { textReport } from "./report/text-report";
import { invariantLine } from "./accounting";
import { DEFAULT_OPTIONS, type DemoOptions } from "./options";
import { DemoAborted } from "./phases/context";
import { ROOT, runDemo } from "./run";

export const DEMO_COMMAND = {
  name: "npm run demo --",
  summary: "the whole pipeline on local services (no AWS account, no network): a text report, an HTML report and the count invariant as the last line",
  options: {
    requests: { type: "string", value: "<n>", help: `requests sent through the gateway (default ${DEFAULT_OPTIONS.requests})` },
    duration: { type: "string", value: "<seconds>", help: `how long the traffic lasts (default ${DEFAULT_OPTIONS.durationMs / 1000})` },
    seed: { type: "string", value: "<text>", help: `seed of every random draw (default ${DEFAULT_OPTIONS.seed})` },
    environment: {
      type: "string",
      value: "<bl>/<stage>",
      help: "run with an environment file of environments/ (default: the demo's own environment)",
    },
    "judge-throttle-rate": {
      type: "string",
      value: "<0-1>",
      help: `share of judge calls answered ThrottlingException (default ${DEFAULT_OPTIONS.judgeThrottleRate})`,
    },
    "comprehend-error-rate": {
      type: "string",
      value: "<0-1>",
      help: `share of Comprehend calls answered InternalServerException (default ${DEFAULT_OPTIONS.comprehendErrorRate})`,
    },
    "malformed-rate": {
      type: "string",
      value: "<0-1>",
      help: `share of inference-log lines truncated on the way to S3 (default ${DEFAULT_OPTIONS.malformedRate})`,
    },
    "gateway-instances": {
      type: "string",
      value: "<n>",
      help: `gateway execution environments (worker threads) (default ${DEFAULT_OPTIONS.gatewayInstances})`,
    },
    out: { type: "string", value: "<dir>", help: "where the HTML report goes (default cdktf.out/demo)" },
    "no-html": { type: "boolean", help: "skip the HTML report" },
    screenshot: { type: "string", value: "<png>", help: "also save a screenshot of the HTML report (needs Debian's chromium)" },
    quiet: { type: "boolean", help: "no progress lines" },
  },
  notes: ["exit codes: 0 nothing lost, 1 a record was lost or the run failed, 2 usage error, 130 interrupted"],
} as const satisfies CommandSpec;

export interface CliOptions extends Omit<DemoOptions, "onProgress" | "signal"> {
  readonly out: string;
  readonly html: boolean;
  readonly quiet: boolean;
  readonly screenshot?: string;
}

const share = (flag: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--${flag} must be a share from 0 to 1, got "${value}"`);
  return n;
};

const positive = (flag: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`--${flag} must be a positive number, got "${value}"`);
  return n;
};

/** Parses the flags; throws a UsageError naming the bad flag. */
export function parseArgs(argv: readonly string[]): CliOptions | "help" {
  const parsed = parseCommandLine(DEMO_COMMAND, argv);
  if (parsed === "help") return "help";
  const v = parsed.values;
  return {
    ...DEFAULT_OPTIONS,
    requests: Math.round(positive("requests", v.requests, DEFAULT_OPTIONS.requests)),
    durationMs: Math.round(positive("duration", v.duration, DEFAULT_OPTIONS.durationMs / 1000) * 1000),
    seed: v.seed ?? DEFAULT_OPTIONS.seed,
    ...(v.environment !== undefined ? { environment: v.environment } : {}),
    judgeThrottleRate: share("judge-throttle-rate", v["judge-throttle-rate"], DEFAULT_OPTIONS.judgeThrottleRate),
    comprehendErrorRate: share("comprehend-error-rate", v["comprehend-error-rate"], DEFAULT_OPTIONS.comprehendErrorRate),
    malformedRate: share("malformed-rate", v["malformed-rate"], DEFAULT_OPTIONS.malformedRate),
    gatewayInstances: Math.round(positive("gateway-instances", v["gateway-instances"], DEFAULT_OPTIONS.gatewayInstances)),
    out: path.resolve(v.out ?? path.join(ROOT, "cdktf.out", "demo")),
    html: v["no-html"] !== true,
    quiet: v.quiet === true,
    ...(v.screenshot !== undefined ? { screenshot: path.resolve(v.screenshot) } : {}),
  };
}

async function main(): Promise<number> {
  let cli: CliOptions | "help";
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${DEMO_COMMAND.name}: ${error.message}\nrun with --help for usage\n`);
    return 2;
  }
  if (cli === "help") {
    process.stdout.write(helpText(DEMO_COMMAND));
    return 0;
  }
  const { out, html, quiet, screenshot: screenshotPath, ...settings } = cli;
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\ndemo: ${signal}: stopping every local service...\n`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const tty = process.stderr.isTTY === true;
  let lastPrinted = 0;
  const progress = (line: string): void => {
    if (quiet) return;
    if (tty) process.stderr.write(`\r${line.padEnd(150).slice(0, Math.max(40, (process.stderr.columns ?? 150) - 1))}`);
    else if (Date.now() - lastPrinted >= 5_000 || line.startsWith("cleanup")) {
      process.stderr.write(`${line}\n`);
      lastPrinted = Date.now();
    }
  };
  const began = Date.now();
  try {
    if (!quiet)
      process.stderr.write(`demo: ${settings.requests} requests over ${settings.durationMs / 1000} s through the real handlers on local services...\n`);
    const result = await runDemo({ ...settings, onProgress: progress, signal: controller.signal });
    if (tty && !quiet) process.stderr.write("\n");
    const summary = summarize(result);
    let htmlPath: string | undefined;
    if (html) {
      fs.mkdirSync(out, { recursive: true });
      htmlPath = writeHtmlReport(result, summary, out);
      if (screenshotPath) screenshot(htmlPath, screenshotPath, 1640, 2150);
    }
    process.stdout.write(`${textReport(result, summary, htmlPath ? path.relative(process.cwd(), htmlPath) : undefined)}\n`);
    process.stdout.write(`\ndemo: finished in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
    process.stdout.write(`${invariantLine(result.accounting)}\n`);
    return result.accounting.lost === 0 ? 0 : 1;
  } catch (error) {
    if (tty && !quiet) process.stderr.write("\n");
    if (error instanceof DemoAborted || controller.signal.aborted) {
      process.stderr.write("demo: interrupted; every local service was stopped\n");
      return 130;
    }
    process.stderr.write(`demo: failed: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
    // Everything is stopped; do not let a stray handle keep the process alive.
    setTimeout(() => process.exit(code), 2_000).unref();
  });
}
