// The embed loader (/embed.js): what a host page includes with one script tag. It reads the
// tag's data-* attributes, inserts one iframe served by Gazette (/embed/thread) and then only
// sizes and scrolls it on the frame's word. It stays tiny (test/embed-size.test.ts: ≤ 3 KB
// gzipped) and makes no request of its own: the frame document is the only one for the thread.
//
// Messages are trusted only when they come from Gazette's origin (taken from this script's
// own src) AND from this loader's own iframe window: another frame of the same Gazette on the
// page, or any other window, cannot move or resize this one.

type Message = { type?: unknown; [key: string]: unknown };

const script = (document.currentScript ?? document.querySelector('script[src*="/embed.js"][data-site]')) as HTMLScriptElement | null;

/** `#comment-ID` on the host's address: the comment to show. */
function commentInHash(): string | null {
  const match = /^#comment-([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  return match ? match[1]! : null;
}

/** "auto": the host page's own background decides, else the reader's system preference. */
function hostTheme(): 'light' | 'dark' {
  for (const element of [document.body, document.documentElement]) {
    if (!element) continue;
    const rgb = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(getComputedStyle(element).backgroundColor);
    if (!rgb || rgb[4] === '0') continue;
    // Relative luminance, roughly: enough to tell a dark page from a light one.
    const [r, g, b] = [rgb[1], rgb[2], rgb[3]].map((c) => Number(c) / 255) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 ? 'dark' : 'light';
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

// The frame's accessible name in the snippet's data-lang (the words of discussion.heading.none in
// src/locales/; a handful of bytes, so the loader needs no message file). Without data-lang the
// frame's language is the site's or the reader's, which only the server knows: English here.
const TITLES: Record<string, string> = {
  hi: 'टिप्पणियाँ',
  id: 'Komentar',
  ja: 'コメント',
  pt: 'Comentários',
  es: 'Comentarios',
  de: 'Kommentare',
  ar: 'التعليقات',
};

/** For the host page's developer: an attribute the loader set aside, and why. */
const warn = (attribute: string, why: string) => console.warn(`Gazette embed: ${attribute} ${why}.`);

/** An http(s) address within the frame's limit, else null. */
function pageAddress(value: string): string | null {
  try {
    return /^https?:$/.test(new URL(value).protocol) && value.length <= 2000 ? value : null;
  } catch {
    return null;
  }
}

/**
 * The optional attributes the frame would refuse (a 400, an empty frame, nothing said), checked
 * here and set aside with a warning: the discussion still shows, by the page's address, in the
 * site's language. A language we do not ship, or WordPress's en_US, is the server's to map.
 */
function checkedAttributes(data: DOMStringMap): { page?: string; url: string | null; lang?: string } {
  let page = data.pageId?.trim();
  if (page && page.length > 200) {
    warn('data-page-id', 'is over 200 characters; the page is known by its address instead');
    page = undefined;
  }
  let url = pageAddress(location.href.split('#')[0]!);
  if (data.url) {
    if (pageAddress(data.url)) url = data.url;
    else warn('data-url', 'must be an http(s) address of at most 2,000 characters; the page’s own address is used');
  }
  let lang = data.lang;
  if (lang && !/^[a-z]{2,3}([-_][a-z\d]{1,8})*$/i.test(lang)) {
    warn('data-lang', 'is not a language tag like "de" or "pt-BR"; the site’s language is used');
    lang = undefined;
  }
  return { page, url, lang };
}

function start(tag: HTMLScriptElement): void {
  const data = tag.dataset;
  const gazette = new URL(tag.src);
  const theme = data.theme === 'light' || data.theme === 'dark' ? data.theme : hostTheme();
  const frameUrl = new URL('/embed/thread', gazette.origin);
  const { page, url, lang } = checkedAttributes(data);
  if (!page && !url)
    return warn('data-page-id', 'is needed where the page’s address is not http(s) or is over 2,000 characters; no discussion is shown');
  const params: Record<string, string | null | undefined> = {
    site: data.site,
    page,
    url,
    title: data.title ?? document.title,
    lang,
    theme,
    origin: location.origin,
    comment: commentInHash(),
  };
  // The title within the frame's limit (a long document.title must not cost the page its discussion).
  for (const [name, value] of Object.entries(params))
    if (value) frameUrl.searchParams.set(name, name === 'title' ? value.slice(0, 300) : value);

  const frame = document.createElement('iframe');
  frame.src = frameUrl.href;
  frame.title = TITLES[(lang ?? '').toLowerCase().split(/[-_]/)[0]!] ?? 'Comments';
  // CSSOM, not a style attribute: allowed under a host page's strict style-src.
  frame.style.width = '100%';
  frame.style.border = '0';
  // No height until the frame says how tall it is: a refused frame (not a registered origin)
  // shows nothing at all on the host page.
  frame.style.height = '0';
  frame.style.display = 'block';
  frame.setAttribute('scrolling', 'no');
  const holder = document.getElementById('gazette-thread');
  if (holder) holder.append(frame);
  else tag.after(frame);

  const post = (message: Message) => frame.contentWindow?.postMessage(message, gazette.origin);

  /**
   * Every message from the frame passes here, and only here. Helper modules (sign-in, tokens)
   * extend it by adding cases; the two checks at the top stay first.
   */
  function handleFrameMessage(event: MessageEvent): void {
    if (event.origin !== gazette.origin || event.source !== frame.contentWindow) return;
    const message = (event.data ?? {}) as Message;
    if (message.type === 'gazette:height' && typeof message.height === 'number' && message.height > 0) {
      frame.style.height = `${Math.ceil(Math.min(message.height, 1e6))}px`;
    } else if (message.type === 'gazette:scroll' && typeof message.top === 'number') {
      window.scrollTo({ top: frame.getBoundingClientRect().top + window.scrollY + message.top, behavior: 'smooth' });
    } else if (message.type === 'gazette:reveal' && typeof message.top === 'number' && typeof message.height === 'number') {
      // Only when what took the focus in the frame is out of the host's view.
      const top = frame.getBoundingClientRect().top + message.top;
      if (top < 0 || top + Math.min(message.height, innerHeight / 2) > innerHeight) window.scrollBy(0, top - innerHeight / 3);
    } else if (message.type === 'gazette:reload') {
      // The frame signed in or out: loaded again from here, so the request still comes from this page.
      frame.src = frameUrl.href;
    }
  }
  window.addEventListener('message', handleFrameMessage);

  // Once the frame's document is there, it learns about its host (extended by the sign-in work).
  frame.addEventListener('load', () => post({ type: 'gazette:host', origin: location.origin, url: params.url }));
  // Single sign-on: the host's token (data-sso) reaches the frame by message, never in a URL, and
  // only on the first load (the frame is reloaded once signed in). An empty data-sso says the
  // host's reader is signed out, which ends a single sign-on session of this site in the frame.
  let sso = data.sso;
  frame.addEventListener('load', () => {
    if (sso !== undefined) post({ type: 'gazette:sso', token: sso.slice(0, 8000) });
    sso = undefined;
  });
  // A link to #comment-ID on the host page: ask the frame where that comment is.
  window.addEventListener('hashchange', () => {
    const id = commentInHash();
    if (id) post({ type: 'gazette:comment', id });
  });
}

if (script?.dataset.site) start(script);
