/**
 * Precision and recall of the evaluator's local PII detectors on the labelled corpus
 * (functions/evaluator/pii/corpus), per entity type, against the targets.
 *
 *   npm run pii:eval              # the table; exit code 1 when a target is missed
 *   npm run pii:eval -- --errors  # also every missed entity and every spurious mask
 */
import { detectLocalPii } from "../functions/evaluator/pii/local-detectors";
import { mergeSpans } from "../functions/evaluator/pii/spans";
import { loadCorpus } from "../functions/evaluator/pii/corpus/load-corpus";
import { scoreCorpus } from "../functions/evaluator/pii/corpus/score-corpus";
import { targetFor } from "../functions/evaluator/pii/corpus/targets";

const sentences = loadCorpus();
const score = scoreCorpus(sentences, (text) => mergeSpans(detectLocalPii(text)));
const negatives = sentences.filter((sentence) => sentence.labels.length === 0).length;
const pct = (value: number) => value.toFixed(3);

console.log(`PII corpus: ${sentences.length} sentences (${negatives} with nothing to mask), local detectors only`);
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
console.log("recall: labelled entities fully masked with their own type; hidden: fully masked with any type; precision: masks overlapping a label of their type");
if (process.argv.includes("--errors")) {
  for (const error of score.errors) {
    const where = error.maskedAs ? `  ->  ${JSON.stringify(error.maskedAs)}` : "";
    console.log(`${error.kind.padEnd(8)} ${error.type.padEnd(14)} ${error.sentenceId.padEnd(10)} ${JSON.stringify(error.text)}${where}`);
  }
}
if (!allMet) process.exitCode = 1;
