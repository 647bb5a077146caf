// The near-duplicate fingerprint on its own: what normalisation folds away, and that a campaign's
// variants land within NEAR_DISTANCE bits of each other while unrelated comments land far apart.
import { describe, expect, it } from 'vitest';
import { hammingDistance, NEAR_DISTANCE, simHash, similarityWords, type SimHash } from '../../src/domain/moderation/steps/simhash.ts';

const distance = (a: string, b: string) => hammingDistance(simHash(a)!, simHash(b)!);

const CAMPAIGN = [
  "I'm making $7,000 a month working from home, my friend Sarah showed me how. Go to https://cash-now.example/join?ref=1",
  "I'm making $9,450 a month working from home, my friend Jessica showed me how. Go to http://easy-money.example/start",
  "i'm making 12.000 € a month working from home, my friend Zoë showed me how. Go to www.work-home.example/x?id=55",
];

const UNRELATED = [
  'The council vote on the new bus lanes was delayed again, which is frustrating for everyone who commutes.',
  'I think the article misses the point about housing costs in the city centre; rents rose 12% last year.',
  'My grandmother kept bees for forty years and never once wore gloves, she said they knew her.',
];

describe('near-duplicate fingerprint', () => {
  it('folds case and accents and replaces links, e-mail addresses, numbers and names with placeholders', () => {
    expect(
      similarityWords('Café CRÈME at 10:30, call +1 555-0100 or mail bob@shop.example, see https://x.example/a?b=1 — ask for Marta'),
    ).toEqual(['cafe', 'creme', 'at', 'xnum', 'call', 'xnum', 'xnum', 'or', 'mail', 'xemail', 'see', 'xurl', 'ask', 'for', 'xname']);
    // A capital at the start of a sentence is not a name.
    expect(similarityWords('Great. Read it twice')).toEqual(['great', 'read', 'it', 'twice']);
  });

  it('puts one template with other numbers, links and names within NEAR_DISTANCE bits', () => {
    for (const a of CAMPAIGN) for (const b of CAMPAIGN) expect(distance(a, b)).toBeLessThanOrEqual(NEAR_DISTANCE);
  });

  it('keeps unrelated comments, and a campaign from an ordinary comment, far apart', () => {
    const all = [...UNRELATED, CAMPAIGN[0]!];
    for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(distance(a, b)).toBeGreaterThan(3 * NEAR_DISTANCE);
  });

  it('leaves short replies alone: too short to compare, as for repeated text', () => {
    expect(simHash('Agreed.')).toBeNull();
    expect(simHash('Thanks! Great article.')).toBeNull();
    expect(simHash('Thanks for sharing this great article')).toBeNull();
    expect(simHash(CAMPAIGN[0]!)).not.toBeNull();
  });

  it('stores as four 16-bit bands, and two hashes within 3 bits share at least one band', () => {
    const hash = simHash(UNRELATED[0]!)!;
    expect(hash).toHaveLength(4);
    for (const band of hash) expect(band >= 0 && band <= 0xffff && Number.isInteger(band)).toBe(true);
    const flipped: SimHash = [hash[0] ^ 1, hash[1] ^ 0x100, hash[2] ^ 0x8000, hash[3]];
    expect(hammingDistance(hash, flipped)).toBe(3);
    expect(hash.some((band, i) => band === flipped[i])).toBe(true);
  });
});
