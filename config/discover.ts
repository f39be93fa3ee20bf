import * as fs from "node:fs";
import * as path from "node:path";
import { checkAcrossEnvironments } from "./across-environments";
import { EnvironmentConfigError, type ConfigProblem } from "./errors";
import { resolveEnvironment, type ResolvedEnvironment } from "./resolved";
import type { EnvironmentConfig } from "./types";
import { validateEnvironment } from "./validate";
import { regionalAvailabilityProblems } from "./regional-availability";
import { residencyRecordProblems } from "./residency";

/** File in each business-line folder that holds the shared settings, not a stage. */
export const BUSINESS_LINE_FILE = "business-line.ts";

export interface EnvironmentFile {
  /** Path relative to the project root, e.g. `environments/retail-banking/prod.ts`. */
  readonly file: string;
  readonly absolutePath: string;
  readonly businessLine: string;
  readonly stage: string;
}

/**
 * Lists `environments/<business-line>/<stage>.ts` files. Adding a business line is adding a folder:
 * nothing else needs editing.
 */
export function listEnvironmentFiles(environmentsDir: string, projectRoot: string): EnvironmentFile[] {
  const files: EnvironmentFile[] = [];
  for (const entry of fs.readdirSync(environmentsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const folder = path.join(environmentsDir, entry.name);
    for (const name of fs.readdirSync(folder).sort()) {
      if (!name.endsWith(".ts") || name.endsWith(".test.ts") || name.endsWith(".d.ts") || name === BUSINESS_LINE_FILE) continue;
      const absolutePath = path.join(folder, name);
      files.push({
        file: path.relative(projectRoot, absolutePath).split(path.sep).join("/"),
        absolutePath,
        businessLine: entry.name,
        stage: name.slice(0, -".ts".length),
      });
    }
  }
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Loads, validates and resolves every environment file. Throws one `EnvironmentConfigError` that
 * lists all problems of all files, so a pipeline run shows everything to fix at once.
 *
 * @param only `<business-line>/<stage>` keys to keep (e.g. from `LLMOBS_ENVIRONMENTS`); all when empty
 */
export function loadEnvironments(environmentsDir: string, projectRoot: string, only: readonly string[] = []): ResolvedEnvironment[] {
  const all = listEnvironmentFiles(environmentsDir, projectRoot);
  const problems: ConfigProblem[] = [];
  const known = all.map((f) => `${f.businessLine}/${f.stage}`);
  for (const key of only) {
    if (!known.includes(key)) {
      problems.push({ file: "LLMOBS_ENVIRONMENTS", field: "(selection)", value: key, allowed: `expected one of ${known.join(", ")}` });
    }
  }
  const isSelected = (f: EnvironmentFile) => only.length === 0 || only.includes(`${f.businessLine}/${f.stage}`);
  // Every file is loaded: environments of one account and region are checked together (one owner
  // of the account's API Gateway logging role, the reserved concurrency quota) even when only some
  // are synthesized. Problems of files not selected are not reported.
  const resolved: ResolvedEnvironment[] = [];
  for (const f of all) {
    const selected = isSelected(f);
    let config: EnvironmentConfig;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(f.absolutePath) as { default?: EnvironmentConfig };
      if (mod.default === undefined) {
        if (selected) problems.push({ file: f.file, field: "(default export)", value: undefined, allowed: "export default defineEnvironment({...})" });
        continue;
      }
      config = mod.default;
    } catch (error) {
      if (selected) problems.push({ file: f.file, field: "(file)", value: (error as Error).message, allowed: "the file must load without errors" });
      continue;
    }
    const found = validateEnvironment(config, f.file, { businessLine: f.businessLine, stage: f.stage });
    if (selected) problems.push(...found);
    if (found.length > 0) continue;
    const environment = resolveEnvironment(config, f.file);
    // Services the file turns on are offered in its Region; a managed workspace's ADR is there.
    if (selected) problems.push(...regionalAvailabilityProblems(environment), ...residencyRecordProblems(environment, projectRoot));
    resolved.push(environment);
  }
  const selectedFiles = new Set(all.filter(isSelected).map((f) => f.file));
  const across = checkAcrossEnvironments(resolved);
  problems.push(...across.problems.filter((p) => selectedFiles.has(p.file)));
  if (problems.length > 0) throw new EnvironmentConfigError(problems);
  return across.environments.filter((env) => selectedFiles.has(env.file));
}
