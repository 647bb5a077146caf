// The embed's two scripts, bundled by esbuild in memory like the comments client
// (widget-bundle.ts): the loader host pages include (/embed.js) and the frame's own small script
// (/assets/embed-frame.js). No build step: the TypeScript in src/widget/ is the source.
import path from 'node:path';
import { bundleForBrowsers, prepared, ROOT, type WidgetBuild } from './widget-bundle.ts';

export const EMBED_LOADER_ENTRY = path.join(ROOT, 'src/widget/embed-loader.ts');
export const EMBED_FRAME_ENTRY = path.join(ROOT, 'src/widget/embed-frame.ts');

/** What a host page downloads, gzipped; test/embed-size.test.ts holds the loader to it. */
export const EMBED_LOADER_BUDGET_GZIP_BYTES = 3 * 1024;

export type EmbedBuild = WidgetBuild;

export const buildEmbedLoader = (): Promise<EmbedBuild> => bundleForBrowsers(EMBED_LOADER_ENTRY, 'iife');
export const buildEmbedFrame = (): Promise<EmbedBuild> => bundleForBrowsers(EMBED_FRAME_ENTRY, 'esm');

let loader: Buffer | null = null;
let frame: Buffer | null = null;

export async function prepareEmbedBundles(): Promise<void> {
  loader ??= (await buildEmbedLoader()).code;
  frame ??= (await buildEmbedFrame()).code;
}

/** The loader's bundle. */
export const embedLoaderBundle = (): Buffer => prepared(loader, 'the embed loader');

/** The frame's script. */
export const embedFrameBundle = (): Buffer => prepared(frame, "the embed frame's script");
