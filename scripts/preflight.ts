/**
 * Prints, without calling AWS, everything a deploy of one environment assumes already exists, each
 * with the read-only AWS CLI command that verifies it (`config/preflight.ts`).
 *
 * Usage: npm run preflight -- <business-line>/<stage>   (or <business-line>-<stage>)
 */
import * as path from "node:path";
import { listEnvironmentFiles, loadEnvironments } from "../config/discover";
import { EnvironmentConfigError } from "../config/errors";
import { formatPreflight, preflightChecks } from "../config/preflight";

const ROOT = path.resolve(__dirname, "..");

export function runPreflight(argv: readonly string[], root: string = ROOT): { code: number; out: string } {
  const environmentsDir = path.join(root, "environments");
  const known = listEnvironmentFiles(environmentsDir, root).map((f) => `${f.businessLine}/${f.stage}`);
  const wanted = argv[0];
  const key = wanted && (known.includes(wanted) ? wanted : known.find((k) => k.replace("/", "-") === wanted));
  if (!key) {
    return { code: 1, out: `usage: npm run preflight -- <environment>\n${wanted ? `unknown environment "${wanted}"; ` : ""}known: ${known.join(", ")}\n` };
  }
  try {
    const [environment] = loadEnvironments(environmentsDir, root, [key]);
    return { code: 0, out: formatPreflight(environment!, preflightChecks(environment!)) };
  } catch (error) {
    if (error instanceof EnvironmentConfigError) return { code: 1, out: `${error.message}\n` };
    throw error;
  }
}

if (require.main === module) {
  const { code, out } = runPreflight(process.argv.slice(2));
  (code === 0 ? process.stdout : process.stderr).write(out);
  process.exit(code);
}
