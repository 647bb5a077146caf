// Screenshots for docs/WRITING.md, taken by the browser tests themselves so the guide shows the
// desk as it is. They are written only when GAZETTE_SCREENSHOTS=1 (`npm run docs:screenshots`),
// so an ordinary test run leaves the working tree clean.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

const IMAGES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images');

/** Saves docs/images/NAME.png of the page (or of one element) when screenshots are asked for. */
export async function docShot(target: Page | Locator, name: string): Promise<void> {
  if (process.env.GAZETTE_SCREENSHOTS !== '1') return;
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot name "${name}" must be lower-case words and hyphens`);
  await target.screenshot({ path: path.join(IMAGES, `${name}.png`) });
}
