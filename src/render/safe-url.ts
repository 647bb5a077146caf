// The one URL check. Every URL a renderer puts into an href, src or srcset passes through
// isSafeUrl, whoever wrote it: an author's Markdown, a reader's comment, our own code. It is an
// allow-list, because a deny-list of schemes loses to the next trick a browser tolerates:
// `java\tscript:`, `JaVaScRiPt:`, `javascript&colon;`, `\\evil`, a leading NUL.
//
// Pure (no Node imports): the comments client bundles it through render/comment-markdown.ts.

export interface UrlRules {
  /** What the URL is for. An image source may not be mailto: or a bare fragment. */
  kind?: 'link' | 'image';
  /** Paths on this site and fragments (default true). Reader comments link only to absolute URLs. */
  relative?: boolean;
  /** `media:ID`, which the article renderer resolves to /media/... itself (default false). */
  media?: boolean;
}

// Whitespace (ASCII and Unicode, zero-width too), C0/C1 controls, DEL and backslashes: a browser
// strips or rewrites some of these inside a scheme or a host, so a URL holding one is refused.
// eslint-disable-next-line no-control-regex
const SUSPICIOUS = /[\s\u0000-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF\\]/;
// A character reference left in a URL (`&colon;`, `&#58;`, `&#x3a;`) only ever hides something.
const CHARACTER_REFERENCE = /&(?:#x?[0-9a-f]+|[a-z][a-z0-9]*;)/i;
// The scheme is everything before the first colon that comes before any / ? #.
const SCHEME = /^([^/?#]*?):/;
const MEDIA_ID = /^media:[A-Za-z0-9_-]+$/;
const HTTP = /^https?:\/\/[^/?#]/i;
const MAILTO = /^mailto:./i;

export function isSafeUrl(url: string, rules: UrlRules = {}): boolean {
  const { kind = 'link', relative = true, media = false } = rules;
  if (url === '' || SUSPICIOUS.test(url) || CHARACTER_REFERENCE.test(url)) return false;
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // Protocol-relative `//host` leaves our site while looking like a path: authors write https://.
    if (url.startsWith('//')) return false;
    if (!relative) return false;
    return kind === 'link' || !url.startsWith('#');
  }
  if (scheme === 'http' || scheme === 'https') return HTTP.test(url);
  if (scheme === 'mailto') return kind === 'link' && MAILTO.test(url);
  if (scheme === 'media') return media && MEDIA_ID.test(url);
  return false;
}

/** The URL itself when it is safe, else '' (an href="" goes nowhere; a src="" loads nothing). */
export function safeUrl(url: string, rules: UrlRules = {}): string {
  return isSafeUrl(url, rules) ? url : '';
}

const ATTRIBUTE_ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };
const decodeAttribute = (value: string) => value.replace(/&(?:amp|quot|#39|lt|gt);/g, (entity) => ATTRIBUTE_ENTITIES[entity]!);
const URL_ATTRIBUTE = /\b(href|src|poster|action|formaction)="([^"]*)"/gi;
const SRCSET_ATTRIBUTE = /\bsrcset="([^"]*)"/gi;

/**
 * Defence in depth for HTML rendered earlier and stored (article bodies): every URL attribute
 * that fails the check is emptied. It reads markup in the shape our own renderer writes
 * (double-quoted, escaped attributes); it is not a sanitizer for arbitrary HTML.
 */
export function neutraliseUrls(markup: string, rules: UrlRules = {}): string {
  return markup
    .replace(URL_ATTRIBUTE, (whole, name: string, value: string) => {
      const kind = name.toLowerCase() === 'src' || name.toLowerCase() === 'poster' ? 'image' : (rules.kind ?? 'link');
      return isSafeUrl(decodeAttribute(value), { ...rules, kind }) ? whole : `${name}=""`;
    })
    .replace(SRCSET_ATTRIBUTE, (whole, set: string) => {
      const urls = decodeAttribute(set)
        .split(',')
        .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '');
      return urls.every((url) => isSafeUrl(url, { ...rules, kind: 'image' })) ? whole : 'srcset=""';
    });
}
