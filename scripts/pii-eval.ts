/**
 * Precision and recall of the evaluator's local PII detectors on the labelled corpus
 * (functions/evaluator/pii/corpus), per entity type, against the targets.
 *
 * A second table scores the held-out sentences (corpus/holdout), written after the detectors and
 * never used to tune them; their targets are shown, not enforced.
 *
 * Then real text: the dev part of LeNER-Br (shared/data/pii; the lexicon learns from the train part
 * only), layer by layer, with over-masking of ordinary and organisation words, and the masking
 * speed in CPU milliseconds per 1,000 characters.
 *
 *   npm run pii:eval              # the tables; exit code 1 when a target is missed on the corpus
 *   npm run pii:eval -- --errors  # also every missed entity and every spurious mask
 */
import { detectLocalPii } from "../functions/evaluator/pii/local-detectors";
import { mergeSpans } from "../functions/evaluator/pii/spans";
import { join } from "node:path";
import { loadCorpus, type CorpusSentence } from "../functions/evaluator/pii/corpus/load-corpus";
import { scoreCorpus } from "../functions/evaluator/pii/corpus/score-corpus";
import { targetFor } from "../functions/evaluator/pii/corpus/targets";
import { type CommandSpec, runAsMain } from "./cli/command-line";
import { reportDevPart } from "./pii/dev-report";

const CORPUS_DIR = join(__dirname, "../functions/evaluator/pii/corpus");
/** `--errors`: print every miss and spurious mask too. */
let showErrors = false;

const pct = (value: number) => value.toFixed(3);
const detect = (text: string) => mergeSpans(detectLocalPii(text));

/** Prints the table for `sentences`; true when every type meets its target. */
function report(title: string, sentences: readonly CorpusSentence[]): boolean {
  const score = scoreCorpus(sentences, detect);
  const negatives = sentences.filter((sentence) => sentence.labels.length === 0).length;
  console.log(`${title}: ${sentences.length} sentences (${negatives} with nothing to mask), local detectors only`);
  console.log("| type | labelled | masked | precision | recall | hidden | over-masked chars | target P / R | met |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
  let allMet = true;
  for (const row of score.byType) {
    const target = targetFor(row.type);
    const met = row.precision >= target.precision && row.recall >= target.recall;
    allMet &&= met;
    const hidden = row.labelled === 0 ? "-" : pct(row.hidden / row.labelled);
    console.log(
      `| ${row.type} | ${row.labelled} | ${row.masked} | ${pct(row.precision)} | ${pct(row.recall)} | ${hidden} | ${row.overMaskedChars} | ${target.precision} / ${target.recall} | ${met ? "yes" : "NO"} |`,
    );
  }
  if (showErrors) {
    for (const error of score.errors) {
      const where = error.maskedAs ? `  ->  ${JSON.stringify(error.maskedAs)}` : "";
      console.log(`${error.kind.padEnd(8)} ${error.type.padEnd(14)} ${error.sentenceId.padEnd(10)} ${JSON.stringify(error.text)}${where}`);
    }
  }
  console.log("");
  return allMet;
}

export const PII_EVAL_COMMAND = {
  name: "npm run pii:eval --",
  summary:
    "precision and recall of the local PII detectors on the synthetic corpus and its held-out sentences, then LeNER-Br's dev part layer by layer with over-masking and CPU ms per 1,000 characters",
  options: { errors: { type: "boolean", help: "also print every missed entity and every spurious mask" } },
  notes: ["exit codes: 0 every corpus target met, 1 a target missed, 2 usage error"],
} as const satisfies CommandSpec;

if (require.main === module)
  runAsMain(PII_EVAL_COMMAND, ({ values }) => {
    showErrors = values.errors === true;
    const met = report("PII corpus", loadCorpus());
    // Written after the detectors and never used to tune them: the less flattering, more honest figures.
    report("Held-out sentences (not tuned on, targets not enforced)", loadCorpus(join(CORPUS_DIR, "holdout")));
    console.log(
      "recall: labelled entities fully masked with their own type; hidden: fully masked with any type; precision: masks overlapping a label of their type",
    );
    console.log("");
    reportDevPart(showErrors);
    return met ? 0 : 1;
  });
