// Near-duplicates across commenters and links from strangers, posted through the real pipeline on
// both engines: a campaign varying its numbers, links and names across threads is held from its
// third comment, within the window only; a first comment with a link from a guest or a new
// account is held unless the link is the site's own or a trusted domain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postComment } from '../../src/domain/comments/write.ts';
import { saveModerationSettings, validateModerationPatch } from '../../src/domain/moderation/settings.ts';
import { parseModeration } from '../../src/domain/moderation/types.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { buildTestApp, TEST_NOW, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { accountReader } from '../helpers/readers.ts';
import { addComment, makeThread, unique } from './helpers.ts';

const after = (minutes: number) => new Date(Date.parse(TEST_NOW) + minutes * 60_000);

// Neutral words on purpose: only the near-duplicate check should find anything wrong with them.
const template = (n: number, name: string) =>
  `Our garden club meets on Saturday ${n} at 10:${n}0 near the library, ask for ${name} at the gate, bring gloves and water. ` +
  `Details at https://garden-${n}.example/meet?ref=${n * 7} or mail ${name.toLowerCase()}${n}@club.example`;
const NAMES = ['Marta', 'Jonas', 'Priya', 'Tomasz', 'Ines'];

describe.each(testEngines())('near-duplicates and links from strangers (%s)', (engine) => {
  let t: TestApp;
  const threads: string[] = [];
  beforeAll(async () => {
    t = await buildTestApp(engine);
    for (let i = 0; i < 3; i++) threads.push((await makeThread(t.ctx)).thread.id);
  });
  afterAll(async () => t?.close());

  let lastIp = 10;
  /** A new guest from a new address, so only the near-duplicate check links their comments. */
  const guestPost = async (threadId: string, body: string, email = `${unique()}@example.com`) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/threads/${threadId}/comments`,
      remoteAddress: `192.0.2.${lastIp++}`,
      payload: { body, guest: { name: 'Quinn', email } },
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    const row = (await findComment(t.storage.db, response.json().id))!;
    return { row, steps: parseModeration(row.moderation) };
  };
  const nearStep = (steps: ReturnType<typeof parseModeration>) => steps.find((s) => s.step === 'near-duplicate');

  describe('near-duplicates', () => {
    beforeAll(() => saveModerationSettings(t.ctx, { strangerLinks: false }));
    afterAll(() => saveModerationSettings(t.ctx, { strangerLinks: true, nearDuplicateHours: 24 }));

    it('holds a campaign from its third comment, across threads, saying how many from how many and the first', async () => {
      const posted = [];
      for (const [i, name] of NAMES.entries()) {
        t.clock.set(after(i * 10));
        posted.push(await guestPost(threads[i % 3]!, template(i + 1, name)));
      }
      expect(posted[0]!.row.simhash_0).not.toBeNull();
      expect(nearStep(posted[0]!.steps)).toBeUndefined();
      expect(nearStep(posted[1]!.steps)).toBeUndefined();
      for (const { row, steps } of posted.slice(2)) {
        expect(row.status).not.toBe('published');
        expect(nearStep(steps)).toMatchObject({ verdict: 'hold' });
      }
      expect(nearStep(posted[2]!.steps)!.reason).toBe(
        'like 2 comments from 2 commenters in the last 20 minutes (first: “Our garden club meets on Saturday 1 at 10:10 near the…”)',
      );
      expect(nearStep(posted[4]!.steps)!.reason).toMatch(
        /^like 4 comments from 4 commenters in the last 40 minutes \(first: “Our garden club meets on Saturday 1 /,
      );
    });

    it('leaves one person varying their own text, unrelated comments and short replies alone', async () => {
      t.clock.set(after(60));
      const email = `${unique()}@example.com`;
      await guestPost(threads[0]!, 'The roadworks on the high street have gone on for months with nobody working on them.', email);
      await guestPost(threads[1]!, 'The roadworks on the high street have gone on for weeks with nobody working on them.', email);
      const own = await guestPost(
        threads[2]!,
        'The roadworks on the high street have gone on for years with nobody working on them.',
        email,
      );
      expect(nearStep(own.steps)).toBeUndefined();
      for (let i = 0; i < 3; i++) expect(nearStep((await guestPost(threads[i]!, 'Agreed, thanks!')).steps)).toBeUndefined();
      const other = await guestPost(
        threads[0]!,
        'I would rather the council spent the money on the swimming pool, which closed last winter.',
      );
      expect(nearStep(other.steps)).toBeUndefined();
    });

    it('looks back only as far as the window, which the site sets', async () => {
      const text = (n: number) =>
        `Selling ${n} tickets for the concert on Friday, ${n * 5} pounds each, call 0770${n}123456 before noon please.`;
      t.clock.set(after(2 * 60));
      await guestPost(threads[0]!, text(1));
      t.clock.set(after(2 * 60 + 1));
      await guestPost(threads[1]!, text(2));
      // A day and a bit later the first two are out of a 24-hour window.
      t.clock.set(after(2 * 60 + 25 * 60));
      expect(nearStep((await guestPost(threads[2]!, text(3))).steps)).toBeUndefined();
      await saveModerationSettings(t.ctx, { nearDuplicateHours: 48 });
      expect(nearStep((await guestPost(threads[2]!, text(4))).steps)).toMatchObject({
        verdict: 'hold',
        reason: expect.stringMatching(/^like 3 comments from 3 commenters in the last 25 hours \(first: “Selling 1 tickets/),
      });
    });

    it('never holds staff', async () => {
      t.clock.set(after(5 * 60 * 24));
      const comments = [];
      for (let i = 0; i < 2; i++) await guestPost(threads[i]!, template(20 + i, 'Rosa'));
      const editor = await accountReader(t.ctx, 'Edna', 'editor');
      const posted = await postComment(t.ctx, editor.commenter, { threadId: threads[2]!, body: template(23, 'Rosa') });
      comments.push(posted.comment);
      expect(posted.comment.status).toBe('published');
      expect(nearStep(parseModeration(posted.comment.moderation))).toBeUndefined();
    });
  });

  describe('links from strangers', () => {
    beforeAll(() => saveModerationSettings(t.ctx, { nearDuplicates: 0 }));
    afterAll(() => saveModerationSettings(t.ctx, { nearDuplicates: 3, trustedDomains: [] }));
    const strangerStep = (steps: ReturnType<typeof parseModeration>) => steps.find((s) => s.step === 'stranger-links');

    it("holds a guest's first comment with a link, naming the domain", async () => {
      t.clock.set(after(10 * 60 * 24));
      const { row, steps } = await guestPost(threads[0]!, 'You will find it cheaper at https://www.cheap-meds.example/buy, honestly.');
      expect(row.status).not.toBe('published');
      expect(strangerStep(steps)).toEqual({
        step: 'stranger-links',
        verdict: 'hold',
        reason: 'a first comment from a guest with a link to www.cheap-meds.example',
      });
    });

    it("lets through links to the site's own address and to trusted domains, and a guest who has been published", async () => {
      // Other checks (the learned filter) may still have a say: only this step's absence is asserted.
      const notHeldByThis = async (body: string, email?: string) =>
        expect(strangerStep((await guestPost(threads[0]!, body, email)).steps)).toBeUndefined();
      await notHeldByThis('As the paper said last week: http://localhost/articles/roadworks');
      expect(
        strangerStep((await guestPost(threads[0]!, 'The club has photos at https://photos.friends.example/2026')).steps),
      ).toBeDefined();
      await saveModerationSettings(t.ctx, { trustedDomains: ['friends.example'] });
      await notHeldByThis('The club has photos at https://photos.friends.example/2026');
      const email = `${unique()}@example.com`;
      await addComment(t.ctx, { thread_id: threads[1]!, created_at: t.clock.now().toISOString(), guest_email: email, status: 'published' });
      await notHeldByThis('The harbour plans are at https://harbour-plans.example', email);
    });

    it('holds a new account, not one older than a week, nor staff, nor anyone when the site turns it off', async () => {
      const reader = await accountReader(t.ctx, 'Nell');
      const body = 'Worth a read: https://blog.example/harbour';
      const held = await postComment(t.ctx, reader.commenter, { threadId: threads[2]!, body });
      expect(held.comment.status).not.toBe('published');
      expect(strangerStep(parseModeration(held.comment.moderation))!.reason).toBe(
        'a first comment from an account made today with a link to blog.example',
      );
      t.clock.set(after(10 * 60 * 24 + 3 * 60 * 24));
      const later = await postComment(t.ctx, reader.commenter, { threadId: threads[2]!, body: `${body} again` });
      expect(strangerStep(parseModeration(later.comment.moderation))!.reason).toContain('an account 3 days old');
      t.clock.set(after(10 * 60 * 24 + 8 * 60 * 24));
      const weekOld = await postComment(t.ctx, reader.commenter, { threadId: threads[2]!, body: `${body} once more` });
      expect(strangerStep(parseModeration(weekOld.comment.moderation))).toBeUndefined();
      const editor = await accountReader(t.ctx, 'Edwin', 'editor');
      const staff = await postComment(t.ctx, editor.commenter, { threadId: threads[2]!, body });
      expect(staff.comment.status).toBe('published');
      expect(strangerStep(parseModeration(staff.comment.moderation))).toBeUndefined();
      await saveModerationSettings(t.ctx, { strangerLinks: false });
      expect(strangerStep((await guestPost(threads[0]!, 'Cheaper at https://cheap-meds.example')).steps)).toBeUndefined();
      await saveModerationSettings(t.ctx, { strangerLinks: true });
    });
  });

  it('checks the settings, naming the field', async () => {
    const field = (patch: Record<string, unknown>) => {
      try {
        validateModerationPatch(patch);
        return null;
      } catch (error) {
        return (error as { field?: string; message: string }).field + ': ' + (error as Error).message;
      }
    };
    expect(field({ nearDuplicates: 1 })).toBe('nearDuplicates: must be 0 (off) or a whole number from 2 to 1000');
    expect(field({ nearDuplicateHours: 0 })).toBe('nearDuplicateHours: must be a whole number from 1 to 168');
    expect(field({ strangerLinks: 'yes' })).toBe('strangerLinks: must be true or false');
    expect(field({ trustedDomains: ['not a domain'] })).toBe('trustedDomains: must be a list of domain names such as friends.example');
    expect(validateModerationPatch({ trustedDomains: ['Friends.Example'], nearDuplicates: 0 })).toEqual({
      trustedDomains: ['friends.example'],
      nearDuplicates: 0,
    });
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/settings/moderation',
      payload: { nearDuplicateHours: 500 },
    });
    expect(response.statusCode).toBe(401);
  });
});
