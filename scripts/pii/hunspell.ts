/**
 * Expands a Hunspell dictionary (the `dictionary-pt` package: index.dic and index.aff) into its
 * word forms, suffix rules only: prefix rules (aero-, hiper-, ultra-...) and hyphenated clitic forms
 * multiply the list twentyfold with words nobody writes, and a capitalised word is told from an
 * ordinary one by its stem and inflections.
 */
import { readFileSync } from "node:fs";

interface SuffixRule {
  readonly strip: string;
  readonly add: string;
  readonly condition: RegExp;
}

/** SFX rules by flag (FLAG UTF-8: each character of a flag string is one flag). */
function suffixRules(aff: string): Map<string, SuffixRule[]> {
  const rules = new Map<string, SuffixRule[]>();
  for (const line of aff.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] !== "SFX" || fields.length < 5) continue;
    const [, flag, stripField, addField, condition] = fields as [string, string, string, string, string];
    const add = addField.split("/")[0]!;
    const list = rules.get(flag) ?? [];
    list.push({ strip: stripField === "0" ? "" : stripField, add: add === "0" ? "" : add, condition: new RegExp(`${condition}$`, "u") });
    rules.set(flag, list);
  }
  return rules;
}

/** Every form of the dictionary (stems and their suffixed forms), each with whether its stem is capitalised. */
export function* hunspellForms(dicPath: string, affPath: string): Generator<{ form: string; stemCapitalised: boolean }> {
  const rules = suffixRules(readFileSync(affPath, "utf8"));
  const lines = readFileSync(dicPath, "utf8").split("\n").slice(1);
  for (const line of lines) {
    const entry = line.split(/\t/)[0]!.trim();
    if (entry === "") continue;
    const slash = entry.indexOf("/");
    const stem = slash === -1 ? entry : entry.slice(0, slash);
    const flags = slash === -1 ? "" : entry.slice(slash + 1);
    const stemCapitalised = stem[0] !== stem[0]!.toLowerCase();
    yield { form: stem, stemCapitalised };
    for (const flag of flags) {
      for (const rule of rules.get(flag) ?? []) {
        if (!rule.condition.test(stem) || !stem.endsWith(rule.strip)) continue;
        yield { form: stem.slice(0, stem.length - rule.strip.length) + rule.add, stemCapitalised };
      }
    }
  }
}
