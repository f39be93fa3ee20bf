/**
 * A Bloom filter over folded words: the Portuguese word list ships as 2 MB of bits instead of two
 * million strings, and loads in a millisecond. A word not in the list is never reported as in it;
 * a word in it is reported so, and about 1 % of other words are too (the builder prints the rate).
 */

/** Two 32-bit FNV-1a hashes of `word` with different offsets; their combinations give the k bit positions. */
function hashes(word: string): [number, number] {
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995);
    second ^= second >>> 15;
  }
  return [first >>> 0, (second >>> 0) | 1];
}

export interface BloomFilter {
  readonly bitCount: number;
  readonly hashCount: number;
  readonly bits: Uint8Array;
}

export function bloomHas(filter: BloomFilter, word: string): boolean {
  const [first, second] = hashes(word);
  for (let round = 0; round < filter.hashCount; round += 1) {
    const bit = (first + Math.imul(round, second)) >>> 0;
    const position = bit % filter.bitCount;
    if ((filter.bits[position >>> 3]! & (1 << (position & 7))) === 0) return false;
  }
  return true;
}

export function bloomAdd(filter: BloomFilter, word: string): void {
  const [first, second] = hashes(word);
  for (let round = 0; round < filter.hashCount; round += 1) {
    const bit = (first + Math.imul(round, second)) >>> 0;
    const position = bit % filter.bitCount;
    filter.bits[position >>> 3]! |= 1 << (position & 7);
  }
}

/** An empty filter sized for `count` words at about `falsePositiveRate`. */
export function emptyBloom(count: number, falsePositiveRate: number): BloomFilter {
  const bitCount = Math.ceil((-count * Math.log(falsePositiveRate)) / Math.LN2 ** 2);
  const hashCount = Math.max(1, Math.round((bitCount / count) * Math.LN2));
  return { bitCount, hashCount, bits: new Uint8Array(Math.ceil(bitCount / 8)) };
}
