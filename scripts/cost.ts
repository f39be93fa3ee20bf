/**
 * `npm run cost -- [<business-line>/<stage> ...] [--format json] [traffic flags]`: the monthly cost
 * of the observability overhead of an environment (every environment when none is named), from
 * its synthesized AWS stack, the metric catalogue and a stated traffic profile, with the prices of
 * scripts/cost/prices.ts, compared with the source article's figures.
 */
import * as path from "node:path";
import { App, Testing } from "cdktf";
import { loadEnvironments } from "../config/discover";
import type { ResolvedEnvironment } from "../config/resolved";
import { ObservabilityStack } from "../stacks/observability-stack";
import { estimateCost } from "./cost/estimate";
import { type CostEstimate, DEFAULT_PROFILE, type TrafficProfile } from "./cost/profile";
import { PRICES, PRICES_CHECKED_ON, PRICE_REGION, SA_EAST_1_FALLBACK } from "./cost/prices";
import { type CommandSpec, numberFlag, parseCommandLine, runAsMain, UsageError } from "./cli/command-line";
import { projectRoot } from "./cli/project-root";
import { loadTypeScriptFiles } from "./cli/typescript-files";

const ROOT = projectRoot();

/** Each traffic flag, the profile field it sets and what it means. */
const TRAFFIC_FLAGS = {
  "requests-per-day": ["requestsPerDay", "requests a day (default: the source article's 10,000)"],
  "prompt-tokens": ["promptTokens", "prompt tokens per request"],
  "completion-tokens": ["completionTokens", "completion tokens per request"],
  "ttft-ms": ["ttftMs", "time to first token, ms"],
  "itl-ms": ["itlMs", "inter-token latency, ms"],
  "tokens-per-second": ["tokensPerSecondPerInstance", "generated tokens per second per instance (the endpoint's own cost per token)"],
  "flagged-share": ["flaggedShare", "share of requests the guardrail flags (judged at 100 %)"],
  "low-confidence-share": ["lowConfidenceShare", "share of low-confidence answers (judged at 100 %)"],
  "judge-input-tokens": ["judgeInputTokens", "judge input tokens per evaluation (default: sized from the evaluator's own judge request)"],
  "judge-output-tokens": ["judgeOutputTokens", "judge output tokens per evaluation"],
  "log-bytes-per-request": ["logBytesPerRequest", "log bytes per request"],
  "grafana-editors": ["grafanaEditors", "Managed Grafana editor licences"],
  "grafana-viewers": ["grafanaViewers", "Managed Grafana viewer licences"],
  "judge-latency-seconds": ["judgeLatencySeconds", "seconds per judge call (the evaluator's Lambda duration)"],
} as const satisfies Record<string, readonly [keyof TrafficProfile, string]>;

export const COST_COMMAND = {
  name: "npm run cost --",
  summary:
    "the monthly cost of the observability overhead of each named environment (every environment when none is named), from its synthesized AWS stack, the metric catalogue and a traffic profile",
  positionals: { usage: "[<business-line>/<stage> ...]" },
  options: {
    format: { type: "string", value: "text|json", help: "json prints { environment, monthlyUsd, items } for pipelines (default text)" },
    ...(Object.fromEntries(
      Object.entries(TRAFFIC_FLAGS).map(([flag, [field, help]]) => [
        flag,
        { type: "string", value: "<n>", help: `${help} (default ${DEFAULT_PROFILE[field as keyof TrafficProfile]})` },
      ]),
    ) as Record<keyof typeof TRAFFIC_FLAGS, { type: "string"; value: string; help: string }>),
  },
} as const satisfies CommandSpec;

export interface CostArgs {
  readonly environments: readonly string[];
  readonly format: "text" | "json";
  readonly profile: TrafficProfile;
}

/** The cost command's arguments; a UsageError names the bad flag and what it allows. */
export function parseCostArgs(argv: readonly string[]): CostArgs {
  const parsed = parseCommandLine(COST_COMMAND, argv);
  if (parsed === "help") throw new UsageError("--help is answered by the command, not here");
  const { values, positionals } = parsed;
  const format = values.format ?? "text";
  if (format !== "json" && format !== "text") throw new UsageError(`--format must be json or text, got "${format}"`);
  const profile: Record<string, number> = { ...DEFAULT_PROFILE };
  for (const [flag, [field]] of Object.entries(TRAFFIC_FLAGS)) {
    profile[field] = numberFlag(flag, values[flag as keyof typeof TRAFFIC_FLAGS], profile[field]!);
  }
  return { environments: positionals, format, profile: profile as unknown as TrafficProfile };
}

/** `retail-banking/prod` or `retail-banking-prod` -> the environment. */
function resolveEnvironments(names: readonly string[]): ResolvedEnvironment[] {
  loadTypeScriptFiles(ROOT);
  const all = loadEnvironments(path.join(ROOT, "environments"), ROOT);
  if (names.length === 0) return all;
  return names.map((name) => {
    const found = all.find((e) => e.id === name || `${e.businessLine.name}/${e.stage}` === name);
    if (!found) throw new UsageError(`no environment "${name}"; known: ${all.map((e) => `${e.businessLine.name}/${e.stage}`).join(", ")}`);
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
    `prices: ${PRICE_REGION} list prices checked ${PRICES_CHECKED_ON} (scripts/cost/prices.ts)${estimate.region === PRICE_REGION ? "" : `, a marked FALLBACK for ${estimate.region} (no ${estimate.region} figure on the AWS pages searched ${SA_EAST_1_FALLBACK.searchedOn})`}`,
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
  out.push("", "against the source article:");
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

function main(argv: readonly string[]): number {
  const args = parseCostArgs(argv);
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

// The spec answers --help and usage errors; parseCostArgs re-reads the line for its own checks.
if (require.main === module) runAsMain(COST_COMMAND, () => main(process.argv.slice(2)));
