// The seed thread (129 real comments, six empty bot posts) imported with every spam mark removed
// and screened: neither the near-duplicate check nor the links-from-strangers check may touch a
// real comment. The closest pair of real comments from different people is printed, to show the
// margin the near-duplicate distance leaves.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/domain/import/run.ts';
import { checkStrangerLinks } from '../../src/domain/moderation/steps/stranger-links.ts';
import { hammingDistance, NEAR_DISTANCE, simHash } from '../../src/domain/moderation/steps/simhash.ts';
import { DEFAULT_MODERATION } from '../../src/domain/moderation/settings.ts';
import { parseModeration } from '../../src/domain/moderation/types.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';

const SEED = path.join(import.meta.dirname, '../../src/demo/content/seed-disqus.xml');
const MINE = new Set(['near-duplicate', 'stranger-links']);

describe.each(testEngines())('the seed thread and the near-duplicate and stranger checks (%s)', (engine) => {
  let t: TestApp;
  let real: {
    body_markdown: string;
    guest_name: string | null;
    guest_email: string | null;
    moderation: string;
    thread_id: string;
    created_at: string;
  }[];
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const xml = fs.readFileSync(SEED, 'utf8').replaceAll('<isSpam>true</isSpam>', '<isSpam>false</isSpam>');
    await runImport(t.ctx, { format: 'disqus', input: Readable.from([xml]), screen: true });
    const rows = await t.storage.db
      .selectFrom('comments')
      .select(['body_markdown', 'guest_name', 'guest_email', 'moderation', 'thread_id', 'created_at'])
      .execute();
    real = rows.filter((r) => r.body_markdown !== '');
  }, 60_000);
  afterAll(async () => t?.close());

  it('holds none of the 129 real comments as a near-duplicate', () => {
    expect(real).toHaveLength(129);
    expect(real.filter((r) => parseModeration(r.moderation).some((s) => MINE.has(s.step)))).toEqual([]);
    const hashed = real.map((r) => ({ who: r.guest_email ?? r.guest_name, hash: simHash(r.body_markdown) })).filter((r) => r.hash);
    let closest = 64;
    for (const [i, a] of hashed.entries())
      for (const b of hashed.slice(i + 1)) if (a.who !== b.who) closest = Math.min(closest, hammingDistance(a.hash!, b.hash!));
    console.log(`seed on ${engine}: ${hashed.length} real comments fingerprinted; closest pair from different people: ${closest} bits`);
    expect(closest).toBeGreaterThan(NEAR_DISTANCE);
  });

  it('would hold none of them as a first comment from a guest either, even posted today', async () => {
    for (const r of real) {
      const step = await checkStrangerLinks(
        t.storage.db,
        {
          threadId: r.thread_id,
          body: r.body_markdown,
          author: { kind: 'guest', name: r.guest_name ?? 'Guest', email: null, keyHash: null },
          at: r.created_at,
          mode: 'post',
        },
        DEFAULT_MODERATION,
        { user: undefined },
      );
      expect(step, r.body_markdown).toBeNull();
    }
  });
});
