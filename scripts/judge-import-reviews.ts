/**
 * `npm run judge:import-reviews -- <file> [--into <file>]`: validates the ratings raters
 * returned for a `judge:review-sample` export (every problem with its line, field and what is
 * allowed; nothing is written when there is one) and merges them into the golden-set candidates
 * (`candidates.jsonl` beside the golden set unless --into, created by the first import). A curator moves candidates into the golden set; then the judge is recalibrated.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatGoldenSetProblem } from "../functions/judge-calibration/golden-set";
import { goldenSetText, importReviews } from "../functions/judge-calibration/review";
import { type CommandSpec, runAsMain } from "./cli/command-line";
import { projectRoot } from "./cli/project-root";

const ROOT = projectRoot();
export const DEFAULT_CANDIDATES = path.join(ROOT, "calibration", "golden", "candidates.jsonl");

export interface ImportCliResult {
  readonly exitCode: 0 | 1;
  readonly output: readonly string[];
}

export function runImportReviews(file: string, into = DEFAULT_CANDIDATES): ImportCliResult {
  const source = path.relative(process.cwd(), file) || file;
  const existing = fs.existsSync(into) ? fs.readFileSync(into, "utf8") : "";
  const result = importReviews(fs.readFileSync(file, "utf8"), existing);
  if (result.problems.length > 0) {
    return {
      exitCode: 1,
      output: [`not imported: ${result.problems.length} problem(s) in ${source}`, ...result.problems.map((p) => `  - ${formatGoldenSetProblem(source, p)}`)],
    };
  }
  fs.mkdirSync(path.dirname(into), { recursive: true });
  fs.writeFileSync(into, goldenSetText(result.merged));
  return {
    exitCode: 0,
    output: [
      `imported ${result.ratings} rating(s): ${result.added} new candidate(s), ${result.updated} with more raters; ${result.merged.length} candidate(s) in ${path.relative(process.cwd(), into)}`,
      "move reviewed candidates into the golden set, then recalibrate (npm run judge:calibrate, or the calibration function)",
    ],
  };
}

export const IMPORT_REVIEWS_COMMAND = {
  name: "npm run judge:import-reviews --",
  summary: "validates the ratings raters returned for a judge:review-sample export and merges them into the golden-set candidates",
  positionals: { usage: "<file>", min: 1, max: 1 },
  options: {
    into: { type: "string", value: "<file>", help: "the candidates file (default calibration/golden/candidates.jsonl)" },
  },
  notes: ["exit codes: 0 imported, 1 the ratings have problems (nothing written), 2 usage error"],
} as const satisfies CommandSpec;

if (require.main === module) {
  runAsMain(IMPORT_REVIEWS_COMMAND, ({ values, positionals }) => {
    const result = runImportReviews(path.resolve(positionals[0]!), values.into === undefined ? undefined : path.resolve(values.into));
    for (const line of result.output) (result.exitCode === 0 ? console.log : console.error)(line);
    return result.exitCode;
  });
}
