// The embed frame forces a scheme when the host page asks (data-theme), so embed.css repeats
// site.css's two palettes under html[data-theme=…] — CSS cannot reuse a media query's block under
// a selector. site.css's values are the ones checked for contrast; this keeps the copies equal.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const ASSETS = 'src/http/web/assets';
const siteCss = fs.readFileSync(`${ASSETS}/site.css`, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const embedCss = fs.readFileSync(`${ASSETS}/embed.css`, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The custom properties declared directly in the first block that `opening` starts. */
function propertiesOf(css: string, opening: string): Map<string, string> {
  const start = css.indexOf(opening);
  if (start < 0) throw new Error(`no block starts with ${opening}`);
  const body = css.slice(start + opening.length, css.indexOf('}', start));
  return new Map([...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((match) => [match[1]!, match[2]!.trim()]));
}

describe('the embed frame’s forced schemes', () => {
  const light = propertiesOf(siteCss, ':root {');
  const dark = propertiesOf(siteCss, '@media (prefers-color-scheme: dark) {\n  :root {');

  it.each([
    ['light', light],
    ['dark', dark],
  ])('use site.css’s %s palette, every colour of it', (scheme, palette) => {
    const forced = propertiesOf(embedCss, `html[data-theme='${scheme}'] {`);
    const colours = new Map([...palette].filter(([name]) => dark.has(name)));
    expect(colours.size).toBeGreaterThan(10);
    expect(forced).toEqual(colours);
  });
});
