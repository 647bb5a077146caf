// Guest identity (issue 11, findings 1, 8 and 20): a guest cannot write under an account's
// address; signing in claims only what that browser wrote as a guest; a claimed comment belongs
// to the account alone; bans follow the address; a shadow-banned author's permalink answers them
// like any other; names cannot be blank, bend the text's direction or pass for staff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/domain/users/accounts.ts';
import { issueEmailLink } from '../../src/domain/users/email-links.ts';
import { signInWithOidc } from '../../src/domain/users/oidc.ts';
import { claimGuestCommentsOfBrowser } from '../../src/domain/users/guest-claim.ts';
import { hashGuestKey } from '../../src/domain/comments/commenter.ts';
import { findComment } from '../../src/storage/repos/comments.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import type { EmailTokenPurpose, User } from '../../src/storage/schema.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { cookieBrowser } from '../helpers/cookie-browser.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { sanction, unique } from '../moderation/helpers.ts';

type Json = Record<string, unknown>;
const GUEST_EMAIL_REFUSAL = {
  code: 'GUEST_EMAIL_NEEDS_SIGN_IN',
  field: 'guest.email',
  message: 'this address cannot comment as a guest: sign in, or use another address',
};

describe.each(testEngines())('guest identity on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let slug: string;
  let ipSeq = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    // The guests here write one template ("Said as a guest" and a random tag) from many names and
    // addresses within a minute: a campaign to the near-duplicate check, which held the third
    // look-alike about one post in six. This suite is about who may post and edit, not screening.
    await saveModerationSettings(t.ctx, { nearDuplicates: 0 });
    const post = await makePost(t.ctx, await makeUser(t.ctx, 'editor'), { title: 'Guest identity' });
    slug = post.slug;
    threadId = (await t.app.inject(`/api/v1/posts/${slug}`)).json().threadId;
  });
  afterAll(async () => t?.close());

  /** A browser keeping its cookies, each on its own address so posting limits never meet. */
  function browser(ip = `198.51.100.${++ipSeq}`) {
    const { jar, call } = cookieBrowser(t, ip);
    return {
      ip,
      jar,
      call,
      post: (guest: { name: string; email: string }, body = `Said as a guest ${unique()}`) =>
        call('POST', `/api/v1/threads/${threadId}/comments`, { body, guest }),
      edit: (id: string, body: string) => call('PATCH', `/api/v1/comments/${id}`, { body }),
      /** The guest cookie alone, as if copied out of this browser before it signed in. */
      guestOnly: () => ({ cookie: `gz_guest=${jar.get('gz_guest')}` }),
    };
  }
  type Browser = ReturnType<typeof browser>;

  const account = (email: string, role: User['role'] = 'reader', emailVerified = true) =>
    createAccount(t.ctx, { email, displayName: `Person ${unique()}`, role, password: 'a long enough password', emailVerified });
  const token = (user: User, purpose: EmailTokenPurpose) => issueEmailLink(t.ctx, { purpose, email: user.email, userId: user.id });
  const authorOf = async (id: string) => (await findComment(t.ctx.db, id))!.author_id;

  /** Every way of signing in, each given a browser and an account. */
  const signIns: Record<string, (b: Browser, user: User) => Promise<unknown>> = {
    'confirming the address': async (b, user) => b.call('POST', '/api/v1/auth/verify', { token: await token(user, 'verify') }),
    'resetting the password': async (b, user) =>
      b.call('POST', '/api/v1/auth/password-reset/confirm', { token: await token(user, 'reset'), password: 'another long password' }),
    'an emailed sign-in link': async (b, user) => b.call('POST', '/api/v1/auth/signin-link/confirm', { token: await token(user, 'login') }),
    'the password': async (b, user) => b.call('POST', '/api/v1/auth/login', { email: user.email, password: 'a long enough password' }),
    'the confirmation page': async (b, user) => confirmByPage(b, await token(user, 'verify')),
  };

  /** The mailed link opens a page whose form confirms (a POST, so a link alone never signs anyone in). */
  async function confirmByPage(b: Browser, linkToken: string) {
    const page = await b.call('GET', `/verify?token=${linkToken}`);
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.body)?.[1] ?? '';
    const form = new URLSearchParams({ csrf: field('csrf'), token: field('token') }).toString();
    return b.call('POST', '/verify', form, { 'content-type': 'application/x-www-form-urlencoded' });
  }

  describe('finding 1: impersonation through a guest address', () => {
    it("refuses a guest writing under an admin's address, with the same answer as for any account, naming the field", async () => {
      const admin = await makeUser(t.ctx, 'admin');
      const attacker = browser();
      const answer = await attacker.post({ name: 'Helpful Person', email: admin.email.toUpperCase() });
      expect(answer.statusCode).toBe(403);
      expect(answer.json().error).toEqual(GUEST_EMAIL_REFUSAL);
      // An unconfirmed account's address gets the very same words: nothing tells the two apart.
      const unconfirmed = await account(`${unique()}@example.test`, 'reader', false);
      expect((await browser().post({ name: 'Someone', email: unconfirmed.email })).json().error).toEqual(GUEST_EMAIL_REFUSAL);
      // An address without an account is fine.
      expect((await browser().post({ name: 'Someone', email: `${unique()}@example.test` })).statusCode).toBe(201);
    });

    it('tells that an account uses an address only to a guest who could otherwise have posted there', async () => {
      const admin = await makeUser(t.ctx, 'admin');
      const guest = { name: 'Prober', email: admin.email };
      const probe = browser();
      // A thread that does not exist, or a reply to a comment that is not in it, is refused first,
      // with the words any address gets: a probe that posts nothing learns nothing.
      const nowhere = await probe.call('POST', '/api/v1/threads/no-such-thread/comments', { body: 'Probing', guest });
      expect(nowhere.statusCode).toBe(404);
      const badParent = await probe.call('POST', `/api/v1/threads/${threadId}/comments`, {
        body: 'Probing',
        guest,
        parentId: 'no-such-comment',
      });
      expect(badParent.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'parentId' });
      const stranger = { name: 'Prober', email: `${unique()}@example.test` };
      expect(
        (await browser().call('POST', '/api/v1/threads/no-such-thread/comments', { body: 'Probing', guest: stranger })).statusCode,
      ).toBe(404);
    });

    it('refuses it on the no-JavaScript form too, showing the message at the email field', async () => {
      const admin = await makeUser(t.ctx, 'admin');
      const b = browser();
      const page = await b.call('GET', `/articles/${slug}`);
      expect(page.statusCode).toBe(200);
      await b.call('POST', `/api/v1/threads/${threadId}/comments`, {
        body: 'First, to get a cookie',
        guest: { name: 'Form Guest', email: `${unique()}@example.test` },
      });
      const personal = await b.call('GET', `/articles/${slug}`);
      const csrf = /name="csrf" value="([^"]+)"/.exec(personal.body)?.[1];
      expect(csrf).toBeTruthy();
      const form = new URLSearchParams({ body: 'Posing as staff', name: 'Admin Helper', email: admin.email, csrf: csrf! }).toString();
      const answer = await b.call('POST', `/articles/${slug}/comments`, form, { 'content-type': 'application/x-www-form-urlencoded' });
      expect(answer.statusCode).toBe(403);
      expect(answer.body).toContain('this address cannot comment as a guest: sign in, or use another address');
    });

    it.each(Object.keys(signIns))("claims nothing of a stranger's guest comments when the account's owner signs in by %s", async (how) => {
      const email = `${unique()}@example.test`;
      // A stranger wrote under this address before the account existed (or it would be refused).
      const stranger = browser();
      const posted = await stranger.post({ name: 'Pretender', email });
      expect(posted.statusCode).toBe(201);
      const owner = await account(email, 'admin', how === 'confirming the address' || how === 'the confirmation page' ? false : true);
      const b = browser();
      await signIns[how]!(b, owner);
      expect((await b.call('GET', '/api/v1/me')).json().id).toBe(owner.id);
      expect(await authorOf(posted.json().id)).toBeNull();
      const listed = (await t.app.inject(`/api/v1/threads/${threadId}/comments?sort=newest&limit=100`))
        .json()
        .comments.find((c: Json) => c.id === posted.json().id);
      expect(listed.author).toMatchObject({ name: 'Pretender', isGuest: true, badge: null });
    });

    it.each(Object.keys(signIns))(
      "claims the guest's own comments when that same browser signs in by %s, and only those under the account's address",
      async (how) => {
        const email = `${unique()}@example.test`;
        const b = browser();
        const mine = await b.post({ name: 'Early Me', email });
        const otherAddress = await b.post({ name: 'Early Me', email: `${unique()}@example.test` });
        expect([mine.statusCode, otherAddress.statusCode]).toEqual([201, 201]);
        const owner = await account(email, 'reader', how === 'confirming the address' || how === 'the confirmation page' ? false : true);
        await signIns[how]!(b, owner);
        expect(await authorOf(mine.json().id)).toBe(owner.id);
        expect(await authorOf(otherAddress.json().id)).toBeNull();
      },
    );

    it('tells the confirmation page how many comments came over', async () => {
      const email = `${unique()}@example.test`;
      const b = browser();
      await b.post({ name: 'Hedy', email });
      const owner = await account(email, 'reader', false);
      const page = await confirmByPage(b, await token(owner, 'verify'));
      expect(page.body).toContain('1 comment you left as a guest');
    });

    it('claims nothing for an account whose address is not confirmed (a provider that did not vouch for it), nor without a guest key', async () => {
      const email = `${unique()}@example.test`;
      const b = browser();
      const mine = await b.post({ name: 'Unsure', email });
      const user = await signInWithOidc(t.ctx, {
        provider: 'local',
        subject: `s-${unique()}`,
        email,
        emailVerified: false,
        name: 'Unsure',
      });
      expect(user.email_verified_at).toBeNull();
      // What the OIDC callback's session start does for this browser: the address is not proven.
      expect(await claimGuestCommentsOfBrowser(t.ctx, user.id, hashGuestKey(b.jar.get('gz_guest')!))).toBe(0);
      expect(await claimGuestCommentsOfBrowser(t.ctx, user.id, null)).toBe(0);
      expect(await authorOf(mine.json().id)).toBeNull();
    });

    it('lets only the account edit or delete a claimed comment, not the guest cookie that wrote it', async () => {
      const email = `${unique()}@example.test`;
      const b = browser();
      const mine = await b.post({ name: 'Claimer', email });
      const id = mine.json().id as string;
      const guestCookie = b.guestOnly();
      const owner = await account(email);
      await signIns['the password']!(b, owner);
      expect(await authorOf(id)).toBe(owner.id);

      const asGuest = (method: 'PATCH' | 'DELETE') =>
        t.app.inject({
          method,
          url: `/api/v1/comments/${id}`,
          remoteAddress: b.ip,
          headers: guestCookie,
          ...(method === 'PATCH' ? { payload: { body: 'Rewritten by the cookie' } } : {}),
        });
      expect((await asGuest('PATCH')).statusCode).toBe(403);
      expect((await asGuest('DELETE')).statusCode).toBe(403);
      expect((await findComment(t.ctx.db, id))!.status).toBe('published');
      const byOwner = await b.edit(id, 'Rewritten by the account');
      expect(byOwner.statusCode).toBe(200);
      expect(byOwner.json().bodyHtml).toContain('Rewritten by the account');
    });
  });

  describe('finding 8: sanctions follow the address', () => {
    it("refuses a guest using a banned or shadow-banned account's address, with the same words as any account's (the ban is not told)", async () => {
      for (const kind of ['ban', 'shadow'] as const) {
        const user = await account(`${unique()}@example.test`);
        await sanction(t.ctx, `user:${user.id}`, kind, { reason: 'trolling' });
        const answer = await browser().post({ name: 'Back Again', email: user.email });
        expect(answer.statusCode).toBe(403);
        expect(answer.json().error).toEqual(GUEST_EMAIL_REFUSAL);
      }
    });

    it("applies the account's ban to an edit of a guest comment left under its address, and its shadow ban makes the edit shadow", async () => {
      const banned = browser();
      const bannedEmail = `${unique()}@example.test`;
      const first = await banned.post({ name: 'Early', email: bannedEmail });
      const bannedUser = await account(bannedEmail);
      await sanction(t.ctx, `user:${bannedUser.id}`, 'ban', { reason: 'insults' });
      const refused = await banned.edit(first.json().id, 'Edited after the ban');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toMatch(/banned/);

      const shadowed = browser();
      const shadowEmail = `${unique()}@example.test`;
      const second = await shadowed.post({ name: 'Early', email: shadowEmail });
      const shadowUser = await account(shadowEmail);
      await sanction(t.ctx, `user:${shadowUser.id}`, 'shadow', { reason: 'trolling' });
      const edited = await shadowed.edit(second.json().id, 'Edited under a shadow ban');
      expect(edited.statusCode).toBe(200);
      expect(edited.json().status).toBe('published');
      expect((await findComment(t.ctx.db, second.json().id))!.status).toBe('shadow');
    });

    it("answers a shadow comment's permalink to its author's cookie and its address like any other, and 404 to everyone else", async () => {
      const email = `${unique()}@example.test`;
      await sanction(t.ctx, `email:${email}`, 'shadow', { reason: 'trolling' });
      const author = browser();
      const posted = await author.post({ name: 'Shadowed', email });
      expect(posted.statusCode).toBe(201);
      const id = posted.json().id as string;
      expect((await findComment(t.ctx.db, id))!.status).toBe('shadow');
      const permalink = (headers: Record<string, string>, ip: string) =>
        t.app.inject({ url: `/comments/${id}`, remoteAddress: ip, headers });

      const own = await author.call('GET', `/comments/${id}`);
      expect(own.statusCode).toBe(302);
      expect(own.headers.location).toContain(`#comment-${id}`);
      // A private window on the same connection: no cookie, same address.
      expect((await permalink({}, author.ip)).statusCode).toBe(302);
      expect((await permalink({}, '203.0.113.250')).statusCode).toBe(404);
      expect((await permalink({ cookie: 'gz_guest=' + 'k'.repeat(32) }, '203.0.113.251')).statusCode).toBe(404);

      // A held comment is not hidden silently (its author is told), so its address gets nothing.
      const held = await author.post({ name: 'Shadowed', email: `${unique()}@example.test` });
      await t.ctx.db.updateTable('comments').set({ status: 'pending' }).where('id', '=', held.json().id).execute();
      expect((await t.app.inject({ url: `/comments/${held.json().id}`, remoteAddress: author.ip })).statusCode).toBe(404);
    });
  });

  describe('finding 20: names', () => {
    it.each([
      ['Admin', 'NAME_NOT_ALLOWED'],
      ['M o d e r a t o r', 'NAME_NOT_ALLOWED'],
      ['Adm1n', 'NAME_NOT_ALLOWED'],
      ['Bob\u202Enimda', 'NAME_NOT_ALLOWED'],
      ['\u200B\u2060\uFEFF', 'VALIDATION_FAILED'],
    ])('refuses the guest name %j with %s at guest.name', async (name, code) => {
      const answer = await browser().post({ name, email: `${unique()}@example.test` });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error).toMatchObject({ code, field: 'guest.name' });
    });

    it('stores a guest name normalised', async () => {
      const answer = await browser().post({ name: '  Ｚｏë\u200B   Smith ', email: `${unique()}@example.test` });
      expect(answer.statusCode).toBe(201);
      expect(answer.json().author.name).toBe('Zoë Smith');
    });

    it.each([
      ['Administrator', 'NAME_NOT_ALLOWED'],
      ['S.T.A.F.F', 'NAME_NOT_ALLOWED'],
      ['Eve\u2066x\u2069', 'NAME_NOT_ALLOWED'],
      ['\u200B', 'VALIDATION_FAILED'],
    ])('refuses the sign-up display name %j with %s at displayName', async (displayName, code) => {
      const answer = await browser().call('POST', '/api/v1/auth/signup', {
        email: `${unique()}@example.test`,
        password: 'a long enough password',
        displayName,
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error).toMatchObject({ code, field: 'displayName' });
    });

    it('refuses a staff title as a new profile name', async () => {
      const b = browser();
      const user = await account(`${unique()}@example.test`);
      await signIns['the password']!(b, user);
      const answer = await b.call('PATCH', '/api/v1/me', { displayName: 'Editor' });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error).toMatchObject({ code: 'NAME_NOT_ALLOWED', field: 'displayName' });
    });

    it("cleans a provider's name instead of refusing it", async () => {
      const base = { provider: 'local', emailVerified: true };
      const cleaned = await signInWithOidc(t.ctx, {
        ...base,
        subject: `s-${unique()}`,
        email: `${unique()}@example.test`,
        name: 'Grace\u202E Hopper\u200B',
      });
      expect(cleaned.display_name).toBe('Grace Hopper');
      const local = `reader${unique()}`;
      const titled = await signInWithOidc(t.ctx, {
        ...base,
        subject: `s-${unique()}`,
        email: `${local}@example.test`,
        name: 'Administrator',
      });
      expect(titled.display_name).toBe(local);
      const both = await signInWithOidc(t.ctx, {
        ...base,
        subject: `s-${unique()}`,
        email: `admin@${unique()}.example.test`,
        name: '\u200B',
      });
      expect(both.display_name).toBe('Reader');
    });
  });
});
