/**
 * `npm run cost -- [<business-line>/<stage> ...] [--format json] [traffic flags]`: the monthly cost
 * of the observability overhead of an environment (every environment when none is named), from
 * its synthesized AWS stack, the metric catalogue and a stated traffic profile, with the prices of
 * scripts/cost/prices.ts, compared with the article's figures.
 */
import * as path from "node:path";
import { App, Testing } from "cdktf";
import { loadEnvironments } from "../config/discover";
import type { ResolvedEnvironment } from "../config/resolved";
import { ObservabilityStack } from "../stacks/observability-stack";
import { type CostEstimate, DEFAULT_PROFILE, estimateCost, type TrafficProfile } from "./cost/estimate";
import { PRICES, PRICES_CHECKED_ON, PRICE_REGION } from "./cost/prices";

const ROOT = path.resolve(__dirname, "..");

const FLAGS: Readonly<Record<string, keyof TrafficProfile>> = {
  "--requests-per-day": "requestsPerDay",
  "--prompt-tokens": "promptTokens",
  "--completion-tokens": "completionTokens",
  "--ttft-ms": "ttftMs",
  "--itl-ms": "itlMs",
  "--tokens-per-second": "tokensPerSecondPerInstance",
  "--flagged-share": "flaggedShare",
  "--low-confidence-share": "lowConfidenceShare",
  "--judge-input-tokens": "judgeInputTokens",
  "--judge-output-tokens": "judgeOutputTokens",
  "--log-bytes-per-request": "logBytesPerRequest",
  "--grafana-editors": "grafanaEditors",
  "--grafana-viewers": "grafanaViewers",
  "--judge-latency-seconds": "judgeLatencySeconds",
};

export interface CostArgs {
  readonly environments: readonly string[];
  readonly format: "text" | "json";
  readonly profile: TrafficProfile;
}

export function parseCostArgs(argv: readonly string[]): CostArgs {
  const environments: string[] = [];
  let format: "text" | "json" = "text";
  const profile: Record<string, number> = { ...DEFAULT_PROFILE };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--format") {
      const value = argv[++i];
      if (value !== "json" && value !== "text") throw new Error(`--format must be json or text, got "${value}"`);
      format = value;
    } else if (FLAGS[arg]) {
      const value = Number(argv[++i]);
      if (!(Number.isFinite(value) && value >= 0)) throw new Error(`${arg} must be a number of at least 0, got "${argv[i]}"`);
      profile[FLAGS[arg]!] = value;
    } else if (arg.startsWith("--")) {
      throw new Error(`unknown flag ${arg}; flags: --format json|text, ${Object.keys(FLAGS).join(", ")}`);
    } else {
      environments.push(arg);
    }
  }
  return { environments, format, profile: profile as unknown as TrafficProfile };
}

/** `retail-banking/prod` or `retail-banking-prod` -> the environment. */
function resolveEnvironments(names: readonly string[]): ResolvedEnvironment[] {
  const all = loadEnvironments(path.join(ROOT, "environments"), ROOT);
  if (names.length === 0) return all;
  return names.map((name) => {
    const found = all.find((e) => e.id === name || `${e.businessLine.name}/${e.stage}` === name);
    if (!found) throw new Error(`no environment "${name}"; known: ${all.map((e) => `${e.businessLine.name}/${e.stage}`).join(", ")}`);
    return found;
  });
}

/** The environment's AWS stack, synthesized in memory. */
export function synthesizedStack(environment: ResolvedEnvironment): Record<string, any> {
  const app = new App({ stackTraces: false });
  return JSON.parse(Testing.synth(new ObservabilityStack(app, environment.id, { environment }))) as Record<string, any>;
}

const usd = (n: number): string => `$${n.toFixed(2)}`;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if ((line + word).length > width && line) {
      lines.push(line.trimEnd());
      line = "";
    }
    line += `${word} `;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

export function costTable(estimate: CostEstimate): string {
  const p = estimate.profile;
  const nameWidth = Math.max(...estimate.items.map((i) => i.name.length), 5);
  const out: string[] = [
    `${estimate.environment} (${estimate.region}): observability overhead per month`,
    `traffic: ${p.requestsPerDay.toLocaleString("en-US")} requests/day, ${p.promptTokens} prompt + ${p.completionTokens} completion tokens, TTFT ${p.ttftMs} ms, ITL ${p.itlMs} ms`,
    `prices: ${PRICE_REGION} list prices checked ${PRICES_CHECKED_ON} (scripts/cost/prices.ts)`,
    "",
    `${"item".padEnd(nameWidth)}  ${"USD/month".padStart(10)}  basis`,
  ];
  for (const item of estimate.items) {
    const basis = wrap(item.basis, 100);
    out.push(`${item.name.padEnd(nameWidth)}  ${usd(item.monthlyUsd).padStart(10)}  ${basis[0] ?? ""}`);
    for (const more of basis.slice(1)) out.push(`${"".padEnd(nameWidth)}  ${"".padStart(10)}  ${more}`);
  }
  out.push(`${"total".padEnd(nameWidth)}  ${usd(estimate.monthlyUsd).padStart(10)}`);
  out.push(
    "",
    `for scale, the endpoint itself: ${usd(estimate.endpoint.monthlyUsd)}/month, $${estimate.endpoint.per1kTokensUsd.toFixed(5)} per 1,000 generated tokens (${estimate.endpoint.basis}); the overhead is ${((100 * estimate.monthlyUsd) / estimate.endpoint.monthlyUsd).toFixed(1)} % of it`,
  );
  out.push("", "against the article:");
  for (const a of estimate.article) {
    out.push(`- ${a.claim}: ours ${a.ours}.`);
    for (const line of wrap(`why: ${a.why}.`, 118)) out.push(`  ${line}`);
  }
  if (estimate.notes.length > 0) out.push("", ...estimate.notes.map((n) => `note: ${n}`));
  return out.join("\n");
}

function priceSources(): string {
  const rows = Object.entries(PRICES).map(
    ([key, price]) => `  ${key.padEnd(27)} $${String(price.usd).padEnd(12)} ${price.unit.padEnd(60).slice(0, 60)} ${price.checked.padEnd(11)} ${price.source}`,
  );
  return [
    `price table (${PRICE_REGION}, checked ${PRICES_CHECKED_ON}; aws-page = read on the AWS page, third-party = read in a summary of it, unconfirmed = not seen here):`,
    ...rows,
  ].join("\n");
}

function main(): number {
  let args: CostArgs;
  try {
    args = parseCostArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`cost: ${(error as Error).message}\n`);
    return 2;
  }
  const environments = resolveEnvironments(args.environments);
  const estimates = environments.map((environment) => estimateCost(environment, synthesizedStack(environment), args.profile));
  if (args.format === "json") {
    const shape = (e: CostEstimate) => ({
      environment: e.environment,
      monthlyUsd: e.monthlyUsd,
      items: e.items.map(({ name, monthlyUsd, basis }) => ({ name, monthlyUsd, basis })),
    });
    const value = estimates.length === 1 ? shape(estimates[0]!) : estimates.map(shape);
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${estimates.map(costTable).join("\n\n")}\n\n${priceSources()}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main();
