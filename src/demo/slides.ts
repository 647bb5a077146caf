// Demo images drawn rather than shipped: each is a presentation slide built as SVG and
// rasterised by sharp, so the repository carries no binary pictures and every slide still
// looks different. Everything is derived from the spec, so the same spec gives the same bytes.
import { imageQueue } from '../domain/media/image-queue.ts';
import { loadSharp } from '../domain/media/images.ts';

export interface SlideSpec {
  name: string;
  title: string;
  subtitle?: string;
  hue?: number;
}

const WIDTH = 1600;
const HEIGHT = 900;
const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** FNV-1a: a stable seed from the name, so a slide's decoration never changes between runs. */
function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  return hash;
}

/** A tiny deterministic generator (xorshift32) giving numbers in [0, 1). */
function randomFrom(seed: number): () => number {
  let state = seed || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

/** SVG text does not wrap, so lines are broken by a character budget; overflow ends in "…". */
function wrap(text: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, perLine - 1)}…`;
  return kept;
}

function textLines(lines: string[], x: number, y: number, size: number, lineHeight: number, attrs: string): string {
  return lines.map((line, i) => `<text x="${x}" y="${y + i * lineHeight}" font-size="${size}" ${attrs}>${xml(line)}</text>`).join('');
}

export function slideSvg(spec: SlideSpec): string {
  const random = randomFrom(seedOf(spec.name));
  const hue = (((spec.hue ?? seedOf(spec.name) % 360) % 360) + 360) % 360;
  const title = wrap(spec.title, 30, 3);
  const subtitle = spec.subtitle ? wrap(spec.subtitle, 56, 2) : [];

  // Faint circles in the background, placed by the name.
  const circles = Array.from({ length: 4 }, () => {
    const r = 80 + Math.round(random() * 220);
    return `<circle cx="${Math.round(random() * WIDTH)}" cy="${Math.round(random() * HEIGHT)}" r="${r}" fill="#fff" fill-opacity="0.05"/>`;
  }).join('');

  // A small bar chart in the lower right; the last bar is highlighted like a "this year" figure.
  const bars = 4 + Math.floor(random() * 4);
  const barWidth = Math.floor(520 / bars) - 16;
  const chart = Array.from({ length: bars }, (_, i) => {
    const height = 40 + Math.round(random() * 200);
    const x = 980 + i * (barWidth + 16);
    const fill = i === bars - 1 ? `hsl(${(hue + 40) % 360}, 90%, 65%)` : '#ffffff';
    const opacity = i === bars - 1 ? 1 : 0.35;
    return `<rect x="${x}" y="${800 - height}" width="${barWidth}" height="${height}" rx="6" fill="${fill}" fill-opacity="${opacity}"/>`;
  }).join('');

  const titleTop = 230;
  const subtitleTop = titleTop + title.length * 86 + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue}, 55%, 20%)"/><stop offset="1" stop-color="hsl(${(hue + 35) % 360}, 60%, 38%)"/>
</linearGradient></defs>
<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#bg)"/>
${circles}
<rect x="100" y="130" width="120" height="10" rx="5" fill="hsl(${(hue + 40) % 360}, 90%, 65%)"/>
${textLines(title, 100, titleTop, 72, 86, `font-family="${FONT}" font-weight="bold" fill="#ffffff"`)}
${textLines(subtitle, 100, subtitleTop, 36, 48, `font-family="${FONT}" fill="#ffffff" fill-opacity="0.8"`)}
<line x1="960" y1="802" x2="1500" y2="802" stroke="#ffffff" stroke-opacity="0.6" stroke-width="3"/>
${chart}
</svg>`;
}

/** A 1600×900 PNG of the slide; drawn in the image queue like every sharp job (a server may be loading the demo while it serves). */
export async function renderSlide(spec: SlideSpec): Promise<Buffer> {
  const sharp = await loadSharp();
  return imageQueue.run(
    () =>
      sharp(Buffer.from(slideSvg(spec)))
        .png()
        .toBuffer(),
    { waiting: 'unbounded' },
  );
}
