// Reader comments: a deliberately small Markdown subset, rendered and sanitized on the server.
// Strangers write these, so the parser starts from markdown-it's empty "zero" preset and we
// switch on only what a comment needs. A rule added by a future markdown-it release stays off
// until someone chooses it. Raw HTML, images, headings, tables and rules never parse. Links
// are kept only for http(s) and mailto; anything else stays as the literal text the
// commenter typed.
//
// @mentions of earlier participants become links to their profile (or a span for guests).
// They are found in the parsed tokens, never in the HTML, so code spans and link text are
// left alone without any escaping tricks.
import MarkdownIt from 'markdown-it';
import type { Env, StateCore, Token } from 'markdown-it';
import { escapeHtml } from './html.ts';
import { isSafeUrl } from './safe-url.ts';

export interface MentionTarget {
  name: string;
  /** The participant's profile; null for a guest, who is shown as <span class="mention">. */
  url: string | null;
}

export interface CommentRenderOptions {
  /** Looks up an @mention (the text after @, exactly as written) among earlier participants; undefined = not a participant, left as plain text. */
  resolveMention?: (handle: string) => MentionTarget | undefined;
}

export interface RenderedComment {
  html: string;
  /** Text content with whitespace collapsed, for search and the spam filter. */
  text: string;
  /** Handles that resolved to a participant, first appearance first, each once. */
  mentions: string[];
  /** Absolute URLs of the links in the comment (not mention links), each once. */
  links: string[];
}

/** Characters of Markdown after trimming. The domain layer enforces these; we only publish them. */
export const COMMENT_LIMITS = { minLength: 1, maxLength: 10_000 } as const;

const LINK_REL = 'nofollow ugc noopener';
// A comment has no business linking to a relative path, a protocol-relative host or any
// scheme a browser might execute: the one URL check, without relative URLs.
const COMMENT_LINK = { relative: false } as const;

// A mention is up to four words of these characters, words separated by one space.
const MAX_MENTION_WORDS = 4;
const MENTION_RUN = /[\p{L}\p{N}_.'’-]+(?: [\p{L}\p{N}_.'’-]+)*/uy;
// What usually ends the sentence or makes a possessive rather than belonging to the name:
// "thanks @Gary.", "@Gary's point".
const TRAILING_PUNCTUATION = /(?:['’]s)?[.'’_-]*$/u;
// An @ right after one of these is part of something else: an email address, a path, "@@".
const GLUED_BEFORE = /[\p{L}\p{N}_.\-/@+]$/u;

const MENTION_TOKEN = 'comment_mention';

/** What one render collects while the core rule walks the tokens. */
class Collected {
  readonly mentions = new Set<string>();
  readonly links = new Set<string>();
  constructor(readonly resolve: CommentRenderOptions['resolveMention']) {}
}

const COLLECTED = Symbol('comment-render');

const md = new MarkdownIt('zero', {
  html: false,
  linkify: true,
  typographer: false,
  // Commenters expect a newline to be a line break, as in every comment box they have used.
  breaks: true,
  // Deeply nested quotes or lists are only ever an attack on the layout.
  maxNesting: 20,
});

md.enable([
  // block
  'blockquote',
  'code',
  'fence',
  'list',
  'reference',
  // inline (emphasis and strikethrough also switch on their post-processing step)
  'autolink',
  'backticks',
  'emphasis',
  'entity',
  'escape',
  'link',
  'newline',
  'strikethrough',
  // both core and inline: bare http(s) URLs and email addresses become links
  'linkify',
]);

const markdownItValidateLink = md.validateLink.bind(md);
md.validateLink = (url: string): boolean => markdownItValidateLink(url) && isSafeUrl(url, COMMENT_LINK);

md.core.ruler.push('comment_tokens', (state: StateCore) => {
  const collected = state.env[COLLECTED];
  if (!(collected instanceof Collected)) return;
  for (const token of state.tokens) {
    // The language of a fenced block would become a class attribute; comments carry none.
    if (token.type === 'fence') token.info = '';
    if (token.type === 'inline' && token.children) {
      token.children = processInline(token.children, state, collected);
    }
  }
});

md.renderer.rules[MENTION_TOKEN] = (tokens, idx) => {
  const token = tokens[idx]!;
  const label = escapeHtml(token.content);
  const href = token.attrGet('href');
  return href
    ? `<a href="${escapeHtml(String(href))}" class="mention" rel="${LINK_REL}">${label}</a>`
    : `<span class="mention">${label}</span>`;
};

/** Normalizes link attributes, records links, and splits mentions out of plain text. */
function processInline(children: Token[], state: StateCore, collected: Collected): Token[] {
  const out: Token[] = [];
  let linkDepth = 0;
  // The end of the previous text token: `**x**@Gary` starts a mention, `user@Gary` does not.
  let before = '';
  for (const child of children) {
    if (child.type === 'link_open') {
      linkDepth++;
      const href = String(child.attrGet('href') ?? '');
      // Only href survives (no title); every link is marked as user content.
      child.attrs = [
        ['href', href],
        ['rel', LINK_REL],
      ];
      collected.links.add(href);
    } else if (child.type === 'link_close') {
      linkDepth--;
    }
    if (child.type === 'text' && linkDepth === 0) out.push(...splitMentions(child, before, state, collected));
    else out.push(child);
    before = child.type === 'text' ? child.content.slice(-2) : '';
  }
  return out;
}

function splitMentions(token: Token, before: string, state: StateCore, collected: Collected): Token[] {
  const content = token.content;
  if (!collected.resolve || !content.includes('@')) return [token];
  const parts: Token[] = [];
  let textStart = 0;
  let at = content.indexOf('@');
  while (at !== -1) {
    const preceding = at === 0 ? before : content.slice(Math.max(0, at - 2), at);
    const found = GLUED_BEFORE.test(preceding) ? undefined : longestMention(content, at + 1, collected.resolve);
    if (!found) {
      at = content.indexOf('@', at + 1);
      continue;
    }
    if (at > textStart) parts.push(textToken(state, content.slice(textStart, at)));
    const mention = new state.Token(MENTION_TOKEN, '', 0);
    mention.content = `@${found.handle}`;
    // Profile URLs come from our own code; the check guards against a lookup bug, not a reader.
    if (found.target.url && isSafeUrl(found.target.url)) mention.attrSet('href', found.target.url);
    parts.push(mention);
    collected.mentions.add(found.handle);
    textStart = at + 1 + found.handle.length;
    at = content.indexOf('@', textStart);
  }
  if (textStart === 0) return [token];
  if (textStart < content.length) parts.push(textToken(state, content.slice(textStart)));
  return parts;
}

function textToken(state: StateCore, content: string): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  return token;
}

/**
 * Names may contain spaces ("Gary Ohanian"), so the longest run of words that resolves wins:
 * "@Gary Ohanian thanks" tries three words, then two, then one. Each candidate is also tried
 * without trailing punctuation or a possessive, so "@Gary." and "@Gary's" still find Gary.
 */
function longestMention(
  content: string,
  start: number,
  resolve: NonNullable<CommentRenderOptions['resolveMention']>,
): { handle: string; target: MentionTarget } | undefined {
  MENTION_RUN.lastIndex = start;
  const run = MENTION_RUN.exec(content);
  if (!run) return undefined;
  const words = run[0].split(' ').slice(0, MAX_MENTION_WORDS);
  for (let count = words.length; count > 0; count--) {
    const candidate = words.slice(0, count).join(' ');
    const trimmed = candidate.replace(TRAILING_PUNCTUATION, '');
    for (const handle of trimmed && trimmed !== candidate ? [candidate, trimmed] : [candidate]) {
      const target = resolve(handle);
      if (target) return { handle, target };
    }
  }
  return undefined;
}

const TEXT_TOKENS = new Set(['text', 'code_inline', 'code_block', 'fence', MENTION_TOKEN]);

/** Text content from the tokens; blocks and line breaks separate words. */
function plainText(tokens: Token[]): string {
  let out = '';
  for (const token of tokens) {
    if (token.children) out += plainText(token.children);
    else if (TEXT_TOKENS.has(token.type)) out += token.content;
    else if (token.block || token.type === 'softbreak' || token.type === 'hardbreak') out += ' ';
  }
  return out;
}

export function renderComment(markdown: string, options: CommentRenderOptions = {}): RenderedComment {
  const collected = new Collected(options.resolveMention);
  const env: Env = { [COLLECTED]: collected };
  const tokens = md.parse(markdown, env);
  return {
    html: md.renderer.render(tokens, md.options, env),
    text: plainText(tokens).replace(/\s+/g, ' ').trim(),
    mentions: [...collected.mentions],
    links: [...collected.links],
  };
}
