/**
 * `npm run docs:environment`: writes docs/reference/environment-settings.md from the settings'
 * declarations (config/schema/). test/environment-reference.test.ts fails when the file is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { environmentReference } from "../config/schema/reference";
import { type CommandSpec, runAsMain } from "./cli/command-line";

export const REFERENCE_FILE = path.resolve(__dirname, "..", "docs", "reference", "environment-settings.md");

export const ENVIRONMENT_REFERENCE_COMMAND = {
  name: "npm run docs:environment --",
  summary: "writes docs/reference/environment-settings.md (every environment setting: type, default, allowed values) from the settings' declarations",
  options: {},
} as const satisfies CommandSpec;

if (require.main === module)
  runAsMain(ENVIRONMENT_REFERENCE_COMMAND, () => {
    fs.mkdirSync(path.dirname(REFERENCE_FILE), { recursive: true });
    fs.writeFileSync(REFERENCE_FILE, environmentReference());
    process.stdout.write(`wrote ${path.relative(process.cwd(), REFERENCE_FILE)}\n`);
    return 0;
  });
