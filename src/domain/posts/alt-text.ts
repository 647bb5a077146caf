// Images without alt text are invisible to readers who use a screen reader. The desk warns
// before an article goes out (publish, schedule, submit for review) and lets the writer go on
// anyway: a warning, not a refusal, since some images are purely decorative.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

export interface ImageLackingAlt {
  /** What the image points at, as written (`media:ID` or a URL). */
  src: string;
  /** 1-based line of the body where it is. */
  line: number;
}

// The site's renderer has plugins and a media lookup; finding images only needs the parse.
const parser = new MarkdownIt({ html: false });
parser.validateLink = () => true;

function imagesIn(tokens: Token[], found: ImageLackingAlt[]): void {
  for (const block of tokens) {
    if (!block.children || !block.map) continue;
    // Inline children have no line of their own: count the line breaks before each image.
    let line = block.map[0] + 1;
    for (const token of block.children) {
      if (token.type === 'softbreak' || token.type === 'hardbreak') line++;
      if (token.type === 'image' && !token.content.trim()) found.push({ src: String(token.attrGet('src') ?? ''), line });
    }
  }
}

/** Every image (inline or in a gallery block) whose alt text is empty or only spaces, in order. */
export function imagesLackingAlt(markdown: string): ImageLackingAlt[] {
  const found: ImageLackingAlt[] = [];
  imagesIn(parser.parse(markdown, {}), found);
  return found;
}

/** The actions that put an article in front of readers (or an editor about to publish it). */
const GOING_OUT = new Set(['publish', 'schedule', 'review']);

/**
 * The images to warn about before this action, or none: only when the post is about to go out
 * and the writer has not already said "publish anyway".
 */
export function altTextWarning(action: string, markdown: string, confirmed: boolean): ImageLackingAlt[] {
  if (confirmed || !GOING_OUT.has(action)) return [];
  return imagesLackingAlt(markdown);
}
