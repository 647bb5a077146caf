// The frame's comment form without the comments client (its script not loaded yet, or failed): it
// posts to /embed/threads/ID/comments like the article page's no-JS form (same origin, the
// reader's token, the posting limits) and brings the reader back to the frame at their comment;
// a refusal shows the frame again with what they typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';

const BLOG = 'https://blog.example';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** The frame's own address, as the Referer of the request after its form (same origin as Gazette). */
const FRAME_REFERER = 'http://localhost/embed/thread?site=blog';

describe.each(testEngines())('the embed frame’s no-JS comment form (%s)', (engine) => {
  let t: TestApp;
  let ip = 0;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await registerSite(t.ctx, { name: 'blog', title: 'The Blog', origins: [BLOG], lang: 'de' });
    await saveModerationSettings(t.ctx, { nearDuplicates: 0 });
  });
  afterAll(async () => t?.close());

  /** The frame for page `page`, and where its comment form posts (as the browser reads the attribute). */
  async function openFrame(page: string, cookie?: string) {
    const frame = await t.app.inject({
      url: `/embed/thread?${new URLSearchParams({ site: 'blog', page, origin: BLOG })}`,
      headers: { referer: `${BLOG}/${page}`, ...(cookie ? { cookie } : {}) },
    });
    expect(frame.statusCode).toBe(200);
    const action = /<form id="comment-form"[^>]* action="([^"]+)"/.exec(frame.body)![1]!.replace(/&amp;/g, '&');
    return { body: frame.body, action };
  }
  const post = (action: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: action,
      remoteAddress: `192.0.2.${++ip}`,
      payload: new URLSearchParams(form).toString(),
      headers: { ...FORM, ...headers },
    });

  it('posts the comment and brings the reader back to the frame, at their comment', async () => {
    const { action } = await openFrame('nojs-post');
    expect(action).toMatch(/^\/embed\/threads\/[^/?]+\/comments\?origin=https%3A%2F%2Fblog\.example&theme=auto&lang=de$/);
    const posted = await post(action, {
      body: 'Typed before the script arrived.',
      name: 'No Script',
      email: 'noscript@example.com',
      sort: 'best',
    });
    expect(posted.statusCode).toBe(303);
    const location = String(posted.headers.location);
    const id = /#comment-(.+)$/.exec(location)![1]!;
    expect(location).toBe(
      `/embed/thread?site=blog&origin=https%3A%2F%2Fblog.example&theme=auto&sort=best&page=nojs-post&lang=de&comment=${id}#comment-${id}`,
    );
    const cookie = String(posted.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^gz_embed_guest=/);

    // The browser follows with the frame's own address as its Referer: the frame is served again.
    const back = await t.app.inject({ url: location.split('#')[0]!, headers: { cookie, referer: FRAME_REFERER } });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('data-host-origin="https://blog.example"');
    expect(back.body).toContain(`id="comment-${id}"`);
    expect(back.body).toContain('Typed before the script arrived.');
  });

  it('shows the frame again with the typed text when the comment is refused', async () => {
    const { action } = await openFrame('nojs-refused');
    const refused = await post(action, { body: '', name: 'Kept Name', email: 'kept@example.com', sort: 'best' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['x-frame-options']).toBeUndefined();
    expect(String(refused.headers['content-security-policy'])).toContain(`frame-ancestors ${BLOG}`);
    expect(refused.body).toContain('class="embed"');
    expect(refused.body).toContain('value="Kept Name"');
    expect(refused.body).toMatch(/<html lang="de"/);
  });

  it('refuses a post from another site, without the reader’s token, or naming a host the site does not have', async () => {
    const { action } = await openFrame('nojs-guarded');
    const form = { body: 'Should not land.', name: 'Someone', email: 'someone@example.com' };
    const cross = await post(action, form, { origin: BLOG });
    expect(cross.statusCode).toBe(403);
    expect(cross.body).toContain('cross-site requests may not change anything here');

    const guest = await post(action, { ...form, body: 'My first one, for a cookie.' });
    const cookie = String(guest.headers['set-cookie']).split(';')[0]!;
    const forged = await post(action, { ...form, csrf: 'not-the-token' }, { cookie });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('this form has expired');

    const elsewhere = await post(action.replace(/origin=[^&]+/, 'origin=https%3A%2F%2Fevil.example'), form);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.headers['x-frame-options']).toBe('DENY');
  });
});
