// count.js: comment counts on a host site's list pages. Every element marked
// data-gazette-count="PAGE-ID" or data-gazette-url="URL" (an empty data-gazette-url on a link
// means its href) gets the label of its page ("3 comments") as its text. All of them are asked
// for in one GET, split only past 100 keys of a kind (the endpoint's limit) or a long query
// string; keys are sorted so the same list page asks the same, cacheable, question every time.
// The budget is 1 KB gzipped (test/count-size.test.ts): keep it plain.
const script = (document.currentScript ?? document.querySelector('script[src*="/count.js"][data-site]')) as HTMLScriptElement | null;

// Per request: the endpoint takes 100 of a kind; servers refuse request lines past 8 KB or so.
const MAX_KEYS = 100;
const MAX_QUERY = 6000;

type Kind = 'page' | 'url';
type Answer = Record<'pages' | 'urls', Record<string, { label: string }>>;

/**
 * "page\tID" or "url\tURL" for a marked element; null, with a warning for the list page's developer,
 * for one the endpoint would refuse (which would refuse the whole batch, and every count with it).
 */
function keyOf(element: Element): string | null {
  const id = element.getAttribute('data-gazette-count')?.trim();
  if (id) return id.length > 200 ? skip(element, 'data-gazette-count is over 200 characters') : `page\t${id}`;
  // An empty data-gazette-url means the link's own href.
  const raw = element.getAttribute('data-gazette-url') || (element as HTMLAnchorElement).href;
  let url: URL | null;
  try {
    url = new URL(raw, location.href);
  } catch {
    url = null;
  }
  return raw && url && /^https?:$/.test(url.protocol) && !url.username && !url.password && url.href.length <= 2000
    ? `url\t${url.href}`
    : skip(element, 'no page id, nor an http(s) address of at most 2,000 characters');
}

function skip(element: Element, why: string): null {
  console.warn(`Gazette count.js: ${why}; skipped`, element);
  return null;
}

function fill(site: string): void {
  const endpoint = new URL(`/api/v1/sites/${encodeURIComponent(site)}/counts`, script!.src).href;
  const lang = script!.dataset.lang;
  // "page\tID" or "url\tURL" → the elements showing it.
  const wanted = new Map<string, Element[]>();
  for (const element of document.querySelectorAll('[data-gazette-count],[data-gazette-url]')) {
    const key = keyOf(element);
    if (key) wanted.set(key, [...(wanted.get(key) ?? []), element]);
  }

  const ask = (params: string[]) =>
    fetch(`${endpoint}?${params.join('&')}${lang ? `&lang=${encodeURIComponent(lang)}` : ''}`, { credentials: 'omit' })
      .then((response) => (response.ok ? (response.json() as Promise<Answer>) : null))
      .then((answer) => {
        if (!answer) return;
        for (const kind of ['page', 'url'] as Kind[])
          for (const [value, { label }] of Object.entries(answer[`${kind}s`] ?? {}))
            for (const element of wanted.get(`${kind}\t${value}`) ?? []) element.textContent = label;
      })
      .catch(() => {});

  let params: string[] = [];
  let counts = { page: 0, url: 0 };
  let length = 0;
  for (const key of [...wanted.keys()].sort()) {
    const tab = key.indexOf('\t');
    const kind = key.slice(0, tab) as Kind;
    const param = `${kind}=${encodeURIComponent(key.slice(tab + 1))}`;
    if (params.length && (counts[kind] === MAX_KEYS || length + param.length > MAX_QUERY)) {
      void ask(params);
      params = [];
      counts = { page: 0, url: 0 };
      length = 0;
    }
    params.push(param);
    counts[kind]++;
    length += param.length + 1;
  }
  if (params.length) void ask(params);
}

const site = script?.dataset.site;
if (site) {
  // An async script may run before the parser reaches the list it is meant to fill.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => fill(site));
  else fill(site);
}
