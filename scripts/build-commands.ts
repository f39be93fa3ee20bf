/**
 * Writes the command-line tools the package ships (`bin` in package.json): each script bundled by
 * esbuild into `dist/bin/<command>.js`, with the AWS SDK clients it uses inside and the package's
 * peer and runtime dependencies left to the app's own copies. Part of `npm run build`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";

const ROOT = path.resolve(__dirname, "..");
const OUT_DIR = path.join(ROOT, "dist", "bin");

/** Each shipped command and the script it runs. */
export const PACKAGE_COMMANDS: Readonly<Record<string, string>> = {
  "llmobs-calibrate": "scripts/judge-calibrate.ts",
  "llmobs-review-sample": "scripts/judge-review-sample.ts",
  "llmobs-import-reviews": "scripts/judge-import-reviews.ts",
  "llmobs-preflight": "scripts/preflight.ts",
  "llmobs-cost": "scripts/cost.ts",
  "llmobs-dashboards": "scripts/dashboards.ts",
};

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

function main(): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
  // The app's copies: one cdktf and one provider per app, and the package's declared dependencies.
  const external = [...Object.keys(manifest.peerDependencies ?? {}), ...Object.keys(manifest.dependencies ?? {})].flatMap((name) => [name, `${name}/*`]);
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  for (const [command, script] of Object.entries(PACKAGE_COMMANDS)) {
    const outfile = path.join(OUT_DIR, `${command}.js`);
    buildSync({
      entryPoints: [path.join(ROOT, script)],
      outfile,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external,
      banner: { js: "#!/usr/bin/env node" },
      // The scripts start when they are the main module; the bundle is.
      legalComments: "none",
      logLevel: "error",
    });
    fs.chmodSync(outfile, 0o755);
    console.log(`dist/bin/${command}.js  ${(fs.statSync(outfile).size / 1024).toFixed(0)} KiB`);
  }
}

if (require.main === module) main();
