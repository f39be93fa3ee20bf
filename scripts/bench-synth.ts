/**
 * Synth benchmark: wall time and peak memory (/usr/bin/time -v) of a synth of every environment
 * against the floor any cdktf app in TypeScript pays, measured in the same run, runs interleaved
 * (floor, app, floor, app, ...) so that a drift of the machine's speed hits both alike.
 *
 *  floor           a one-bucket stack with deep imports, run with tsx (TypeScript, as an app is written)
 *  npm run synth   `node scripts/synth.js`: every environment, from the bundle of the previous synth
 *  also printed    the plain-JavaScript floor, a synth right after an edit (bundle rebuilt), the same
 *                  through `npm run`, and through the cdktf CLI (`cdktf synth`)
 *
 * Usage: npm run bench:synth [-- --runs 7]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CommandSpec, numberFlag, runAsMain } from "./cli/command-line";

const ROOT = path.resolve(__dirname, "..");
export const BENCH_SYNTH_COMMAND = {
  name: "npm run bench:synth --",
  summary: "wall time, CPU time and peak memory of a synth of every environment against the one-bucket floor, with the ratio",
  options: { runs: { type: "string", value: "<n>", help: "interleaved floor/app pairs to run (default 7)" } },
} as const satisfies CommandSpec;

let RUNS = 7;

interface Sample {
  readonly wallSeconds: number;
  /** User plus system CPU time: less disturbed than wall time by other work on the machine. */
  readonly cpuSeconds: number;
  readonly peakMb: number;
}

function run(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const result = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env } });
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(result.stderr);
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1]);
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1]);
  const system = Number(/System time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1]);
  if (!wall || !rssKb || Number.isNaN(user + system)) throw new Error(`cannot read /usr/bin/time output of ${label}`);
  return { wallSeconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]), cpuSeconds: user + system, peakMb: rssKb / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function line(label: string, samples: readonly Sample[]): { wall: number; peak: number } {
  const wall = median(samples.map((s) => s.wallSeconds));
  const peak = median(samples.map((s) => s.peakMb));
  const spread = `${Math.min(...samples.map((s) => s.wallSeconds)).toFixed(2)}-${Math.max(...samples.map((s) => s.wallSeconds)).toFixed(2)}`;
  const cpu = median(samples.map((s) => s.cpuSeconds));
  console.log(
    `${label.padEnd(60)} wall ${wall.toFixed(2).padStart(6)} s (${spread}, n=${samples.length})   cpu ${cpu.toFixed(2).padStart(5)} s   peak RSS ${peak.toFixed(0).padStart(4)} MB`,
  );
  return { wall, peak };
}

function floorFiles(dir: string): { ts: string; js: string } {
  const source = (ext: "ts" | "js") => `const { App, TerraformStack } = require(${JSON.stringify(require.resolve("cdktf"))});
const { AwsProvider } = require(${JSON.stringify(require.resolve("@cdktf/provider-aws/lib/provider"))});
const { S3Bucket } = require(${JSON.stringify(require.resolve("@cdktf/provider-aws/lib/s3-bucket"))});
const app = new App({ outdir: ${JSON.stringify(path.join(dir, `out-${ext}`))} });
const stack = new TerraformStack(app, "floor");
new AwsProvider(stack, "aws", { region: "sa-east-1" });
new S3Bucket(stack, "bucket", { bucket: "floor" });
app.synth();\n`;
  const ts = path.join(dir, "floor.ts");
  const js = path.join(dir, "floor.js");
  fs.writeFileSync(ts, source("ts"));
  fs.writeFileSync(js, source("js"));
  return { ts, js };
}

function main(): void {
  if (!fs.existsSync("/usr/bin/time")) throw new Error("/usr/bin/time is needed (Debian package 'time')");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-floor-"));
  const floor = floorFiles(dir);
  const tsx = require.resolve("tsx/cli");
  const synth = path.join(ROOT, "scripts", "synth.js");
  const outdir = path.join(dir, "app-out");
  const appEnv = { CDKTF_OUTDIR: outdir };

  // Warm the file cache and the bundle once.
  run("warm-up floor", process.execPath, [tsx, floor.ts]);
  run("warm-up app", process.execPath, [synth], appEnv);

  const floorSamples: Sample[] = [];
  const appSamples: Sample[] = [];
  const jsFloorSamples: Sample[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    floorSamples.push(run("floor", process.execPath, [tsx, floor.ts]));
    appSamples.push(run("app", process.execPath, [synth], appEnv));
    jsFloorSamples.push(run("js floor", process.execPath, [floor.js]));
  }
  const coldSamples: Sample[] = [];
  for (let i = 0; i < 3; i += 1) {
    fs.rmSync(path.join(ROOT, "cdktf.out", ".app"), { recursive: true, force: true });
    coldSamples.push(run("cold app", process.execPath, [synth], appEnv));
  }
  const npmSamples = [0, 1, 2].map(() => run("npm run synth", "npm", ["run", "--silent", "synth"], appEnv));
  const cliSamples = [0, 1].map(() => run("cdktf synth", path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", outdir]));

  console.log(`synth benchmark, ${os.cpus().length} cores, Node.js ${process.version}, medians`);
  const f = line("floor: one bucket, deep import, tsx", floorSamples);
  const a = line("npm run synth: every environment (node scripts/synth.js)", appSamples);
  line("one bucket, deep import, plain JavaScript", jsFloorSamples);
  line("every environment, right after an edit (bundle rebuilt)", coldSamples);
  line("every environment, through `npm run synth`", npmSamples);
  line("every environment, through the CLI (`cdktf synth`)", cliSamples);
  const stacks = fs.readdirSync(path.join(outdir, "stacks")).length;
  console.log(`stacks synthesized: ${stacks}`);
  // Ratios pair by pair (each app run against the floor run just before it), then the median, so a
  // moment of load on the machine moves both sides of a pair alike.
  const pairs = (pick: (s: Sample) => number) => median(appSamples.map((sample, i) => pick(sample) / pick(floorSamples[i]!)));
  console.log(
    `ratio every environment / floor (median of ${RUNS} pairs): wall ${pairs((s) => s.wallSeconds).toFixed(2)}x, cpu ${pairs((s) => s.cpuSeconds).toFixed(2)}x, peak memory ${pairs((s) => s.peakMb).toFixed(2)}x`,
  );
  console.log(`ratio of the medians: wall ${(a.wall / f.wall).toFixed(2)}x, peak memory ${(a.peak / f.peak).toFixed(2)}x`);
  fs.rmSync(dir, { recursive: true, force: true });
}

if (require.main === module) {
  runAsMain(BENCH_SYNTH_COMMAND, ({ values }) => {
    RUNS = numberFlag("runs", values.runs, 7, { min: 1, integer: true });
    main();
    return 0;
  });
}
