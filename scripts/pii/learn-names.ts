/** What the lexicon learns from the train part of LeNER-Br: surnames and capitalised words that are never names. */
import { fold } from "../../functions/evaluator/pii/name-lists";
import type { LabelledSentence } from "../../functions/evaluator/pii/corpus/lener-br";

const PARTICLES = new Set(["da", "de", "do", "das", "dos", "e", "d'"]);
/** A capitalised word seen this often and never in a person name is learnt as no name. */
const NOT_NAME_MIN_COUNT = 3;

export function learnFromTrain(
  train: readonly LabelledSentence[],
  commonGivenNames: ReadonlySet<string>,
  ordinaryWords: ReadonlySet<string>,
): { surnames: string[]; notNames: string[] } {
  const inNames = new Set<string>();
  const outside = new Map<string, number>();
  for (const sentence of train) {
    for (const { word, tag } of sentence) {
      if (!/^\p{Lu}\p{L}/u.test(word)) continue;
      const key = fold(word);
      if (tag.endsWith("PESSOA")) inNames.add(key);
      else outside.set(key, (outside.get(key) ?? 0) + 1);
    }
  }
  // An ordinary word counts only if never capitalised outside a name: "Documento" in a name is a labelling slip, "Grau" is not.
  const surnames = [...inNames]
    .filter((key) => key.length >= 3 && !PARTICLES.has(key) && !commonGivenNames.has(key) && (!ordinaryWords.has(key) || !outside.has(key)))
    .sort();
  // Only words the other lists would take for names: an ordinary word needs no entry.
  const notNames = [...outside]
    .filter(([key, count]) => count >= NOT_NAME_MIN_COUNT && !inNames.has(key) && (!ordinaryWords.has(key) || commonGivenNames.has(key)))
    .map(([key]) => key)
    .sort();
  return { surnames, notNames };
}
