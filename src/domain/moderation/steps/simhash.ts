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

/**
 * A 32-bit hash of the feature's UTF-16 code units, mixed as MurmurHash3 mixes its blocks and
 * finished with its avalanche step, so every output bit depends on every input bit: what SimHash
 * needs of a feature hash. It replaced MD5, which cost a crypto object per word of every comment;
 * fingerprints stored before the change match new ones no more, which the check's one-day
 * look-back forgets within a day (as when the fingerprints were introduced).
 */
function hash32(feature: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < feature.length; i++) {
    let k = Math.imul(feature.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  h ^= feature.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// Two seeds: two independent 32-bit halves of one 64-bit feature hash.
const HIGH_SEED = 0x9747b28c;
const LOW_SEED = 0x5bd1e995;

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
    const high = hash32(feature, HIGH_SEED);
    const low = hash32(feature, LOW_SEED);
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
