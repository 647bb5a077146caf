// The moderation log's screening figures: of the comments moderators decided in the last 30
// days, how the pipeline had screened them, as `gazette spam evaluate` counts an export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makePost, makeUser } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { seedComment } from '../helpers/held-comments.ts';
import { moderateComment } from '../../src/domain/moderation/actions.ts';
import { threadForPost } from '../../src/domain/comments/threads.ts';
import { createSession } from '../../src/domain/users/sessions.ts';
import type { User } from '../../src/storage/schema.ts';

describe.each(testEngines())('moderation figures on %s', (engine) => {
  let t: TestApp;
  let threadId: string;
  let moderator: User;
  let cookie: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    const editor = await makeUser(t.ctx, 'editor');
    threadId = (await threadForPost(t.ctx.db, t.ctx.clock, await makePost(t.ctx, editor))).id;
    moderator = await makeUser(t.ctx, 'moderator');
    cookie = `gz_session=${await createSession(t.ctx, moderator.id, { userAgent: null, ip: null })}`;
  });
  afterAll(async () => t?.close());

  const log = (url = '/admin/moderation/log') => t.app.inject({ url, headers: { cookie } });
  const decide = async (input: Omit<Parameters<typeof seedComment>[1], 'threadId'>, action: 'approve' | 'spam' | 'not-spam' | 'reject') => {
    const comment = await seedComment(t.ctx, { threadId, ...input });
    await moderateComment(
      t.ctx,
      { id: moderator.id, role: 'moderator' },
      comment.id,
      action,
      action === 'reject' ? 'off topic' : undefined,
    );
    return comment;
  };

  it('says there is nothing to measure before any decision', async () => {
    const response = await log();
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('How screening did: the last 30 days');
    expect(response.body).toContain('nothing to measure against yet');
  });

  it('counts the last 30 days of decisions against what the pipeline had said, with its most confident mistakes', async () => {
    // Decided long ago: outside the window.
    await decide({ body: 'Old spam', steps: [{ step: 'empty', verdict: 'spam', reason: 'empty' }] }, 'spam');
    t.clock.set(new Date(Date.parse(t.clock.now().toISOString()) + 40 * 24 * 3600 * 1000).toISOString());
    // The earlier session has expired by then.
    cookie = `gz_session=${await createSession(t.ctx, moderator.id, { userAgent: null, ip: null })}`;

    // Spam the pipeline held: caught.
    await decide({ body: 'Cheap pills here', steps: [{ step: 'links', verdict: 'hold', reason: '5 links; the site allows 3' }] }, 'spam');
    await decide({ body: '', steps: [{ step: 'empty', verdict: 'spam', reason: 'the comment is empty' }] }, 'spam');
    // Spam it published: a miss, with the model's low score.
    await decide(
      {
        body: 'Great post, visit my site',
        status: 'published',
        steps: [{ step: 'model', verdict: 'publish', reason: 'the learned filter rates it 10% spam-like', score: 0.1 }],
        spamScore: 0.1,
      },
      'spam',
    );
    // An ordinary comment it held, then approved: a false alarm.
    await decide(
      { body: 'My honest view on batteries', steps: [{ step: 'links', verdict: 'hold', reason: '4 links; the site allows 3' }] },
      'approve',
    );
    // Ordinary comments it published (one reported later: a report is not the pipeline's doing).
    await decide({ body: 'Fair point', status: 'published' }, 'not-spam');
    await decide({ body: 'Reported but fine', steps: [{ step: 'reports', verdict: 'hold', reason: 'Reported by 3 people' }] }, 'approve');
    // A rejection says nothing about spam.
    await decide({ body: 'Off topic', steps: [] }, 'reject');

    const body = (await log()).body;
    expect(body).toContain('Of the 6 comments moderators marked spam, approved or marked not spam');
    expect(body).toContain('<dt>Precision</dt><dd>66.7%: of 3 caught, 2 were spam</dd>');
    expect(body).toContain('<dt>Recall</dt><dd>66.7%: of 3 spam, 2 caught</dd>');
    expect(body).toContain('<dt>Ordinary comments caught</dt><dd>33.3% (1 of 3)</dd>');
    expect(body).toContain('<tr><th scope="row">Spam</th><td>2</td><td>1</td></tr>');
    expect(body).toContain('<tr><th scope="row">Ordinary</th><td>1</td><td>2</td></tr>');
    const start = body.indexOf('The most confident mistakes');
    const mistakes = body.slice(start, body.indexOf('</section>', start));
    expect(mistakes.indexOf('“Great post, visit my site”')).toBeGreaterThan(-1);
    expect(mistakes.indexOf('“My honest view on batteries”')).toBeGreaterThan(mistakes.indexOf('“Great post, visit my site”'));
    expect(mistakes).toContain('<li>4 links; the site allows 3</li>');
    expect(mistakes).toContain('spam the pipeline published');
    expect(mistakes).not.toContain('Old spam');

    // A filtered or later page of the log is about the entries, not the figures.
    expect((await log('/admin/moderation/log?action=spam')).body).not.toContain('How screening did');
  });

  it('is for the desk only', async () => {
    const reader = await makeUser(t.ctx, 'reader');
    const readerCookie = `gz_session=${await createSession(t.ctx, reader.id, { userAgent: null, ip: null })}`;
    const response = await t.app.inject({ url: '/admin/moderation/log', headers: { cookie: readerCookie } });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('How screening did');
  });
});
