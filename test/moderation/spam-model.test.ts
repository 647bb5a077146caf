// The learned filter: the shipped base model makes it speak from the first comment; the site's
// decisions add to the base counts one at a time, moving a comment's counts when a moderator
// changes their mind. With an empty base (as before the base model shipped) it stays neutral
// until base and site together have seen enough of both kinds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_BASE_MODEL, shippedBaseModel } from '../../src/domain/moderation/base-model.ts';
import { featuresOf, learnFromDecision, MIN_TRAINING, scoreComment } from '../../src/domain/moderation/spam-model.ts';
import { screenComment } from '../../src/domain/moderation/pipeline.ts';
import { DEFAULT_MODERATION } from '../../src/domain/moderation/settings.ts';
import { tokenCounts, TOTALS_TOKEN } from '../../src/storage/repos/spam-tokens.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeUser } from '../helpers/factories.ts';
import { addComment, makeThread } from './helpers.ts';

const SPAM = [
  'Cheap pills online, buy now at https://pills.example best price',
  'Earn money from home fast, click https://cash.example now',
  'Best casino bonus today https://casino.example free spins',
  'Buy followers cheap https://followers.example instant delivery',
  'Make money online, no work, https://cash.example/join now',
  'Cheap replica watches https://watches.example buy today',
  'Free crypto giveaway, click https://crypto.example to claim now',
  'Hot singles near you https://dating.example click now',
  'Lose weight fast with our pills https://pills.example/diet',
  'Buy cheap phone cases at https://cases.example best price now',
  'Work from home and earn money https://cash.example today',
  'Casino free spins bonus https://casino.example/spins click',
];
const HAM = [
  'Sony should never have left the US market, the Z5 was a great phone.',
  'I disagree, the camera on the Xperia is still the best in its class.',
  'They made bad choices with marketing, that is the real problem here.',
  'As an Indian user I am sad to hear this, the service centres were good.',
  'The fingerprint sensor was disabled in the US because of licensing.',
  'Samsung and Apple simply outspent them on advertising for years.',
  'My Xperia Z3 still works perfectly after three years of daily use.',
  'The battery life on the compact models was better than anything else.',
  'I hope they keep making compact phones, nobody else does anymore.',
  'This is another signal that the mobile division is in trouble.',
  'Carrier deals matter more in the US than the quality of the phone.',
  'The design language has not changed since the Z1, that hurts sales.',
];

describe.each(testEngines())('the learned spam filter (%s)', (engine) => {
  let t: TestApp;
  let threadId: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    threadId = (await makeThread(t.ctx)).thread.id;
  });
  afterAll(async () => t?.close());

  const totals = async () => (await tokenCounts(t.storage.db, [TOTALS_TOKEN])).get(TOTALS_TOKEN) ?? { spam: 0, ham: 0 };
  const comment = (body: string, email: string | null = null) =>
    addComment(t.ctx, { thread_id: threadId, created_at: TEST_NOW, body_markdown: body, guest_email: email });

  it('turns a comment into word, domain and author features', async () => {
    const features = featuresOf('Buy at https://www.pills.example/x NOW', { kind: 'guest', accountAgeSeconds: null, hasEmail: false });
    expect(features).toEqual(
      expect.arrayContaining(['w:buy', 'w:at', 'w:now', 'd:pills.example', 'links:1', 'len:medium', 'author:guest', 'email:no']),
    );
    expect(featuresOf('', { kind: 'account', accountAgeSeconds: 600, hasEmail: true })).toEqual(
      expect.arrayContaining(['len:empty', 'author:account', 'age:hour', 'email:yes']),
    );
    const user = await makeUser(t.ctx, 'reader');
    const row = await addComment(t.ctx, {
      thread_id: threadId,
      created_at: new Date(Date.parse(user.created_at) + 3 * 86400_000).toISOString(),
      author_id: user.id,
      guest_name: null,
    });
    const scored = await scoreComment(t.ctx, row);
    expect(scored.site).toEqual({ spam: 0, ham: 0 });
    expect(scored.trainedOn).toEqual(shippedBaseModel().totals);
  });

  it('speaks from the first comment with the shipped base model', async () => {
    const screened = await screenComment(
      t.ctx,
      { threadId, body: SPAM[0]!, author: { kind: 'guest', name: 'x', email: null, keyHash: null }, at: TEST_NOW, mode: 'import' },
      DEFAULT_MODERATION,
    );
    expect(screened.spamScore).toBeGreaterThan(0.9);
    expect(screened.steps.find((s) => s.step === 'model')).toMatchObject({ verdict: expect.stringMatching(/^(hold|spam)$/) });
  });

  it.each(['Заработок в интернете от 5000 рублей в день без вложений, пишите в телеграм', 'घर बैठे पैसे कमाएं, रोज़ 5000 रुपये, अभी व्हाट्सएप करें'])(
    'holds contact-app spam in the languages the site speaks from the first comment: %j',
    async (body) => {
      const screened = await screenComment(
        t.ctx,
        { threadId, body, author: { kind: 'guest', name: 'x', email: null, keyHash: null }, at: TEST_NOW, mode: 'import' },
        DEFAULT_MODERATION,
      );
      expect(screened.spamScore).toBeGreaterThan(DEFAULT_MODERATION.holdScore);
    },
  );

  // The gate itself, shown on the site's counts alone (an empty base): a new base model never
  // hides it, since the totals it checks are the base's and the site's together.
  it('without a base, stays neutral (no score) until it has learned enough of both kinds', async () => {
    for (const body of SPAM.slice(0, MIN_TRAINING - 1)) await learnFromDecision(t.ctx, await comment(body), 'spam');
    for (const body of HAM.slice(0, MIN_TRAINING - 1)) await learnFromDecision(t.ctx, await comment(body, 'reader@example.com'), 'ham');
    expect(await totals()).toEqual({ spam: MIN_TRAINING - 1, ham: MIN_TRAINING - 1 });
    const score = await scoreComment(t.ctx, await comment(SPAM[0]!), EMPTY_BASE_MODEL);
    expect(score.score).toBeNull();
    expect(score.clues).toEqual([]);
  });

  it('once trained on the site alone, rates spam-like text high and conversation low; with the base, the pipeline acts on it', async () => {
    for (const body of SPAM.slice(MIN_TRAINING - 1)) await learnFromDecision(t.ctx, await comment(body), 'spam');
    for (const body of HAM.slice(MIN_TRAINING - 1)) await learnFromDecision(t.ctx, await comment(body, 'reader@example.com'), 'ham');
    expect(await totals()).toEqual({ spam: SPAM.length, ham: HAM.length });
    const spammy = await scoreComment(
      t.ctx,
      await comment('Click now for cheap pills and free casino money https://pills.example'),
      EMPTY_BASE_MODEL,
    );
    const hammy = await scoreComment(
      t.ctx,
      await comment('I think the Xperia camera was great but their marketing was bad.', 'other@example.com'),
      EMPTY_BASE_MODEL,
    );
    expect(spammy.score).toBeGreaterThan(0.9);
    expect(hammy.score).toBeLessThan(0.5);
    expect(spammy.clues.length).toBeGreaterThan(0);

    const screened = await screenComment(
      t.ctx,
      {
        threadId,
        body: 'Buy cheap pills now, click https://pills.example for the best price',
        author: { kind: 'guest', name: 'x', email: null, keyHash: null },
        at: TEST_NOW,
        mode: 'post',
      },
      { ...DEFAULT_MODERATION, holdScore: 0.8, spamScore: 0.95 },
    );
    expect(screened.spamScore).toBeGreaterThan(0.8);
    expect(screened.status).not.toBe('published');
    expect(screened.steps.find((s) => s.step === 'model')).toMatchObject({
      reason: expect.stringMatching(/^learned filter: .*pharmacy words.*: spam probability 0\.\d\d$/),
    });
  });

  it('learns each decision once, and moves the counts when a comment is relabelled', async () => {
    const row = await comment('Free money giveaway, click https://cash.example quickly');
    await learnFromDecision(t.ctx, row, 'spam');
    const before = await totals();
    const wordBefore = (await tokenCounts(t.storage.db, ['w:giveaway'])).get('w:giveaway')!;
    await learnFromDecision(t.ctx, row, 'spam');
    expect(await totals()).toEqual(before);
    expect((await findComment(t.storage.db, row.id))?.trained_as).toBe('spam');

    await learnFromDecision(t.ctx, row, 'ham');
    expect(await totals()).toEqual({ spam: before.spam - 1, ham: before.ham + 1 });
    expect((await tokenCounts(t.storage.db, ['w:giveaway'])).get('w:giveaway')).toEqual({
      spam: wordBefore.spam - 1,
      ham: wordBefore.ham + 1,
    });
    expect((await findComment(t.storage.db, row.id))?.trained_as).toBe('ham');
  });

  it('keeps every count when two decisions about different comments arrive together', async () => {
    const before = await totals();
    const rows = await Promise.all([1, 2, 3, 4].map((n) => comment(`Concurrent decision number ${n} about pills`)));
    await Promise.all(rows.map((row, i) => learnFromDecision(t.ctx, row, i % 2 === 0 ? 'spam' : 'ham')));
    expect(await totals()).toEqual({ spam: before.spam + 2, ham: before.ham + 2 });
  });
});
