import { describe, expect, it } from 'vitest';
import { isValidSlug, slugFor, slugify } from './slug.ts';

describe('slugs', () => {
  it('spells Latin with accents, Cyrillic and Greek in plain ASCII', () => {
    expect(slugFor('Hello, “World”')).toBe('hello-world');
    expect(slugFor('Café Straße')).toBe('cafe-strasse');
    expect(slugFor('Россия')).toBe('rossiya');
    expect(slugFor('Київ')).toBe('kiyiv');
    expect(slugFor('Ελλάδα')).toBe('ellada');
  });

  it('gives names in other scripts distinct, valid slugs that stay the same from one call to the next', () => {
    const slugs = ['日本', '中国', 'が', 'か', 'עברית', 'العربية'].map((name) => slugFor(name)!);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(isValidSlug(slug), slug).toBe(true);
    expect(slugFor('日本')).toBe(slugs[0]);
    // What can be spelled is kept; the hash tells "東京 2024" from "大阪 2024".
    expect(slugFor('東京 2024')).toMatch(/^2024-[0-9a-f]{8}$/);
    expect(slugFor('東京 2024')).not.toBe(slugFor('大阪 2024'));
    expect(slugFor('日本'.repeat(100))!.length).toBeLessThanOrEqual(120);
  });

  it('makes no slug from a name without a letter or digit; a title falls back to "untitled"', () => {
    for (const name of ['!!!', '\u200b', '🎉', '  -  ']) expect(slugFor(name), JSON.stringify(name)).toBeUndefined();
    expect(slugify('!!!')).toBe('untitled');
  });
});
