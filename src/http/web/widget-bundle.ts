// The comments client, bundled for browsers by esbuild in memory when the app is built
// (browser-bundles.ts prepares it with the embed's and count.js's scripts).
// There is deliberately no build step between a checkout and `npm start`: the TypeScript in
// src/widget/ (which renders with this server's own thread.ts) is the source of truth, and
// bundling it takes a fraction of a second.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WIDGET_ENTRY = path.join(ROOT, 'src/widget/comments.ts');

/** The size readers download, gzipped; test/widget-size.test.ts holds the bundle to it. */
export const WIDGET_BUDGET_GZIP_BYTES = 20 * 1024;

export interface WidgetBuild {
  code: Buffer;
  /** Source files that went in, relative to the repository root (for the purity check). */
  inputs: string[];
}

/**
 * One minified bundle for browsers of the last few years: an ES module (the comments client, the
 * frame's script) or a classic script (an IIFE: host pages include /embed.js and /count.js with a
 * plain <script async>, and document.currentScript only exists for classic scripts).
 */
export async function bundleForBrowsers(entry: string, format: 'esm' | 'iife'): Promise<WidgetBuild> {
  const result = await build({
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
export const buildWidget = (): Promise<WidgetBuild> => bundleForBrowsers(WIDGET_ENTRY, 'esm');

/** A bundle prepared by prepareBrowserBundles (which buildApp awaits), or an error saying so. */
export function prepared(bundle: Buffer | null, what: string): Buffer {
  if (!bundle) throw new Error(`${what} is not bundled yet: buildApp awaits prepareBrowserBundles() first`);
  return bundle;
}

let widget: Buffer | null = null;

export async function prepareWidgetBundle(): Promise<void> {
  widget ??= (await buildWidget()).code;
}

/** The comments client's bundle. */
export const widgetBundle = (): Buffer => prepared(widget, 'the comments client');
