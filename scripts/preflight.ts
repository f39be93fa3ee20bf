/**
 * Prints, without calling AWS, everything a deploy of one environment assumes already exists, each
 * with the read-only AWS CLI command that verifies it (`config/preflight.ts`).
 *
 * Usage: npm run preflight -- <business-line>/<stage>   (or <business-line>-<stage>)
 */
import * as path from "node:path";
import { type CommandSpec, runAsMain, UsageError } from "./cli/command-line";
import { listEnvironmentFiles, loadEnvironments } from "../config/discover";
import { EnvironmentConfigError } from "../config/errors";
import { formatPreflight, preflightChecks } from "../config/preflight";
import { projectRoot } from "./cli/project-root";
import { loadTypeScriptFiles } from "./cli/typescript-files";

const ROOT = projectRoot();

export const PREFLIGHT_COMMAND = {
  name: "npm run preflight --",
  summary:
    "prints, without calling AWS, everything a deploy of one environment assumes already exists, each with the read-only AWS CLI command that verifies it",
  positionals: { usage: "<business-line>/<stage>", min: 1, max: 1 },
  options: {},
  notes: ["exit codes: 0 printed, 1 the environment file is invalid, 2 usage error (unknown environment included)"],
} as const satisfies CommandSpec;

export function runPreflight(argv: readonly string[], root: string = ROOT): { code: number; out: string } {
  const environmentsDir = path.join(root, "environments");
  loadTypeScriptFiles(root);
  const known = listEnvironmentFiles(environmentsDir, root).map((f) => `${f.businessLine}/${f.stage}`);
  const wanted = argv[0];
  const key = wanted && (known.includes(wanted) ? wanted : known.find((k) => k.replace("/", "-") === wanted));
  if (!key) throw new UsageError(`unknown environment "${wanted}"; known: ${known.join(", ")}`);
  try {
    const [environment] = loadEnvironments(environmentsDir, root, [key]);
    return { code: 0, out: formatPreflight(environment!, preflightChecks(environment!)) };
  } catch (error) {
    if (error instanceof EnvironmentConfigError) return { code: 1, out: `${error.message}\n` };
    throw error;
  }
}

if (require.main === module) {
  runAsMain(PREFLIGHT_COMMAND, ({ positionals }) => {
    const { code, out } = runPreflight(positionals);
    (code === 0 ? process.stdout : process.stderr).write(out);
    return code;
  });
}
