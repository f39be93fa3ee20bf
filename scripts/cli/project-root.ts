import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The project a command works on. Run from this repository's sources (`npm run cost`), it is the
 * repository; run as the installed package's command (`npx llmobs-cost`), it is the current
 * directory: the consumer's own app, with its own `environments/`, `calibration/` and `cdktf.out/`.
 */
export function projectRoot(): string {
  const sources = path.resolve(__dirname, "..", "..");
  return fs.existsSync(path.join(sources, "scripts", "cli", "project-root.ts")) ? sources : process.cwd();
}
