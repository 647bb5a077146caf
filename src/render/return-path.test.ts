import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInHref, signUpHref } from './return-path.ts';

describe('return paths after signing in', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnPath('/articles/x#comments')).toBe('/articles/x#comments');
    expect(safeReturnPath('/articles/x?sort=newest&after=abc')).toBe('/articles/x?sort=newest&after=abc');
    expect(signInHref('/articles/x#comments')).toBe('/signin?next=%2Farticles%2Fx%23comments');
    expect(signUpHref('/articles/x')).toBe('/signup?next=%2Farticles%2Fx');
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    '\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/a b',
    '/a\tb',
    '/a\u0000',
    'articles/x',
    '',
    '/' + 'x'.repeat(2001),
  ])('refuses %j', (value) => {
    expect(safeReturnPath(value)).toBeNull();
    expect(signInHref(value)).toBe('/signin');
  });

  it('leaves out the front page and the account pages themselves', () => {
    expect(signInHref('/')).toBe('/signin');
    for (const path of ['/signin', '/signup?next=%2F', '/reset/confirm', '/verify', '/settings/delete'])
      expect(signInHref(path)).toBe('/signin');
    expect(signInHref('/signing-off-an-era')).toBe('/signin?next=%2Fsigning-off-an-era');
  });
});
