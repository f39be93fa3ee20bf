/**
 * Synth benchmark: wall time and peak memory (via /usr/bin/time -v) of
 *  1. a one-bucket stack with a deep import (the floor any cdktf app pays),
 *  2. the whole app run directly (`tsx main.ts`),
 *  3. the whole app through the CLI (`cdktf synth`).
 * Usage: npm run bench:synth
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

function measure(label: string, cmd: string, args: string[], cwd = ROOT): void {
  const result = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { cwd, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.+)/.exec(result.stderr)?.[1];
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1]);
  console.log(`${label.padEnd(44)} wall ${wall?.padStart(8)}   peak RSS ${(rssKb / 1024).toFixed(0).padStart(5)} MB`);
}

function main(): void {
  if (!fs.existsSync("/usr/bin/time")) throw new Error("/usr/bin/time is needed (Debian package 'time')");
  const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-floor-"));
  const floor = path.join(floorDir, "floor.ts");
  fs.writeFileSync(
    floor,
    `import { App, TerraformStack } from ${JSON.stringify(require.resolve("cdktf"))};
import { AwsProvider } from ${JSON.stringify(require.resolve("@cdktf/provider-aws/lib/provider"))};
import { S3Bucket } from ${JSON.stringify(require.resolve("@cdktf/provider-aws/lib/s3-bucket"))};
const app = new App({ outdir: ${JSON.stringify(path.join(floorDir, "out"))} });
const stack = new TerraformStack(app, "floor");
new AwsProvider(stack, "aws", { region: "sa-east-1" });
new S3Bucket(stack, "bucket", { bucket: "floor" });
app.synth();\n`,
  );
  const tsx = require.resolve("tsx/cli");
  execFileSync(process.execPath, [tsx, floor]); // warm the file cache once
  measure("one bucket, deep import (floor)", process.execPath, [tsx, floor]);
  measure("all stacks, app directly (tsx main.ts)", process.execPath, [tsx, "main.ts"]);
  measure("all stacks, cdktf synth", path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth"]);
}

main();
