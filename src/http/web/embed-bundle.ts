// The embed's two scripts, bundled by esbuild in memory like the comments client
// (widget-bundle.ts): the loader host pages include (/embed.js) and the frame's own small script
// (/assets/embed-frame.js). No build step: the TypeScript in src/widget/ is the source.
import path from 'node:path';
import { bundleForBrowsers, ROOT, type WidgetBuild } from './widget-bundle.ts';

export const EMBED_LOADER_ENTRY = path.join(ROOT, 'src/widget/embed-loader.ts');
export const EMBED_FRAME_ENTRY = path.join(ROOT, 'src/widget/embed-frame.ts');

/** What a host page downloads, gzipped; test/embed-size.test.ts holds the loader to it. */
export const EMBED_LOADER_BUDGET_GZIP_BYTES = 3 * 1024;

export type EmbedBuild = WidgetBuild;

export const buildEmbedLoader = (): EmbedBuild => bundleForBrowsers(EMBED_LOADER_ENTRY, 'iife');
export const buildEmbedFrame = (): EmbedBuild => bundleForBrowsers(EMBED_FRAME_ENTRY, 'esm');

let loader: Buffer | null = null;
let frame: Buffer | null = null;

/** The loader, built once per process. */
export function embedLoaderBundle(): Buffer {
  loader ??= buildEmbedLoader().code;
  return loader;
}

/** The frame's script, built once per process. */
export function embedFrameBundle(): Buffer {
  frame ??= buildEmbedFrame().code;
  return frame;
}
