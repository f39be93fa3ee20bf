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
import { screenshot } from "./report/chromium";
import { writeHtmlReport } from "./report/html-report";
import { summarize } from "./report/summary";
import { textReport } from "./report/text-report";
import { DEFAULT_OPTIONS, DemoAborted, type DemoOptions, invariantLine, ROOT, runDemo } from "./run";

const HELP = `npm run demo -- [options]
  --requests <n>               requests sent through the gateway (default ${DEFAULT_OPTIONS.requests})
  --duration <seconds>         how long the traffic lasts (default ${DEFAULT_OPTIONS.durationMs / 1000})
  --seed <text>                seed of every random draw (default ${DEFAULT_OPTIONS.seed})
  --environment <bl>/<stage>   run with an environment file of environments/ (default: the demo's own, demo/environment.ts)
  --judge-throttle-rate <0-1>  share of judge calls answered ThrottlingException (default ${DEFAULT_OPTIONS.judgeThrottleRate})
  --comprehend-error-rate <0-1> share of Comprehend calls answered InternalServerException (default ${DEFAULT_OPTIONS.comprehendErrorRate})
  --malformed-rate <0-1>       share of inference-log lines truncated on the way to S3 (default ${DEFAULT_OPTIONS.malformedRate})
  --gateway-instances <n>      gateway execution environments (worker threads) (default ${DEFAULT_OPTIONS.gatewayInstances})
  --out <dir>                  where the HTML report goes (default cdktf.out/demo)
  --no-html                    skip the HTML report
  --screenshot <png>           also save a screenshot of the HTML report (needs Debian's chromium)
  --quiet                      no progress lines`;

export interface CliOptions extends Omit<DemoOptions, "onProgress" | "signal"> {
  readonly out: string;
  readonly html: boolean;
  readonly quiet: boolean;
  readonly screenshot?: string;
}

/** Parses the flags; throws with a message naming the bad flag. */
export function parseArgs(argv: readonly string[]): CliOptions | "help" {
  const options: Record<string, unknown> = { ...DEFAULT_OPTIONS, out: path.join(ROOT, "cdktf.out", "demo"), html: true, quiet: false };
  const rate = (flag: string, value: string): number => {
    const n = Number(value);
    if (!(n >= 0 && n <= 1)) throw new Error(`${flag} must be a share from 0 to 1, got "${value}"`);
    return n;
  };
  const positive = (flag: string, value: string): number => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0)) throw new Error(`${flag} must be a positive number, got "${value}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--help":
      case "-h":
        return "help";
      case "--requests":
        options.requests = Math.round(positive(flag, value()));
        break;
      case "--duration":
        options.durationMs = Math.round(positive(flag, value()) * 1000);
        break;
      case "--seed":
        options.seed = value();
        break;
      case "--environment":
        options.environment = value();
        break;
      case "--judge-throttle-rate":
        options.judgeThrottleRate = rate(flag, value());
        break;
      case "--comprehend-error-rate":
        options.comprehendErrorRate = rate(flag, value());
        break;
      case "--malformed-rate":
        options.malformedRate = rate(flag, value());
        break;
      case "--gateway-instances":
        options.gatewayInstances = Math.round(positive(flag, value()));
        break;
      case "--out":
        options.out = path.resolve(value());
        break;
      case "--no-html":
        options.html = false;
        break;
      case "--screenshot":
        options.screenshot = path.resolve(value());
        break;
      case "--quiet":
        options.quiet = true;
        break;
      default:
        throw new Error(`unknown flag ${flag}; try --help`);
    }
  }
  return options as unknown as CliOptions;
}

async function main(): Promise<number> {
  let cli: CliOptions | "help";
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`demo: ${(error as Error).message}\n`);
    return 2;
  }
  if (cli === "help") {
    process.stdout.write(`${HELP}\n`);
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
