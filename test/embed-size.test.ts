// The embed loader stays small and self-contained: a host page pays for it on every load, so it
// is held to its budget gzipped (as it travels), built from its one source file, and browser-pure.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EMBED_LOADER_BUDGET_GZIP_BYTES, buildEmbedFrame, buildEmbedLoader } from '../src/http/web/embed-bundle.ts';

const loader = await buildEmbedLoader();
const frame = await buildEmbedFrame();

describe('embed loader bundle', () => {
  it(`is at most ${EMBED_LOADER_BUDGET_GZIP_BYTES / 1024} KB gzipped`, () => {
    const gzipped = gzipSync(loader.code, { level: 9 }).length;
    console.log(`embed.js: ${loader.code.length} bytes minified, ${gzipped} bytes gzipped (budget ${EMBED_LOADER_BUDGET_GZIP_BYTES})`);
    expect(gzipped).toBeGreaterThan(300);
    expect(gzipped).toBeLessThanOrEqual(EMBED_LOADER_BUDGET_GZIP_BYTES);
  });

  it('is one classic script from its own source, with nothing from the server', () => {
    expect(loader.inputs).toEqual(['src/widget/embed-loader.ts']);
    const code = loader.code.toString();
    expect(code).not.toMatch(/\bimport\b|\bexport\b|\brequire\(/);
    // It only ever asks for the frame document: no fetch or XHR of its own.
    expect(code).not.toMatch(/\bfetch\(|XMLHttpRequest/);
  });

  it('keeps the frame script small and standalone too', () => {
    expect(frame.inputs).toEqual(['src/widget/embed-frame.ts']);
    expect(gzipSync(frame.code, { level: 9 }).length).toBeLessThanOrEqual(2 * 1024);
  });
});
