/**
 * Builds the evaluator's name-masking lexicon (functions/evaluator/pii/data/lexicon/) from
 * sources nobody on this project wrote, deterministically (same inputs, same bytes):
 * - the Brazilian Portuguese Hunspell dictionary (npm `dictionary-pt`, LGPL-3.0 or MPL-2.0):
 *   ordinary word forms as a Bloom filter, and one-word municipality names;
 * - the IBGE 2010 census given names (PDDL 1.0), by frequency;
 * - the train part of LeNER-Br (MIT; the dev part is never read here): words of person names that
 *   are not census given names (surnames), and capitalised words that are never part of one.
 *
 *   npm run pii:build-lexicon
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { bloomAdd, emptyBloom, bloomHas } from "../functions/evaluator/pii/lexicon/bloom";
import { fold } from "../functions/evaluator/pii/name-lists";
import { type CommandSpec, runAsMain } from "./cli/command-line";
import { readCensusNames } from "./pii/census";
import { hunspellForms } from "./pii/hunspell";
import { readLener, splitLener } from "../functions/evaluator/pii/corpus/lener-br";
import { learnFromTrain } from "./pii/learn-names";

const OUT = join(__dirname, "../functions/evaluator/pii/data/lexicon");
const DICTIONARY = join(__dirname, "../node_modules/dictionary-pt");
/** Census names counted at least this often are common given names; the rest are rare ones. */
const COMMON_NAME_COUNT = 1000;

const write = (file: string, value: unknown) => writeFileSync(join(OUT, file), `${JSON.stringify(value)}\n`);

function ordinaryWords(): { words: Set<string>; municipalities: Set<string> } {
  const words = new Set<string>();
  const municipalities = new Set<string>();
  for (const { form, stemCapitalised } of hunspellForms(join(DICTIONARY, "index.dic"), join(DICTIONARY, "index.aff"))) {
    const municipality = /^(\p{Lu}[\p{L}']+)-[A-Z]{2}$/u.exec(form);
    if (municipality) municipalities.add(fold(municipality[1]!));
    if (stemCapitalised || form.includes("-") || form.length < 2) continue;
    words.add(fold(form));
  }
  return { words, municipalities };
}

export const PII_BUILD_LEXICON_COMMAND = {
  name: "npm run pii:build-lexicon --",
  summary:
    "rebuilds the evaluator's name-masking lexicon (functions/evaluator/pii/data/lexicon/) from dictionary-pt, the IBGE census given names and LeNER-Br's train part in shared/data/pii (or $PII_DATA_DIR)",
  options: {},
} as const satisfies CommandSpec;

function main(): number {
  const { words, municipalities } = ordinaryWords();
  const { train } = splitLener(readLener());
  // Lower-case words of the train part outside names: words the dictionary derives by prefix rules ("protocolo").
  for (const sentence of train) for (const { word, tag } of sentence) if (/^\p{Ll}{3,}$/u.test(word) && !tag.endsWith("PESSOA")) words.add(fold(word));
  const sortedWords = [...words].sort();
  const filter = emptyBloom(sortedWords.length, 0.01);
  for (const word of sortedWords) bloomAdd(filter, word);
  let falsePositives = 0;
  const probes = 20_000;
  for (let index = 0; index < probes; index += 1) if (bloomHas(filter, `zq${index}xw`)) falsePositives += 1;
  write("ordinary-words.json", {
    about:
      "Folded (lower case, no accents) Brazilian Portuguese word forms: stems and suffixed forms of the lower-case entries of dictionary-pt 4.0.0 (Hunspell, VERO), as a Bloom filter. Built by scripts/pii-build-lexicon.ts.",
    licence: "LGPL-3.0 OR MPL-2.0 (dictionary-pt, Raimundo Santos Moura); see NOTICE.md",
    wordCount: sortedWords.length,
    bitCount: filter.bitCount,
    hashCount: filter.hashCount,
    bits: Buffer.from(filter.bits).toString("base64"),
  });

  const census = readCensusNames().sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const learned = learnFromTrain(train, new Set(census.filter((entry) => entry.count >= COMMON_NAME_COUNT).map((entry) => fold(entry.name))), words);
  const rareNames = census.filter((entry) => entry.count < COMMON_NAME_COUNT).map((entry) => fold(entry.name));
  const rareFilter = emptyBloom(rareNames.length, 0.01);
  for (const name of rareNames) bloomAdd(rareFilter, name);
  write("census-given-names.json", {
    about: `Given names of the IBGE 2010 census, folded: 'common', most frequent first, were counted ${COMMON_NAME_COUNT} times or more; the ${rareNames.length} 'rare' ones, counted fewer times, are a Bloom filter (about 1 % of other words test positive). Built by scripts/pii-build-lexicon.ts.`,
    licence: "ODC PDDL 1.0 (IBGE census via datasets-br/prenomes); see NOTICE.md",
    common: census.filter((entry) => entry.count >= COMMON_NAME_COUNT).map((entry) => fold(entry.name)),
    rare: { bitCount: rareFilter.bitCount, hashCount: rareFilter.hashCount, bits: Buffer.from(rareFilter.bits).toString("base64") },
  });
  write("learned-names.json", {
    about:
      "From the train part of LeNER-Br only (functions/evaluator/pii/corpus/lener-br.ts holds the cut): 'surnames' are words of labelled person names that are no common census given name; 'notNames' are capitalised words seen at least 3 times and never inside a person name; 'municipalities' are one-word Brazilian municipality names from dictionary-pt. Built by scripts/pii-build-lexicon.ts.",
    licence: "MIT (LeNER-Br, Luz de Araujo et al.) and LGPL-3.0 OR MPL-2.0 (dictionary-pt); see NOTICE.md",
    surnames: learned.surnames,
    notNames: learned.notNames,
    municipalities: [...municipalities].sort(),
  });
  console.log(
    `ordinary words: ${sortedWords.length} forms, ${(filter.bits.length / 1024).toFixed(0)} KiB of bits, ${filter.hashCount} hashes, measured false-positive rate ${(falsePositives / probes).toFixed(4)}`,
  );
  console.log(
    `census given names: ${census.length}; learned from LeNER-Br train (${train.length} sentences): ${learned.surnames.length} surnames, ${learned.notNames.length} not-names; ${municipalities.size} municipalities`,
  );
  return 0;
}

if (require.main === module) runAsMain(PII_BUILD_LEXICON_COMMAND, () => main());
