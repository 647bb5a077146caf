// The frame's language from data-lang: WordPress's en_US or a language Gazette does not ship falls
// back (en_US → en; else the site's language) instead of a refused, empty frame; and the frame's
// document title is in that language too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { registerSite } from '../../src/domain/sites/sites.ts';

const BLOG = 'https://lang.example';

describe.each(testEngines())('the embed frame’s language (%s)', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await registerSite(t.ctx, { name: 'lang-site', title: 'Lang', origins: [BLOG], lang: 'de' });
  });
  afterAll(async () => t?.close());

  const frame = (lang: string) =>
    t.app.inject({
      url: `/embed/thread?${new URLSearchParams({ site: 'lang-site', page: 'p1', title: 'Spring & Co', origin: BLOG, lang })}`,
      headers: { referer: `${BLOG}/p1` },
    });

  it('reads en_US as en, and a language it does not ship or cannot read as the site’s', async () => {
    const cases: [string, string][] = [
      ['en_US', 'en'],
      ['pt_BR', 'pt-BR'],
      ['ja-JP', 'ja'],
      ['fr', 'de'],
      ['fr_FR', 'de'],
      ['not a language', 'de'],
    ];
    for (const [lang, shown] of cases) {
      const response = await frame(lang);
      expect(response.statusCode, lang).toBe(200);
      expect(response.body, lang).toContain(`<html lang="${shown}"`);
    }
  });

  it('titles the frame’s document in its language', async () => {
    const titleOf = async (lang: string) => /<title>([^<]*)<\/title>/.exec((await frame(lang)).body)?.[1];
    expect(await titleOf('en')).toBe('Comments on Spring &amp; Co');
    expect(await titleOf('de')).toBe('Kommentare zu Spring &amp; Co');
    expect(await titleOf('ar')).toBe('التعليقات على Spring &amp; Co');
    expect(await titleOf('ja')).toBe('「Spring &amp; Co」へのコメント');
  });
});
