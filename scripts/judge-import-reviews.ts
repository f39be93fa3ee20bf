/**
 * `npm run judge:import-reviews -- <file> [--into calibration/golden/candidates.jsonl]`: validates
 * the ratings raters returned for a `judge:review-sample` export (every problem with its line, field
 * and what is allowed; nothing is written when there is one) and merges them into the golden-set
 * candidates. A curator moves candidates into the golden set; then the judge is recalibrated.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatGoldenSetProblem } from "../functions/judge-calibration/golden-set";
import { goldenSetText, importReviews } from "../functions/judge-calibration/review";

const ROOT = path.resolve(__dirname, "..");
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

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = args[0];
  const intoAt = args.indexOf("--into");
  if (!file || file.startsWith("--") || (intoAt !== -1 && !args[intoAt + 1]) || args.length > (intoAt === -1 ? 1 : 3)) {
    console.error("usage: npm run judge:import-reviews -- <file> [--into calibration/golden/candidates.jsonl]");
    process.exitCode = 2;
  } else {
    const result = runImportReviews(path.resolve(file), intoAt === -1 ? undefined : path.resolve(args[intoAt + 1]!));
    for (const line of result.output) (result.exitCode === 0 ? console.log : console.error)(line);
    process.exitCode = result.exitCode;
  }
}
