// Learning from history: an import teaches the spam filter the source's spam marks (as spam) and
// approved comments (as ham), once; `learn: false` leaves the filter as it was.
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { featuresOf, learnFromDecision } from '../../src/domain/moderation/spam-model.ts';
import { TOTALS_TOKEN, tokenCounts } from '../../src/storage/repos/spam-tokens.ts';
import type { Db } from '../../src/storage/db.ts';
import { importFile, importedComments } from './helpers.ts';

const DISQUS = path.resolve('test/fixtures/spam-labelled-disqus.xml');
const WXR = path.resolve('test/fixtures/spam-labelled-wxr.xml');

async function allCounts(db: Db): Promise<Map<string, { spam: number; ham: number }>> {
  const rows = await db.selectFrom('spam_tokens').select(['token', 'spam_count', 'ham_count']).execute();
  return new Map(rows.map((r) => [r.token, { spam: Number(r.spam_count), ham: Number(r.ham_count) }]));
}

/** What the import added: stored counts now minus counts before. */
function difference(before: Map<string, { spam: number; ham: number }>, after: Map<string, { spam: number; ham: number }>) {
  const out = new Map<string, { spam: number; ham: number }>();
  for (const [token, now] of after) {
    const was = before.get(token) ?? { spam: 0, ham: 0 };
    if (now.spam !== was.spam || now.ham !== was.ham) out.set(token, { spam: now.spam - was.spam, ham: now.ham - was.ham });
  }
  return out;
}

describe.each(testEngines())('import learning on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    await t?.close();
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('a Disqus import teaches the filter its spam marks as spam and its other comments as ham, each token counted once per comment', async () => {
    const before = await allCounts(t.storage.db);
    const report = await importFile(t.ctx, 'disqus', DISQUS);
    // 6 ordinary + 1 with links as ham; 3 empty + 1 ordinary-looking as spam; the deleted one teaches nothing.
    expect(report.learned).toEqual({ spam: 4, ham: 7 });
    const added = difference(before, await allCounts(t.storage.db));
    expect(added.get(TOTALS_TOKEN)).toEqual({ spam: 4, ham: 7 });
    // The three empty bot posts and the quiet spammer: guests with an email.
    expect(added.get('len:empty')).toEqual({ spam: 3, ham: 0 });
    expect(added.get('author:guest')).toEqual({ spam: 4, ham: 7 });
    expect(added.get('d:gsmarena.com')).toEqual({ spam: 0, ham: 1 });
    // Exactly the features spam-model reads from the ordinary-looking spam post, once each.
    for (const feature of featuresOf('Thanks for the write-up, a good read.', { kind: 'guest', accountAgeSeconds: null, hasEmail: true }))
      expect(added.get(feature)?.spam, feature).toBeGreaterThanOrEqual(1);
    expect(added.has('w:deleted')).toBe(false);

    const rows = await t.storage.db.selectFrom('comments').select(['status', 'trained_as']).execute();
    expect(rows.filter((r) => r.trained_as === 'spam')).toHaveLength(4);
    expect(rows.filter((r) => r.trained_as === 'ham')).toHaveLength(7);
    expect(rows.filter((r) => r.status === 'deleted').map((r) => r.trained_as)).toEqual([null]);
  });

  it('importing the same file again teaches nothing more, and a later decision moves a comment from spam to ham', async () => {
    await importFile(t.ctx, 'disqus', DISQUS);
    const once = await allCounts(t.storage.db);
    const again = await importFile(t.ctx, 'disqus', DISQUS);
    expect(again.learned).toEqual({ spam: 0, ham: 0 });
    expect(await allCounts(t.storage.db)).toEqual(once);

    // The import recorded what it taught, so a moderator's "not spam" moves the lesson instead of adding a second one.
    const quiet = (await importedComments(t.storage.db, 'disqus')).get('8204')!;
    const id = (
      await t.storage.db.selectFrom('import_sources').select('local_id').where('source_id', '=', '8204').executeTakeFirstOrThrow()
    ).local_id!;
    expect(quiet.status).toBe('spam');
    await learnFromDecision(t.ctx, { id }, 'ham');
    const totals = (await tokenCounts(t.storage.db, [TOTALS_TOKEN])).get(TOTALS_TOKEN);
    expect(totals).toEqual({ spam: 3, ham: 8 });
  });

  it('learn: false (--no-learn) leaves the filter untouched, and a dry run keeps nothing of what it would teach', async () => {
    const before = await allCounts(t.storage.db);
    const dry = await importFile(t.ctx, 'disqus', DISQUS, { dryRun: true });
    expect(dry.learned).toEqual({ spam: 4, ham: 7 });
    expect(await allCounts(t.storage.db)).toEqual(before);
    const report = await importFile(t.ctx, 'disqus', DISQUS, { learn: false });
    expect(report.learned).toEqual({ spam: 0, ham: 0 });
    expect(report.imported.comment).toBe(12);
    expect(await allCounts(t.storage.db)).toEqual(before);
    const trained = await t.storage.db.selectFrom('comments').select('trained_as').where('trained_as', 'is not', null).execute();
    expect(trained).toHaveLength(0);
  });

  it('a WordPress import teaches comment_approved=spam as spam and approved comments as ham; held comments and pingbacks teach nothing', async () => {
    const before = await allCounts(t.storage.db);
    const report = await importFile(t.ctx, 'wordpress', WXR);
    expect(report.learned).toEqual({ spam: 3, ham: 6 });
    const added = difference(before, await allCounts(t.storage.db));
    expect(added.get(TOTALS_TOKEN)).toEqual({ spam: 3, ham: 6 });
    expect(added.get('len:empty')).toEqual({ spam: 2, ham: 0 });
    expect(added.has('w:waiting')).toBe(false);
    expect(added.has('w:pingback')).toBe(false);
    expect((await importFile(t.ctx, 'wordpress', WXR)).learned).toEqual({ spam: 0, ham: 0 });
    expect(difference(before, await allCounts(t.storage.db)).get(TOTALS_TOKEN)).toEqual({ spam: 3, ham: 6 });
  });
});
