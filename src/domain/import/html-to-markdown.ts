// Imported bodies are HTML (Disqus messages, WordPress posts and comments); Gazette stores
// Markdown and renders it through its own sanitizing renderers. No HTML parser library is
// installed, so this keeps deliberately little: text, paragraphs, line breaks, links,
// quotes, list items and (for posts) images. Everything else becomes its text content, and
// that text is Markdown-escaped, so nothing in it can turn into markup of its own. The
// renderer still validates every link, so this file is not what keeps readers safe.

export interface HtmlToMarkdownOptions {
  /** WordPress stores comments and posts with bare newlines (wpautop): blank line = paragraph, newline = line break. */
  newlinesAreBreaks?: boolean;
  /** Keep <img> as Markdown images (posts); comments keep only the alt text. */
  images?: boolean;
  /** Resolves relative link and image URLs (the source site's address). */
  baseUrl?: string;
  /** How a line break is written: '\n' where the renderer treats newlines as breaks (comments), '\\\n' otherwise. */
  hardBreak?: string;
}

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'figure',
  'figcaption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'table',
  'tr',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'hr',
  'address',
]);
const DROPPED = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'head', 'title']);
const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  middot: '·',
  bull: '•',
  deg: '°',
  times: '×',
  shy: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Backslash-escapes what Markdown would read as markup; the text then renders exactly as written. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~|&]/g, '\\$&')
    .replace(/^(\s*)([#>+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

function attributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(ATTR)) attrs.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  return attrs;
}

function resolveUrl(raw: string, baseUrl: string | undefined): string | null {
  try {
    const url = baseUrl ? new URL(raw.trim(), baseUrl).toString() : raw.trim();
    return SAFE_URL.test(url) ? url : null;
  } catch {
    return null;
  }
}

// Parentheses and spaces would end a Markdown link destination early.
const destination = (url: string) => url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): string {
  const hardBreak = options.hardBreak ?? '\n';
  const blocks: string[] = [];
  let line = '';
  let quoteDepth = 0;
  let listPrefix = '';
  let dropping = '';
  const links: { href: string | null; start: number }[] = [];

  const flush = () => {
    let text = line.trim();
    // A break at the end of a block (`<br></p>`) means nothing.
    if (hardBreak !== '\n' && text.endsWith('\\')) text = text.replace(/(?:\\\s*)+$/, '');
    if (text !== '' && (quoteDepth > 0 || listPrefix !== '')) {
      const quote = '> '.repeat(quoteDepth);
      const lines = text.split('\n').map((l, i) => (i === 0 ? listPrefix + l : (listPrefix ? '  ' : '') + l));
      blocks.push(lines.map((l) => quote + l).join('\n'));
    } else if (text !== '') blocks.push(text);
    line = '';
    listPrefix = '';
  };
  const addText = (raw: string) => {
    if (raw === '') return;
    let text = raw.includes('&') ? decodeEntities(raw) : raw;
    if (options.newlinesAreBreaks) {
      const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/);
      paragraphs.forEach((paragraph, index) => {
        if (index > 0) flush();
        paragraph.split('\n').forEach((part, lineIndex) => {
          // A newline only breaks a line that has something on it (not the one after a block tag).
          if (lineIndex > 0 && line.trim() !== '' && !line.endsWith(hardBreak)) line += hardBreak;
          line += escapeMarkdown(part.replace(/[ \t]+/g, ' '));
        });
      });
      return;
    }
    text = text.replace(/\s+/g, ' ');
    if (line === '' || line.endsWith('\n')) text = text.replace(/^ /, '');
    line += escapeMarkdown(text);
  };

  let last = 0;
  for (const match of html.matchAll(TAG)) {
    const before = html.slice(last, match.index);
    last = match.index + match[0].length;
    if (!dropping) addText(before);
    if (!match[2]) continue; // a comment
    const closing = match[1] === '/';
    const name = match[2].toLowerCase();
    if (dropping) {
      if (closing && name === dropping) dropping = '';
      continue;
    }
    if (DROPPED.has(name)) {
      if (!closing && !match[0].endsWith('/>')) dropping = name;
      continue;
    }
    if (name === 'br') {
      if (line.trim() !== '') line += hardBreak;
    } else if (name === 'blockquote') {
      flush();
      quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
    } else if (name === 'li') {
      flush();
      if (!closing) listPrefix = '- ';
    } else if (BLOCK.has(name)) flush();
    else if (name === 'a') {
      if (!closing) links.push({ href: resolveUrl(attributes(match[3] ?? '').get('href') ?? '', options.baseUrl), start: line.length });
      else {
        const link = links.pop();
        const label = link ? line.slice(link.start).trim() : '';
        if (link?.href && label) line = `${line.slice(0, link.start)}[${label}](${destination(link.href)})`;
      }
    } else if (name === 'img' && !closing) {
      const attrs = attributes(match[3] ?? '');
      const alt = escapeMarkdown((attrs.get('alt') ?? '').replace(/\s+/g, ' ').trim());
      const src = options.images ? resolveUrl(attrs.get('src') ?? '', options.baseUrl) : null;
      if (src) {
        flush();
        line = `![${alt}](${destination(src)})`;
        flush();
      } else line += alt;
    }
  }
  if (!dropping) addText(html.slice(last));
  flush();
  return blocks.join('\n\n');
}
