/** The IBGE 2010 census given names (shared/data/pii), each with its count over every decade of birth. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { CENSUS_FILE, sharedPiiData } from "../../functions/evaluator/pii/corpus/lener-br";

export interface CensusName {
  /** Upper case without accents, as the census writes it. */
  readonly name: string;
  readonly count: number;
}

export function readCensusNames(dataDir = sharedPiiData()): CensusName[] {
  const path = join(dataDir, CENSUS_FILE);
  const [header, ...rows] = gunzipSync(readFileSync(path)).toString("utf8").trim().split("\n");
  if (!header?.startsWith("Nome,")) throw new Error(`${path}: expected the header "Nome,ate1930,...", got ${JSON.stringify(header?.slice(0, 40))}`);
  const names: CensusName[] = [];
  rows.forEach((row, index) => {
    const [name, ...counts] = row.trim().split(",");
    if (!name) throw new Error(`${path}: line ${index + 2}: Nome is empty`);
    // The source has a few names with a lost character ("JO?O"): no text holds them.
    if (!/^[A-Z]+$/.test(name)) return;
    names.push({ name, count: counts.reduce((sum, value) => sum + (Number(value) || 0), 0) });
  });
  return names;
}
