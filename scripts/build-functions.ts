/**
 * Writes the prebuilt Lambda bundles an installed package deploys: `dist/functions/<name>.zip`
 * and `<name>.json` (its source_code_hash). Byte for byte what synth bundles from the same sources.
 * Usage: npx tsx scripts/build-functions.ts (part of `npm run build`)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleCacheDir, bundleFunction, PLATFORM_FUNCTIONS, PREBUILT_FUNCTIONS_DIR, type PrebuiltBundleManifest, packageRoot } from "../modules/shared";

const root = packageRoot();
const outDir = path.join(root, PREBUILT_FUNCTIONS_DIR);
fs.mkdirSync(outDir, { recursive: true });
for (const name of PLATFORM_FUNCTIONS) {
  const bundle = bundleFunction(path.join(root, "functions", name, "handler.ts"), bundleCacheDir(root), root);
  fs.copyFileSync(bundle.zipFile, path.join(outDir, `${name}.zip`));
  const manifest: PrebuiltBundleManifest = { sha256: bundle.sha256 };
  fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(manifest)}\n`);
  console.log(`${PREBUILT_FUNCTIONS_DIR}/${name}.zip  ${(fs.statSync(bundle.zipFile).size / 1024).toFixed(0)} KiB  sha256 ${bundle.sha256}`);
}
