// The comments client, bundled for browsers by esbuild in memory the first time it is asked for.
// There is deliberately no build step between a checkout and `npm start`: the TypeScript in
// src/widget/ (which renders with this server's own thread.ts) is the source of truth, and
// bundling it takes a fraction of a second.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WIDGET_ENTRY = path.join(ROOT, 'src/widget/comments.ts');

/** The size readers download, gzipped; test/widget-size.test.ts holds the bundle to it. */
export const WIDGET_BUDGET_GZIP_BYTES = 20 * 1024;

export interface WidgetBuild {
  code: Buffer;
  /** Source files that went in, relative to the repository root (for the purity check). */
  inputs: string[];
}

// esbuild's synchronous API normally keeps a worker thread and an esbuild helper process alive
// for the rest of the process after its first build (about 17 MB in the helper), so that the next
// build starts sooner. A server builds its four bundles once, at start: without worker threads,
// each build runs a helper that exits with it. The switch is read when esbuild is first loaded,
// hence the late require. Under tsx (development, tests) esbuild is loaded already, and tsx keeps
// a helper of its own anyway.
let loaded: typeof Esbuild | null = null;

function esbuild(): typeof Esbuild {
  if (!loaded) {
    // eslint-disable-next-line no-restricted-syntax -- not one of our settings: esbuild's own switch, set for it
    process.env.ESBUILD_WORKER_THREADS ??= '0';
    loaded = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  }
  return loaded;
}

/**
 * One minified bundle for browsers of the last few years: an ES module (the comments client, the
 * frame's script) or a classic script (an IIFE: host pages include /embed.js and /count.js with a
 * plain <script async>, and document.currentScript only exists for classic scripts).
 */
export function bundleForBrowsers(entry: string, format: 'esm' | 'iife'): WidgetBuild {
  const result = esbuild().buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    metafile: true,
    absWorkingDir: ROOT,
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${path.relative(ROOT, entry)}`);
  return { code: Buffer.from(output.contents), inputs: Object.keys(result.metafile.inputs) };
}

/** Bundles the comments client. */
export const buildWidget = (): WidgetBuild => bundleForBrowsers(WIDGET_ENTRY, 'esm');

let cached: Buffer | null = null;

/** The bundle, built once per process. */
export function widgetBundle(): Buffer {
  cached ??= buildWidget().code;
  return cached;
}
