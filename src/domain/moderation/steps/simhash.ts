// A similarity fingerprint of a comment's words, for near-duplicates across commenters. Spam
// campaigns post one template with the numbers, links, addresses and names changed, so the text
// is first normalised (case and accents folded; links, e-mail addresses and numbers replaced by
// placeholders) and then hashed with SimHash: 64 bits where similar texts differ in few bits.
//
// SimHash rather than MinHash: one 64-bit value per comment, stored as four 16-bit bands in four
// indexed columns. Two fingerprints within 3 bits of each other must agree on at least one whole
// band (3 differing bits cannot touch all four), so "any band equal" finds every candidate with
// one indexed OR query, and the exact distance is counted on the few rows it returns. MinHash
// with LSH needs a few dozen bands to reach the same recall: a row per band per comment, many
// more writes on every post.
import { createHash } from 'node:crypto';
import { comparable, MIN_REPEATED_LENGTH } from './text.ts';

/** Four 16-bit bands, most significant first. */
export type SimHash = readonly [number, number, number, number];

/**
 * Fewer words than this are left alone: too few features for a fingerprint to mean anything, and
 * short praise ("Thanks for sharing this great article") is said alike by many readers.
 */
export const MIN_SIMILAR_WORDS = 8;

/** At most this many differing bits (of 64) counts as "the same comment again". */
export const NEAR_DISTANCE = 3;

const URL = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"'`]+/gi;
const EMAIL = /[^\s@<>()[\]"'`]+@[^\s@<>()[\]"'`]+\.[a-z]{2,}/gi;
// Prices, phone numbers, dates, percentages: digits with the separators they come with.
// A capitalised word inside a sentence is most often a name ("my friend Sarah showed me").
const NAME = /([\p{Ll}\p{N},;:] +)\p{Lu}\p{Ll}+/gu;
const NUMBER = /[$€£¥]?\d(?:[\d.,:/-]*\d)?%?/g;

/**
 * The words compared: case and accents folded; links, e-mail addresses, numbers and names (a
 * capitalised word inside a sentence) replaced by placeholders.
 */
export function similarityWords(body: string): string[] {
  const text = body
    .replace(NAME, '$1xname')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(URL, ' xurl ')
    .replace(EMAIL, ' xemail ')
    .replace(NUMBER, ' xnum ');
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The first 64 bits of the feature's MD5, as its high and low 32-bit halves (no BigInt: this runs for every word of every comment). */
function hash64(feature: string): [number, number] {
  const digest = createHash('md5').update(feature).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
}

/**
 * The comment's SimHash over its words and word pairs (pairs keep some order, single words keep
 * a changed name from moving too many features), or null when it is too short to compare: the
 * same notion of too short as the repeated-text check, and at least MIN_SIMILAR_WORDS words.
 */
export function simHash(body: string): SimHash | null {
  if (comparable(body).length < MIN_REPEATED_LENGTH) return null;
  const words = similarityWords(body);
  if (words.length < MIN_SIMILAR_WORDS) return null;
  const features = [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
  const tally = new Array<number>(64).fill(0);
  for (const feature of features) {
    const [high, low] = hash64(feature);
    for (let bit = 0; bit < 32; bit++) {
      tally[bit]! += (low >>> bit) & 1 ? 1 : -1;
      tally[bit + 32]! += (high >>> bit) & 1 ? 1 : -1;
    }
  }
  const bands = [0, 0, 0, 0];
  for (let bit = 0; bit < 64; bit++) if (tally[bit]! > 0) bands[3 - (bit >> 4)]! |= 1 << (bit & 15);
  return bands as unknown as SimHash;
}

function popcount16(n: number): number {
  let count = 0;
  for (let v = n & 0xffff; v; v &= v - 1) count++;
  return count;
}

/** How many of the 64 bits differ. */
export function hammingDistance(a: SimHash, b: SimHash): number {
  return popcount16(a[0] ^ b[0]) + popcount16(a[1] ^ b[1]) + popcount16(a[2] ^ b[2]) + popcount16(a[3] ^ b[3]);
}
