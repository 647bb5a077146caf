// Stable, specific error codes (issue 11): one list in src/errors.ts, published with each code's
// status and meaning in /api/v1/openapi.json, and refusals a client must tell apart answer with
// their own code instead of a shared FORBIDDEN. That no source file throws a code missing from the
// list needs no test: AppError takes an ErrorCode, so tsc refuses any other string.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { makeStaffWithToken } from '../helpers/factories.ts';
import { testEngines } from '../helpers/engines.ts';
import { ERROR_CODES } from '../../src/errors.ts';

describe.each(testEngines())('error codes on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('publishes every code with its status and meaning in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    const description: string = doc.info.description;
    for (const [code, { status, meaning }] of Object.entries(ERROR_CODES)) {
      expect(description).toContain(`| \`${code}\` | ${status} | ${meaning.replaceAll('|', '\\|')} |`);
    }
    // The envelope's `code` is an enum of exactly these codes, wherever an error answer is described.
    const edit = doc.paths['/api/v1/comments/{id}'].patch.responses['403'].content['application/json'].schema;
    expect(edit.properties.error.properties.code.enum).toEqual(Object.keys(ERROR_CODES));
  });

  it('keeps FORBIDDEN only as the fallback for framework refusals, after the generic codes', () => {
    const codes = Object.keys(ERROR_CODES);
    // toAppError maps a plugin's bare 403 to the first code with that status: it must be the generic one.
    expect(codes.find((code) => ERROR_CODES[code as keyof typeof ERROR_CODES].status === 403)).toBe('FORBIDDEN');
  });

  it('tells an unknown API token from a missing one, and a role refusal from both', async () => {
    const missing = await t.app.inject('/api/v1/admin/posts');
    expect(missing.json().error.code).toBe('UNAUTHENTICATED');
    const unknown = await t.app.inject({ url: '/api/v1/admin/posts', headers: { authorization: 'Bearer not-a-real-token' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toMatchObject({ code: 'TOKEN_INVALID', field: 'authorization' });
    const { auth } = await makeStaffWithToken(t.ctx, 'reader');
    const reader = await t.app.inject({ url: '/api/v1/admin/posts', headers: auth });
    expect(reader.statusCode).toBe(403);
    expect(reader.json().error.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('answers a used or unknown email link, a wrong password and a cross-site write with their own codes', async () => {
    const link = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify', payload: { token: 'no-such-token' } });
    expect(link.statusCode).toBe(422);
    expect(link.json().error).toMatchObject({ code: 'LINK_EXPIRED', field: 'token' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.com', password: 'not the password' },
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().error.code).toBe('SIGN_IN_FAILED');
    const cross = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: 'nobody@example.com', password: 'not the password' },
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error).toMatchObject({ code: 'CROSS_SITE_REQUEST', field: 'origin' });
  });
});
