/**
 * What the evaluator's fail-closed last check does on real court text nobody on this project wrote
 * (LeNER-Br's training split, testing/data/pii or PII_DATA_DIR; never used to write or tune the
 * last check): consecutive sentences are grouped into records, masked as the evaluator masks them in
 * sa-east-1 (local detectors only), and checked. A record "leaks" when a word of a labelled person
 * name is still in its masked text; the last check "stops" a record it would dead-letter.
 *
 *   npm run pii:guard-eval                      # records of 5 sentences
 *   npm run pii:guard-eval -- --sentences 10    # another record size
 *
 * Prints: records, leaking records, stopped records, leaks stopped, stops without a leak (the check's
 * cost: records that would be dead-lettered for nothing), leaks still sent, and the check's CPU time.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { maskJudgeInput } from "../functions/evaluator/judge-input";
import { lastCheck } from "../functions/evaluator/last-check/last-check";
import { type CommandSpec, numberFlag, type ParsedCommandLine, runAsMain, UsageError } from "./cli/command-line";

interface Token {
  readonly text: string;
  readonly tag: string;
}

function dataDir(): string {
  const candidates = [process.env.PII_DATA_DIR, resolve(__dirname, "../testing/data/pii"), resolve(__dirname, "../../shared/data/pii")].filter(
    (dir): dir is string => dir !== undefined,
  );
  const found = candidates.find((dir) => existsSync(join(dir, "lener-br-train.conll.gz")));
  if (!found) throw new Error(`lener-br-train.conll.gz not found in ${candidates.join(", ")}; set PII_DATA_DIR`);
  return found;
}

function sentences(file: string): Token[][] {
  const result: Token[][] = [];
  let current: Token[] = [];
  for (const line of gunzipSync(readFileSync(file)).toString("utf8").split("\n")) {
    const [text, tag] = line.trim().split(/\s+/);
    if (!text) {
      if (current.length > 0) result.push(current);
      current = [];
    } else current.push({ text, tag: tag ?? "O" });
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** Tokens joined as text: no space before closing punctuation. */
function detokenize(tokens: readonly Token[]): string {
  return tokens.reduce((text, token) => (text === "" ? token.text : /^[.,;:!?)\]]/.test(token.text) ? text + token.text : `${text} ${token.text}`), "");
}

const CONNECTORS = new Set(["da", "de", "do", "das", "dos", "e"]);

export const PII_GUARD_EVAL_COMMAND = {
  name: "npm run pii:guard-eval --",
  summary: "What the evaluator's fail-closed last check stops on LeNER-Br court text (records of N sentences), and its CPU time.",
  options: {
    sentences: { type: "string", value: "<n>", help: "sentences per record, 1-100 (default 5)" },
  },
  notes: ["The data folder is ../shared/data/pii, or PII_DATA_DIR."],
} as const satisfies CommandSpec;

async function main({ values }: ParsedCommandLine<typeof PII_GUARD_EVAL_COMMAND.options>): Promise<number> {
  const perRecord = numberFlag("sentences", values.sentences, 5, { min: 1, integer: true });
  if (perRecord > 100) throw new UsageError(`--sentences must be at most 100, got "${values.sentences}"`);
  const all = sentences(join(dataDir(), "lener-br-train.conll.gz"));
  const tally = { records: 0, withNames: 0, leaking: 0, stopped: 0, leaksStopped: 0, stopsWithoutLeak: 0, leaksSent: 0, chars: 0, checkMs: 0 };
  for (let index = 0; index < all.length; index += perRecord) {
    const tokens = all.slice(index, index + perRecord).flat();
    const text = all
      .slice(index, index + perRecord)
      .map(detokenize)
      .join(" ");
    const nameWords = new Set(
      tokens.filter((t) => t.tag.endsWith("PESSOA") && t.text.length >= 3 && !CONNECTORS.has(t.text.toLowerCase())).map((t) => t.text.toLowerCase()),
    );
    const masked = await maskJudgeInput({ prompt: text, response: "", useCase: "legal", requestType: "general" }, ["pt"]);
    const started = process.cpuUsage();
    const survivors = lastCheck(masked.input, { prompt: text, response: "" });
    const used = process.cpuUsage(started);
    tally.checkMs += (used.user + used.system) / 1000;
    tally.chars += text.length;
    const maskedWords = new Set(masked.input.prompt.toLowerCase().match(/[\p{L}]+/gu) ?? []);
    const leaking = [...nameWords].some((word) => maskedWords.has(word));
    const stopped = survivors.length > 0;
    tally.records += 1;
    if (nameWords.size > 0) tally.withNames += 1;
    if (leaking) tally.leaking += 1;
    if (stopped) tally.stopped += 1;
    if (leaking && stopped) tally.leaksStopped += 1;
    if (!leaking && stopped) tally.stopsWithoutLeak += 1;
    if (leaking && !stopped) tally.leaksSent += 1;
  }
  const share = (n: number, of: number) => `${n} (${((100 * n) / Math.max(of, 1)).toFixed(1)} %)`;
  console.log(`LeNER-Br train, ${all.length} sentences in records of ${perRecord}; local detectors only (sa-east-1)`);
  console.log("| figure | records |");
  console.log("| --- | ---: |");
  console.log(`| records | ${tally.records} |`);
  console.log(`| records with a labelled person name | ${tally.withNames} |`);
  console.log(`| leaking after masking (a name word still in the masked text) | ${share(tally.leaking, tally.records)} |`);
  console.log(`| stopped by the last check | ${share(tally.stopped, tally.records)} |`);
  console.log(`| leaks stopped | ${share(tally.leaksStopped, tally.leaking)} of the leaking |`);
  console.log(`| leaks still sent | ${share(tally.leaksSent, tally.records)} |`);
  console.log(`| stopped without a name leak (structured hits, or a masked word reused) | ${share(tally.stopsWithoutLeak, tally.records)} |`);
  console.log(`last check CPU: ${((tally.checkMs / tally.chars) * 1000).toFixed(2)} ms per 1,000 characters`);
  return 0;
}

if (require.main === module) runAsMain(PII_GUARD_EVAL_COMMAND, main);
