/**
 * Offline plan: synthesizes every environment, then runs the real hashicorp/aws provider
 * (`terraform init` from a local provider mirror, `terraform plan` with mock credentials and the
 * provider's skip flags) on every stack that uses the AWS provider alone. The provider validates
 * every attribute, so a plan that passes here is accepted by the provider before anyone holds
 * credentials. Writes `terraform show -json` of each plan to `cdktf.out/stacks/<stack>/plan.json`
 * (or under CDKTF_OUTDIR when set).
 *
 * Mirror location: TF_PROVIDER_MIRROR (a directory holding registry.terraform.io/hashicorp/aws/...),
 * else discovered by searching the usual install roots for the pinned provider version.
 *
 * Usage: npm run plan:offline [-- <stack> ...]
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CommandSpec, runAsMain } from "./cli/command-line";

const PROJECT_ROOT = path.resolve(__dirname, "..");
/** Where `main.ts` wrote the stacks (cdktf's own CDKTF_OUTDIR, as `cdktf synth` sets it). */
function stacksDir(): string {
  return path.join(path.resolve(PROJECT_ROOT, process.env.CDKTF_OUTDIR ?? "cdktf.out"), "stacks");
}
/** The provider version @cdktf/provider-aws 20.1.0 generates bindings for. */
export const AWS_PROVIDER_VERSION = "5.100.0";
const OVERRIDE_FILE = "zz_offline_plan_override.tf.json";
/** Warnings that mean an attribute value would be refused at apply time. */
const INVALID_VALUE_WARNING = /invalid|not a valid|expected .* to be|must be|deprecated|is not supported/i;

export interface StackPlanResult {
  readonly stack: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly resourceCount: number;
  readonly problems: readonly string[];
}

/** Finds the local provider mirror: TF_PROVIDER_MIRROR, else a search of the usual install roots. */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string {
  const marker = path.join("registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION);
  if (env.TF_PROVIDER_MIRROR) {
    if (!fs.existsSync(path.join(env.TF_PROVIDER_MIRROR, marker))) {
      throw new Error(`TF_PROVIDER_MIRROR=${env.TF_PROVIDER_MIRROR} does not contain ${marker}`);
    }
    return env.TF_PROVIDER_MIRROR;
  }
  const roots = [
    ...(env.XDG_DATA_HOME ? [path.join(env.XDG_DATA_HOME, "terraform", "plugins")] : []),
    path.join(os.homedir(), ".terraform.d", "plugins"),
    path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
    ...(env.XDG_DATA_DIRS ?? "/usr/local/share:/usr/share").split(":").map((d) => path.join(d, "terraform", "plugins")),
    "/opt",
    "/usr/local",
    "/usr/share",
  ];
  for (const root of roots) {
    const found = searchForMarker(root, marker, 3);
    if (found) return found;
  }
  throw new Error(`no local mirror of hashicorp/aws ${AWS_PROVIDER_VERSION} found; set TF_PROVIDER_MIRROR to a directory holding ${marker}`);
}

function searchForMarker(dir: string, marker: string, depth: number): string | undefined {
  if (fs.existsSync(path.join(dir, marker))) return dir;
  if (depth === 0) return undefined;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const found = searchForMarker(path.join(dir, entry.name), marker, depth - 1);
    if (found) return found;
  }
  return undefined;
}

/** Providers a synthesized stack configures. */
export function providersOf(stackJson: { provider?: Record<string, unknown>; terraform?: { required_providers?: Record<string, unknown> } }): string[] {
  return [...new Set([...Object.keys(stackJson.provider ?? {}), ...Object.keys(stackJson.terraform?.required_providers ?? {})])];
}

/**
 * Override merged into the stack: mock credentials and no calls to AWS, and a local backend in
 * place of the environment's S3 backend (an override's backend replaces the stack's own), so that
 * init reaches no state bucket or lock table.
 */
export function offlineOverride(aliases: readonly (string | undefined)[] = [undefined]): object {
  return {
    terraform: { backend: { local: { path: "offline-plan.tfstate" } } },
    provider: {
      // One block per AWS provider of the stack: Terraform merges override blocks by name and alias.
      aws: aliases.map((alias) => ({
        ...(alias ? { alias } : {}),
        access_key: "offline-plan",
        secret_key: "offline-plan",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: "true",
        // The account cannot be verified without STS; the real deploy still enforces the allowlist.
        allowed_account_ids: null,
      })),
    },
  };
}

/** Variables of the stack without a default: a deploy sets them (TF_VAR_<name>), the offline plan gives stand-ins. */
export function requiredVariables(stackJson: { variable?: Record<string, { default?: unknown }> }): string[] {
  return Object.entries(stackJson.variable ?? {})
    .filter(([, v]) => v.default === undefined)
    .map(([name]) => name);
}

/** Aliases of the stack's AWS providers (undefined for the default one). */
export function awsProviderAliases(stackJson: { provider?: { aws?: readonly { alias?: string }[] } }): (string | undefined)[] {
  const blocks = stackJson.provider?.aws ?? [];
  return blocks.length === 0 ? [undefined] : blocks.map((block) => block.alias);
}

function cliConfig(mirror: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

export async function planStack(stackDir: string, tfEnv: NodeJS.ProcessEnv): Promise<StackPlanResult> {
  const stack = path.basename(stackDir);
  const started = Date.now();
  const problems: string[] = [];
  const stackJson = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  fs.writeFileSync(path.join(stackDir, OVERRIDE_FILE), JSON.stringify(offlineOverride(awsProviderAliases(stackJson)), null, 2));
  const init = await run("terraform", ["init", "-input=false", "-no-color", "-backend=true", "-reconfigure"], stackDir, tfEnv);
  if (init.code !== 0) {
    return { stack, ok: false, seconds: (Date.now() - started) / 1000, resourceCount: 0, problems: [`terraform init failed:\n${init.out}`] };
  }
  // Inputs a deploy gives (a gated model's token): a stand-in value, as the credentials are.
  const inputs = requiredVariables(stackJson).flatMap((name) => ["-var", `${name}=offline-plan`]);
  const plan = await run(
    "terraform",
    ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", ...inputs, "-out=offline.tfplan"],
    stackDir,
    tfEnv,
  );
  if (plan.code !== 0) problems.push(`terraform plan failed:\n${plan.out}`);
  for (const warning of plan.out.split(/\n(?=Warning: )/).filter((w) => w.startsWith("Warning: "))) {
    if (INVALID_VALUE_WARNING.test(warning)) problems.push(warning.trim());
  }
  let resourceCount = 0;
  if (plan.code === 0) {
    const show = await run("terraform", ["show", "-json", "-no-color", "offline.tfplan"], stackDir, tfEnv);
    if (show.code !== 0) problems.push(`terraform show failed:\n${show.out}`);
    else {
      fs.writeFileSync(path.join(stackDir, "plan.json"), show.out);
      const planned = JSON.parse(show.out) as { resource_changes?: unknown[] };
      resourceCount = planned.resource_changes?.length ?? 0;
    }
  }
  return { stack, ok: problems.length === 0, seconds: (Date.now() - started) / 1000, resourceCount, problems };
}

/** Runs `tasks` with at most `limit` at once (terraform is CPU-heavy; the machines have 2 cores). */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}

export async function planOffline(selectedStacks: readonly string[] = [], stacksRoot: string = stacksDir()): Promise<StackPlanResult[]> {
  const mirror = findProviderMirror();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "llmobs-offline-plan-"));
  const cliConfigFile = path.join(workDir, "terraformrc");
  fs.writeFileSync(cliConfigFile, cliConfig(mirror));
  const tfEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    // Mock credentials: nothing here may reach AWS.
    AWS_ACCESS_KEY_ID: "offline-plan",
    AWS_SECRET_ACCESS_KEY: "offline-plan",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  delete tfEnv.AWS_PROFILE;
  delete tfEnv.AWS_SESSION_TOKEN;

  const stackDirs = fs
    .readdirSync(stacksRoot)
    .filter((s) => selectedStacks.length === 0 || selectedStacks.includes(s))
    .map((s) => path.join(stacksRoot, s));
  const awsOnly: string[] = [];
  for (const dir of stackDirs) {
    const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
    const providers = providersOf(json);
    if (providers.length === 1 && providers[0] === "aws") awsOnly.push(dir);
    else console.log(`skip ${path.basename(dir)}: uses providers ${providers.join(", ")} (only AWS-only stacks are planned offline)`);
  }
  return inParallel(awsOnly, 2, (dir) => planStack(dir, tfEnv));
}

export const PLAN_OFFLINE_COMMAND = {
  name: "npm run plan:offline --",
  summary: "synthesizes, then plans every AWS-only stack with the real hashicorp/aws provider from the local mirror, with no credentials and no network",
  positionals: { usage: "[<stack> ...]" },
  options: {},
  notes: ["the provider mirror comes from TF_PLUGIN_MIRROR (or is discovered); exit 1 when a plan fails or none ran"],
} as const satisfies CommandSpec;

async function main(selected: readonly string[]): Promise<number> {
  const only = selected.length > 0 ? { LLMOBS_ENVIRONMENTS: process.env.LLMOBS_ENVIRONMENTS } : {};
  console.log("synthesizing all environments ...");
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", "synth.js")], { cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, ...only } });
  const results = await planOffline(selected);
  for (const r of results) {
    console.log(`${r.ok ? "ok  " : "FAIL"} ${r.stack}: ${r.resourceCount} resources planned in ${r.seconds.toFixed(1)} s`);
    for (const p of r.problems)
      console.log(
        p
          .split("\n")
          .map((l) => `     ${l}`)
          .join("\n"),
      );
  }
  if (results.length === 0) {
    console.error("no AWS-only stack was planned");
    return 1;
  }
  return results.some((r) => !r.ok) ? 1 : 0;
}

if (require.main === module) runAsMain(PLAN_OFFLINE_COMMAND, ({ positionals }) => main(positionals));
