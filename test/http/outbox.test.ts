import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import { queueMail } from '../../src/mail/outbox.ts';
import type { Role } from '../../src/storage/schema.ts';

describe.each(testEngines())('/admin/outbox (%s)', (engine) => {
  let t: TestApp;
  let firstId: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    firstId = await queueMail(t.ctx, {
      to: 'first@example.test',
      subject: 'The first message',
      text: 'Plain words.',
      html: '<p>Rich <script>alert(1)</script> words.</p>',
      headers: { 'List-Unsubscribe': '<https://x.example/u>' },
    });
    t.clock.advance(1000);
    await queueMail(t.ctx, { to: 'second@example.test', subject: 'The second message', text: 'More words.', html: '<p>More words.</p>' });
  });
  afterAll(async () => t?.close());

  const cookieFor = async (role: Role) =>
    `gz_session=${await createSession(t.ctx, (await makeUser(t.ctx, role)).id, { userAgent: null, ip: null })}`;

  it('lists the outbox newest first for an admin', async () => {
    const response = await t.app.inject({ url: '/admin/outbox', headers: { cookie: await cookieFor('admin') } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const body = response.body;
    expect(body).toContain('2 messages');
    expect(body).toContain('No SMTP_URL is set');
    expect(body.indexOf('The second message')).toBeGreaterThan(-1);
    expect(body.indexOf('The second message')).toBeLessThan(body.indexOf('The first message'));
    expect(body).toContain(`href="/admin/outbox/${firstId}"`);
    expect(body).toContain('waiting');
  });

  it('shows one message: text part as text, HTML part only inside a sandboxed iframe', async () => {
    const response = await t.app.inject({ url: `/admin/outbox/${firstId}`, headers: { cookie: await cookieFor('admin') } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<pre class="outbox-text">Plain words.</pre>');
    expect(response.body).toMatch(/<iframe [^>]*sandbox=""[^>]*srcdoc="&lt;p&gt;Rich &lt;script&gt;/);
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('&lt;https://x.example/u&gt;');
    // Only this page lets the sandboxed mail keep its style="" attributes; the list keeps the site's policy.
    expect(response.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    const list = await t.app.inject({ url: '/admin/outbox', headers: { cookie: await cookieFor('admin') } });
    expect(list.headers['content-security-policy']).toContain("style-src 'self';");
    expect((await t.app.inject({ url: '/admin/outbox/nosuchmessage', headers: { cookie: await cookieFor('admin') } })).statusCode).toBe(
      404,
    );
  });

  it('refuses everyone but admins, and sends the signed-out to sign in', async () => {
    for (const role of ['reader', 'author', 'editor', 'moderator'] as const) {
      const cookie = await cookieFor(role);
      expect((await t.app.inject({ url: '/admin/outbox', headers: { cookie } })).statusCode, role).toBe(403);
      expect((await t.app.inject({ url: `/admin/outbox/${firstId}`, headers: { cookie } })).statusCode, role).toBe(403);
    }
    const anonymous = await t.app.inject('/admin/outbox');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fadmin%2Foutbox');
  });
});
