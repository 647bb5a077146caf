// Keyset cursors come back from clients, who can send anything. A cursor whose time or id the
// database could not read (a forged time, February 30, a NUL) must be refused with 400 naming
// `cursor`, on every paged list: PostgreSQL answered them with a 500 (review of 7 Dec).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/domain/users/sessions.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeStaffWithToken, makeUser } from '../helpers/factories.ts';

const TIME = '2026-01-15T12:00:00.000Z';
const BAD_FIELDS = [
  { c: 'x', i: 'x' },
  { c: '\u0000', i: 'x' },
  { c: '2026-02-30T12:00:00.000Z', i: 'x' },
  { c: TIME, i: 'a\u0000b' },
];
const forge = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe.each(testEngines())('forged cursors on %s', (engine) => {
  let t: TestApp;
  let moderator: { authorization: string };
  let reader: { cookie: string };
  let personSlug: string;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    moderator = (await makeStaffWithToken(t.ctx, 'moderator')).auth;
    const person = await makeUser(t.ctx, 'reader', 'Paged Person');
    personSlug = person.slug;
    reader = { cookie: `gz_session=${await createSession(t.ctx, person.id, { userAgent: null, ip: null })}` };
  });
  afterAll(async () => t?.close());

  // Each list's own cursor shape, with the time and id it carries replaced.
  const lists: [string, (c: string, i: string) => unknown, () => Record<string, string>][] = [
    ['/api/v1/people/SLUG/comments', (c, i) => [c, i], () => ({})],
    ['/api/v1/admin/moderation/log', (c, i) => ({ c, i }), () => moderator],
    ['/api/v1/admin/moderation/queue?status=pending', (c, i) => ({ q: 'pending', c, i }), () => moderator],
    ['/api/v1/notifications', (c, i) => `${c}|${i}`, () => reader],
  ];

  it.each(lists)('%s refuses a cursor the database could not read, and takes a good one', async (path, shape, headers) => {
    const url = (cursor: string) => `${path.replace('SLUG', personSlug)}${path.includes('?') ? '&' : '?'}cursor=${cursor}`;
    for (const { c, i } of BAD_FIELDS) {
      const response = await t.app.inject({ url: url(forge(shape(c, i))), headers: headers() });
      expect(response.statusCode, JSON.stringify({ c, i })).toBe(400);
      expect(response.json().error.field).toBe('cursor');
    }
    const good = await t.app.inject({ url: url(forge(shape(TIME, 'x'))), headers: headers() });
    expect(good.statusCode).toBe(200);
  });
});
