// A site's look in the embed, as a stylesheet (/embed/theme/SITE.css): its accent colour, font
// and corner radius as the custom properties site.css draws with. A file rather than inline
// styles, so the frame's CSP keeps style-src 'self'. The values were checked when the site was
// saved (domain/sites/validate.ts); they are checked again here because they end up in CSS.
import { createHash } from 'node:crypto';
import type { Site } from '../../domain/sites/types.ts';

const HEX = /^#([0-9a-f]{6})$/i;
const RADIUS = /^\d{1,2}px$/;
const FONT = /^[A-Za-z0-9 ,"'-]{1,200}$/;

/** Text on the accent (buttons): white on a dark accent, near-black on a light one. */
function onAccent(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return luminance > 0.4 ? '#14161a' : '#ffffff';
}

export function siteThemeCss(site: Site): string {
  const rules: string[] = [];
  const { accent, font, radius } = site.theme;
  if (accent && HEX.test(accent)) {
    rules.push(
      `--accent: ${accent};`,
      `--accent-hover: color-mix(in srgb, ${accent} 80%, currentColor);`,
      `--on-accent: ${onAccent(accent)};`,
    );
  }
  if (font && FONT.test(font)) rules.push(`--font-sans: ${font};`);
  if (radius && RADIUS.test(radius)) rules.push(`--radius: ${radius};`);
  // html.embed outranks both site.css's :root and embed.css's forced schemes, whichever applies.
  return `/* ${site.name}: the site's theme for Gazette's embed */\nhtml.embed {\n${rules.map((rule) => `  ${rule}`).join('\n')}\n}\n`;
}

/** A short hash of the stylesheet, for its URL (?v=) and its ETag. */
export function themeVersion(css: string): string {
  return createHash('sha1').update(css).digest('hex').slice(0, 10);
}
