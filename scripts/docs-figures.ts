/**
 * `npm run docs:figures [-- --write]`: the figures the README shows, each produced by the command
 * that owns it. Without `--write` it compares the marked blocks of the README and the docs with what the commands
 * print now and exits 1 on any drift (a test runs it); `--write` rewrites the blocks.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandSpec, runAsMain } from "./cli/command-line";
import { replaceMarkedBlock } from "./docs/marked-block";

const ROOT = path.resolve(__dirname, "..");
/** The environment whose cost the README and the cost reference show. */
const COST_ENVIRONMENT = "retail-banking/prod";

interface CostJson {
  readonly environment: string;
  readonly monthlyUsd: number;
  readonly items: readonly { readonly name: string; readonly monthlyUsd: number; readonly basis: string }[];
}

const usd = (n: number): string => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const runCost = (...args: string[]): string =>
  execFileSync(process.execPath, [require.resolve("tsx/cli"), "scripts/cost.ts", COST_ENVIRONMENT, ...args], { cwd: ROOT, encoding: "utf8" });

let costJson: CostJson | undefined;
const costEstimate = (): CostJson => {
  costJson ??= JSON.parse(runCost("--format", "json")) as CostJson;
  return costJson;
};

/** The README's cost block: the five largest items and the total, as `npm run cost` prices them. */
function costSummary(): string {
  const estimate = costEstimate();
  const largest = [...estimate.items].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 5);
  const rest = estimate.monthlyUsd - largest.reduce((n, i) => n + i.monthlyUsd, 0);
  return [
    "| item | USD/month |",
    "| --- | ---: |",
    ...largest.map((i) => `| ${i.name} | ${usd(i.monthlyUsd)} |`),
    `| everything else | ${usd(rest)} |`,
    `| **total** | **${usd(estimate.monthlyUsd)}** |`,
  ].join("\n");
}

/** The cost reference's table: every item with its basis, and the total. */
function costItems(): string {
  const estimate = costEstimate();
  return [
    "| item | USD/month | basis |",
    "| --- | ---: | --- |",
    ...estimate.items.map((i) => `| ${i.name} | ${usd(i.monthlyUsd)} | ${i.basis} |`),
    `| **total** | **${usd(estimate.monthlyUsd)}** | |`,
  ].join("\n");
}

/** The cost reference's comparison with the source article, as the text report words it. */
function costAgainstArticle(): string {
  const text = runCost();
  const start = text.indexOf("against the source article:");
  if (start < 0) throw new Error("npm run cost printed no comparison with the source article");
  const section = text.slice(start).split("\n\n")[0]!.split("\n").slice(1);
  return ["```text", ...section, "```"].join("\n");
}

/** Each generated block: the file that shows it, and the command output it must equal. */
const BLOCKS: readonly { readonly file: string; readonly name: string; readonly make: () => string }[] = [
  { file: "README.md", name: "cost", make: costSummary },
  { file: "docs/reference/cost.md", name: "cost-items", make: costItems },
  { file: "docs/reference/cost.md", name: "cost-article", make: costAgainstArticle },
];

export const DOCS_FIGURES_COMMAND = {
  name: "npm run docs:figures --",
  summary: "compares the generated figures of the README and the docs with what their commands print now (exit 1 on drift)",
  options: { write: { type: "boolean", help: "rewrite the marked blocks instead of comparing" } },
} as const satisfies CommandSpec;

function main(write: boolean): number {
  const drifted: string[] = [];
  for (const file of new Set(BLOCKS.map((b) => b.file))) {
    const current = fs.readFileSync(path.join(ROOT, file), "utf8");
    let fresh = current;
    for (const block of BLOCKS.filter((b) => b.file === file)) fresh = replaceMarkedBlock(fresh, "figures", block.name, `${block.make()}\n`, file);
    if (fresh === current) continue;
    if (write) fs.writeFileSync(path.join(ROOT, file), fresh);
    else drifted.push(file);
  }
  if (drifted.length > 0) {
    process.stderr.write(`docs:figures: ${drifted.join(", ")} show figures that differ from what the commands print; run npm run docs:figures -- --write\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) runAsMain(DOCS_FIGURES_COMMAND, ({ values }) => main(values.write === true));
