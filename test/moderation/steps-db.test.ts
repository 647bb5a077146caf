// The pipeline steps that look at history (repeats, bursts, first comments, sanctions) and the
// posting rules (closed threads, slow mode), each on its own, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import type { Candidate } from '../../src/domain/moderation/candidate.ts';
import { checkRepeated } from '../../src/domain/moderation/steps/repeated.ts';
import { checkVelocity, VELOCITY } from '../../src/domain/moderation/steps/velocity.ts';
import { policyStep, readPolicyHistory } from '../../src/domain/moderation/steps/policy.ts';
import type { ThreadPolicy } from '../../src/domain/moderation/settings.ts';
import type { Db } from '../../src/storage/db.ts';
import { findSanctions, subjectsOf, bannedError } from '../../src/domain/moderation/steps/sanctions.ts';
import { closedReason, enforceSlowMode } from '../../src/domain/moderation/posting-rules.ts';
import { screenComment } from '../../src/domain/moderation/pipeline.ts';
import { DEFAULT_MODERATION } from '../../src/domain/moderation/settings.ts';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeUser } from '../helpers/factories.ts';
import { addComment, makeThread, sanction, unique } from './helpers.ts';

/** The policy step as screenComment runs it: the history read first, then the verdict. */
async function checkPolicy(db: Db, c: Candidate, sitePolicy: ThreadPolicy) {
  return policyStep(db, c, sitePolicy, await readPolicyHistory(db, c, sitePolicy));
}

const at = (secondsAfter: number) => new Date(Date.parse(TEST_NOW) + secondsAfter * 1000).toISOString();

describe.each(testEngines())('pipeline steps with history (%s)', (engine) => {
  let t: TestApp;
  let threadA: string;
  let threadB: string;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    threadA = (await makeThread(t.ctx)).thread.id;
    threadB = (await makeThread(t.ctx)).thread.id;
  });
  afterAll(async () => t?.close());

  const guest = (email: string, keyHash: string | null = null) => ({ kind: 'guest' as const, name: 'Guest', email, keyHash });
  const candidate = (over: Partial<Candidate>): Candidate => ({
    threadId: threadA,
    body: 'hello',
    author: guest(`${unique()}@example.com`),
    at: TEST_NOW,
    mode: 'post',
    ...over,
  });

  it('repeated: the same text in another thread is spam, in the same thread held, short replies never', async () => {
    const email = `${unique()}@example.com`;
    const text = 'Cheap phone cases at unbeatable prices, only today!';
    await addComment(t.ctx, { thread_id: threadB, created_at: at(-600), guest_email: email, body_markdown: text });
    expect(await checkRepeated(t.storage.db, candidate({ author: guest(email), body: text.toUpperCase() }))).toMatchObject({
      step: 'repeated',
      verdict: 'spam',
      reason: 'the same text was posted by this commenter in another thread 10 minutes ago',
    });
    await addComment(t.ctx, {
      thread_id: threadA,
      created_at: at(-30),
      guest_email: email,
      body_markdown: 'I really think this phone is a great deal',
    });
    expect(
      await checkRepeated(t.storage.db, candidate({ author: guest(email), body: 'I really think this phone is a great deal!' })),
    ).toMatchObject({ verdict: 'hold', reason: expect.stringContaining('in this thread') });
    await addComment(t.ctx, { thread_id: threadB, created_at: at(-30), guest_email: email, body_markdown: 'So this.' });
    expect(await checkRepeated(t.storage.db, candidate({ author: guest(email), body: 'So this.' }))).toBeNull();
    // A day later it is no longer a repeat; someone else saying it is not one either.
    expect(await checkRepeated(t.storage.db, candidate({ author: guest(email), body: text, at: at(2 * 86400) }))).toBeNull();
    expect(await checkRepeated(t.storage.db, candidate({ body: text }))).toBeNull();
  });

  it('repeated: the same text from the same address under another name is caught too', async () => {
    const text = 'Visit my profile for the best crypto tips around';
    await addComment(t.ctx, {
      thread_id: threadB,
      created_at: at(-60),
      guest_email: `${unique()}@example.com`,
      body_markdown: text,
      ip_hash: 'addr-1',
    });
    expect(await checkRepeated(t.storage.db, candidate({ body: text, ipHash: 'addr-1' }))).toMatchObject({
      verdict: 'spam',
      reason: expect.stringContaining('the same address'),
    });
  });

  it('velocity: holds a burst from one person, and a larger one from one address', async () => {
    const email = `${unique()}@example.com`;
    for (let i = 0; i < VELOCITY.perPerson - 1; i++)
      await addComment(t.ctx, { thread_id: threadA, created_at: at(-i), guest_email: email });
    expect(await checkVelocity(t.storage.db, candidate({ author: guest(email) }))).toBeNull();
    await addComment(t.ctx, { thread_id: threadB, created_at: at(-50), guest_email: email });
    expect(await checkVelocity(t.storage.db, candidate({ author: guest(email) }))).toMatchObject({
      step: 'velocity',
      verdict: 'hold',
      reason: `a burst: ${VELOCITY.perPerson} earlier comments from this commenter in the last 60 seconds`,
    });
    // A minute on, the burst is over.
    expect(await checkVelocity(t.storage.db, candidate({ author: guest(email), at: at(61) }))).toBeNull();

    const small = { windowSeconds: 60, perPerson: 10, perAddress: 3 };
    for (let i = 0; i < 3; i++)
      await addComment(t.ctx, { thread_id: threadA, created_at: at(-i), guest_email: `${unique()}@example.com`, ip_hash: 'addr-2' });
    expect(await checkVelocity(t.storage.db, candidate({ ipHash: 'addr-2' }), small)).toMatchObject({
      reason: expect.stringContaining('same address'),
    });
    expect(await checkVelocity(t.storage.db, candidate({ ipHash: 'addr-3' }), small)).toBeNull();
  });

  it('repeated: names the commenter before a neighbour at the same address, whichever posted last', async () => {
    const email = `${unique()}@example.com`;
    const text = 'Honestly the camera on this one beats every flagship I have owned';
    await addComment(t.ctx, { thread_id: threadA, created_at: at(-300), guest_email: email, body_markdown: text, ip_hash: 'addr-5' });
    await addComment(t.ctx, {
      thread_id: threadA,
      created_at: at(-10),
      guest_email: `${unique()}@example.com`,
      body_markdown: text,
      ip_hash: 'addr-5',
    });
    expect(await checkRepeated(t.storage.db, candidate({ author: guest(email), body: text, ipHash: 'addr-5' }))).toMatchObject({
      verdict: 'hold',
      reason: 'the same text was posted by this commenter in this thread 5 minutes ago',
    });
    // Someone else at that address: only the neighbour's repeat is theirs to answer for.
    expect(await checkRepeated(t.storage.db, candidate({ body: text, ipHash: 'addr-5' }))).toMatchObject({
      verdict: 'hold',
      reason: 'the same text was posted by the same address in this thread less than a minute ago',
    });
  });

  it("velocity: counts a person's comments from elsewhere for the person, not for the address", async () => {
    const email = `${unique()}@example.com`;
    const small = { windowSeconds: 60, perPerson: 3, perAddress: 3 };
    for (let i = 0; i < 2; i++) await addComment(t.ctx, { thread_id: threadA, created_at: at(-i), guest_email: email, ip_hash: 'addr-6' });
    for (let i = 0; i < 2; i++)
      await addComment(t.ctx, { thread_id: threadA, created_at: at(-i), guest_email: `${unique()}@example.com`, ip_hash: 'addr-7' });
    // Two of theirs and two of the address's: four rows, but neither count reaches three.
    expect(await checkVelocity(t.storage.db, candidate({ author: guest(email), ipHash: 'addr-7' }), small)).toBeNull();
    await addComment(t.ctx, { thread_id: threadB, created_at: at(-5), guest_email: email, ip_hash: 'addr-7' });
    expect(await checkVelocity(t.storage.db, candidate({ author: guest(email), ipHash: 'addr-7' }), small)).toMatchObject({
      reason: 'a burst: 3 earlier comments from this commenter in the last 60 seconds',
    });
  });

  it('policy: first-comment holds a newcomer until one of theirs is published; all holds everyone; a thread overrides the site', async () => {
    const email = `${unique()}@example.com`;
    const first = candidate({ author: guest(email) });
    expect(await checkPolicy(t.storage.db, first, 'open')).toBeNull();
    expect(await checkPolicy(t.storage.db, first, 'first-comment')).toMatchObject({
      step: 'policy',
      verdict: 'hold',
      reason: expect.stringContaining('first comment'),
    });
    await addComment(t.ctx, { thread_id: threadB, created_at: at(-3600), guest_email: email, status: 'pending' });
    expect(await checkPolicy(t.storage.db, first, 'first-comment')).toMatchObject({ verdict: 'hold' });
    await addComment(t.ctx, { thread_id: threadB, created_at: at(-1800), guest_email: email, status: 'published' });
    expect(await checkPolicy(t.storage.db, first, 'first-comment')).toBeNull();
    expect(await checkPolicy(t.storage.db, first, 'all')).toMatchObject({
      verdict: 'hold',
      reason: 'every comment on this site is reviewed before it appears',
    });
    expect(await checkPolicy(t.storage.db, { ...first, threadPolicy: 'all' }, 'open')).toMatchObject({
      reason: 'every comment on this thread is reviewed before it appears',
    });
    expect(await checkPolicy(t.storage.db, { ...first, threadPolicy: 'open' }, 'all')).toBeNull();
  });

  it('policy: the history is read with the other reads only when the policy known then needs it, else by the step itself', async () => {
    const email = `${unique()}@example.com`;
    const newcomer = candidate({ author: guest(email) });
    // Posting reads before it knows the thread's policy: an open site asks nothing.
    expect(await readPolicyHistory(t.storage.db, newcomer, 'open')).toBeNull();
    expect(await readPolicyHistory(t.storage.db, newcomer, 'first-comment')).toBe(false);
    // The thread turns out to review first comments: the step reads what was not asked.
    const onStrictThread = { ...newcomer, threadPolicy: 'first-comment' };
    expect(await policyStep(t.storage.db, onStrictThread, 'open', null)).toMatchObject({
      verdict: 'hold',
      reason: expect.stringContaining('this thread'),
    });
    await addComment(t.ctx, { thread_id: threadB, created_at: at(-60), guest_email: email, status: 'published' });
    expect(await policyStep(t.storage.db, onStrictThread, 'open', null)).toBeNull();
    // An answer read beforehand is taken as it is.
    expect(await policyStep(t.storage.db, onStrictThread, 'open', false)).toMatchObject({ verdict: 'hold' });
  });

  it('sanctions: finds bans and shadow bans in force by account or email; expired and lifted ones do not count', async () => {
    const user = await makeUser(t.ctx, 'reader');
    await sanction(t.ctx, `user:${user.id}`, 'ban', { reason: 'personal attacks', expiresAt: at(7 * 86400) });
    const found = await findSanctions(t.storage.db, subjectsOf({ userId: user.id, email: user.email }), TEST_NOW);
    expect(found.ban?.reason).toBe('personal attacks');
    expect(found.shadow).toBeNull();
    expect(bannedError(found.ban!).message).toBe('you are banned from commenting until 2026-01-22 12:00:00 UTC: personal attacks');
    expect((await findSanctions(t.storage.db, [`user:${user.id}`], at(8 * 86400))).ban).toBeNull();
    await sanction(t.ctx, 'email:troll@example.com', 'shadow');
    expect((await findSanctions(t.storage.db, subjectsOf({ email: 'Troll@Example.com' }), TEST_NOW)).shadow).not.toBeNull();
  });

  it('the whole pipeline: bans refuse posts but hold imports; shadow bans give shadow; staff skip content holds', async () => {
    const settings = { ...DEFAULT_MODERATION, policy: 'all' as const };
    await sanction(t.ctx, 'email:banned@example.com', 'ban', { reason: 'spam' });
    const banned = candidate({ author: guest('banned@example.com') });
    await expect(screenComment(t.ctx, banned, settings)).rejects.toThrow(AppError);
    await expect(screenComment(t.ctx, banned, settings)).rejects.toMatchObject({
      code: 'BANNED',
      message: 'you are banned from commenting permanently: spam',
    });
    expect((await screenComment(t.ctx, { ...banned, mode: 'import' }, settings)).status).toBe('pending');

    await sanction(t.ctx, 'email:shadow@example.com', 'shadow', { reason: 'trolling' });
    const shadow = await screenComment(t.ctx, candidate({ author: guest('shadow@example.com') }), settings);
    expect(shadow.status).toBe('shadow');
    expect(shadow.steps[0]).toMatchObject({ step: 'sanction', reason: expect.stringContaining('shadow-banned: trolling') });

    const editor = await makeUser(t.ctx, 'editor');
    const staff = await screenComment(
      t.ctx,
      candidate({ author: { kind: 'account', id: editor.id, role: 'editor', name: editor.display_name } }),
      settings,
    );
    expect(staff.status).toBe('published');
    // The shipped base spam model scores every comment (it no longer waits for site decisions).
    expect(staff.steps.map((s) => s.step)).toEqual(['policy', 'model', 'staff']);
    const reader = await screenComment(t.ctx, candidate({}), settings);
    expect(reader).toMatchObject({ status: 'pending', spamScore: expect.any(Number) });
  });

  it('closed threads: closed_at, a closed policy (thread or site) and the automatic age limit all say why', async () => {
    const { thread } = await makeThread(t.ctx);
    const now = new Date(TEST_NOW);
    expect(await closedReason(t.storage.db, thread, DEFAULT_MODERATION, now)).toBeNull();
    expect(await closedReason(t.storage.db, { ...thread, closed_at: TEST_NOW }, DEFAULT_MODERATION, now)).toBe(
      'comments on this thread are closed',
    );
    expect(await closedReason(t.storage.db, { ...thread, policy: 'closed' }, DEFAULT_MODERATION, now)).toBe(
      'comments on this thread are closed',
    );
    expect(await closedReason(t.storage.db, thread, { policy: 'closed', autoCloseDays: null }, now)).toBe(
      'comments on this thread are closed',
    );
    const auto = { policy: 'open' as const, autoCloseDays: 14 };
    expect(await closedReason(t.storage.db, thread, auto, new Date(Date.parse(TEST_NOW) + 13 * 86400_000))).toBeNull();
    expect(await closedReason(t.storage.db, thread, auto, new Date(Date.parse(TEST_NOW) + 14 * 86400_000))).toBe(
      'comments on this thread are closed: threads close 14 days after publication',
    );
  });

  it('slow mode: one comment per N seconds per person per thread, with when to try again', async () => {
    const email = `${unique()}@example.com`;
    const author = { guestEmail: email, guestKeyHash: null };
    const settings = { slowModeSeconds: 120 };
    await enforceSlowMode(t.storage.db, threadA, author, settings, new Date(TEST_NOW));
    await addComment(t.ctx, { thread_id: threadA, created_at: at(-30), guest_email: email });
    await expect(enforceSlowMode(t.storage.db, threadA, author, settings, new Date(TEST_NOW))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 90,
    });
    await enforceSlowMode(t.storage.db, threadB, author, settings, new Date(TEST_NOW));
    await enforceSlowMode(t.storage.db, threadA, author, { slowModeSeconds: 0 }, new Date(TEST_NOW));
    await enforceSlowMode(t.storage.db, threadA, author, settings, new Date(at(90)));
  });
});
