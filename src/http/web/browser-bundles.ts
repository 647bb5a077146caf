// Every script Gazette bundles for browsers (the comments client, the embed's loader and frame
// script, count.js), built together once per process before the app serves anything: buildApp
// awaits this, so a request never waits for a bundle and the page renderers read them at once.
// esbuild runs a helper process for its builds; it is stopped after the last one, so a server
// keeps no child process (test/cli/bundle.test.ts).
import { stop } from 'esbuild';
import { prepareCountScript } from './count-bundle.ts';
import { prepareEmbedBundles } from './embed-bundle.ts';
import { prepareWidgetBundle } from './widget-bundle.ts';

let preparing: Promise<void> | null = null;

export function prepareBrowserBundles(): Promise<void> {
  preparing ??= Promise.all([prepareWidgetBundle(), prepareEmbedBundles(), prepareCountScript()])
    .then(() => undefined)
    .finally(() => stop());
  return preparing;
}
