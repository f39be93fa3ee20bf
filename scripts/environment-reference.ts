/**
 * Writes docs/reference/environment-settings.md from the settings' declarations (config/schema/).
 *
 * Usage: npm run docs:environment  (test/environment-reference.test.ts fails when the file is stale)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { environmentReference } from "../config/schema/reference";

export const REFERENCE_FILE = path.resolve(__dirname, "..", "docs", "reference", "environment-settings.md");

if (require.main === module) {
  fs.mkdirSync(path.dirname(REFERENCE_FILE), { recursive: true });
  fs.writeFileSync(REFERENCE_FILE, environmentReference());
  console.log(`wrote ${path.relative(process.cwd(), REFERENCE_FILE)}`);
}
