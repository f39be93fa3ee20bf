/**
 * The LeNER-Br dev-part tables of `npm run pii:eval`: what the local detectors mask of real court
 * text nobody on this project wrote, layer by layer, and how long masking takes.
 */
import { performance } from "node:perf_hooks";
import { lenerBlocks, readLener } from "../../functions/evaluator/pii/corpus/lener-br";
import { layOut, scoreDev, type DevScore } from "../../functions/evaluator/pii/corpus/score-lener-br";
import { detectLocalPii } from "../../functions/evaluator/pii/local-detectors";
import { ALL_LAYERS, MASKING_LAYERS, type MaskingLayer } from "../../functions/evaluator/pii/name-layers";
import { mergeSpans } from "../../functions/evaluator/pii/spans";

const pct = (part: number, whole: number) => (whole === 0 ? "-" : `${((100 * part) / whole).toFixed(2)} %`);
const ratio = (part: number, whole: number) => (whole === 0 ? "-" : (part / whole).toFixed(3));

function maskedShare(score: DevScore, family: string): string {
  const entry = score.words[family];
  return entry ? pct(entry.masked, entry.total) : "-";
}

function printLayers(blocks: ReturnType<typeof lenerBlocks>): DevScore {
  console.log(
    "| layers | persons fully masked | person words masked | ordinary (O) words masked | organisation words masked | place words masked | law and case-law words masked |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  let full: DevScore | undefined;
  for (let count = 0; count <= MASKING_LAYERS.length; count += 1) {
    const layers = new Set<MaskingLayer>(MASKING_LAYERS.slice(0, count));
    const score = scoreDev(blocks, (text) => mergeSpans(detectLocalPii(text, layers)));
    const legal = ["LEGISLACAO", "JURISPRUDENCIA"].map((family) => score.words[family] ?? { total: 0, masked: 0 });
    const name = count === 0 ? "list-based detectors only" : `+ ${MASKING_LAYERS[count - 1]}`;
    console.log(
      `| ${name} | ${ratio(score.personsFullyMasked, score.persons)} | ${maskedShare(score, "PESSOA")} | ${maskedShare(score, "O")} | ${maskedShare(score, "ORGANIZACAO")} | ${maskedShare(score, "LOCAL")} | ${pct(legal[0]!.masked + legal[1]!.masked, legal[0]!.total + legal[1]!.total)} |`,
    );
    full = score;
  }
  return full!;
}

/** CPU milliseconds per 1,000 characters of masking with every layer, after one warm-up pass. */
function timeMasking(blocks: ReturnType<typeof lenerBlocks>): { msPer1000: number; characters: number } {
  const texts = blocks.map((block) => layOut(block).text);
  for (const text of texts) detectLocalPii(text, ALL_LAYERS);
  const characters = texts.reduce((sum, text) => sum + text.length, 0);
  const rounds = 3;
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < rounds; round += 1) for (const text of texts) mergeSpans(detectLocalPii(text, ALL_LAYERS));
  const cpu = process.cpuUsage(cpuBefore);
  return { msPer1000: (cpu.user + cpu.system) / 1000 / ((rounds * characters) / 1000), characters };
}

/** Prints the dev-part tables; returns the full-layer score and the timing. */
export function reportDevPart(showErrors: boolean): { score: DevScore; msPer1000: number } {
  const loadStart = performance.now();
  const blocks = lenerBlocks(readLener(), "dev");
  const sentences = blocks.reduce((sum, block) => sum + block.length, 0);
  console.log(
    `LeNER-Br dev part: ${sentences} court sentences in ${blocks.length} texts of up to 40 sentences (read in ${(performance.now() - loadStart).toFixed(0)} ms), local detectors only`,
  );
  const score = printLayers(blocks);
  const timing = timeMasking(blocks);
  console.log("");
  console.log(
    `persons: ${score.persons} labelled names; fully masked: every word of the name is inside a mask. Words: share of the words of each label masked (any type). Masking speed: ${timing.msPer1000.toFixed(2)} ms CPU per 1,000 characters (${timing.characters} characters, 3 passes, after a warm-up; budget 5 ms)`,
  );
  if (showErrors) {
    const errors = scoreDev(blocks, (text) => mergeSpans(detectLocalPii(text)), true);
    for (const missed of errors.missed) console.log(`missed   PESSOA  ${missed}`);
    for (const over of errors.overMasked) console.log(`masked   O       ${over}`);
  }
  console.log("");
  return { score, msPer1000: timing.msPer1000 };
}
