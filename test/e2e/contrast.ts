// Text contrast of buttons, measured in the page: axe reports a button whose text matches its
// background only as "needs review" (it cannot always tell the background), so an invisible
// label passed it. This walks up to the first opaque background and computes WCAG's ratio.
import type { Page } from 'playwright-core';

export interface LowContrast {
  text: string;
  ratio: number;
}

/** Buttons (and button-like links) whose text has less than `minimum`:1 contrast. */
export function lowContrastButtons(page: Page, minimum = 4.5): Promise<LowContrast[]> {
  return page.evaluate((min) => {
    const rgba = (css: string) => {
      const m = /rgba?\(([^)]+)\)/.exec(css);
      if (!m) return [0, 0, 0, 0];
      const parts = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const bg = rgba(getComputedStyle(node).backgroundColor);
        if (bg[3]! > 0.5) return bg;
      }
      return rgba(getComputedStyle(document.documentElement).backgroundColor)[3]! > 0.5
        ? rgba(getComputedStyle(document.documentElement).backgroundColor)
        : [255, 255, 255, 1];
    };
    const found: { text: string; ratio: number }[] = [];
    for (const el of document.querySelectorAll('button, input[type="submit"], a.desk-button')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const text = (el.textContent || (el as HTMLInputElement).value || '').trim();
      if (!text) continue;
      const fg = luminance(rgba(getComputedStyle(el).color));
      const bg = luminance(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < min) found.push({ text, ratio: Math.round(ratio * 100) / 100 });
    }
    return found;
  }, minimum);
}
