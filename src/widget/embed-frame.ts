// The frame's side of the embed (served as /assets/embed-frame.js on /embed/thread, next to the
// comments client): tells the host page how tall the discussion is, where a comment sits so the
// host can scroll to it, and opens links that lead away from the thread in a new tab.
//
// It talks only to window.parent, and only with targetOrigin = the host origin the server
// verified (data-host-origin on <html>); it listens only to that origin and that window.

const root = document.documentElement;
const hostOrigin = root.dataset.hostOrigin ?? '';
const content = document.querySelector<HTMLElement>('.embed-main');

type Message = { type?: unknown; [key: string]: unknown };

function tell(message: Message): void {
  if (hostOrigin && window.parent !== window) window.parent.postMessage(message, hostOrigin);
}

const offsetOf = (element: Element) => Math.max(0, Math.round(element.getBoundingClientRect().top + window.scrollY - 16));

/** The comment's offset from the top of this document, for the host to scroll to. */
function showComment(id: string): void {
  const comment = document.getElementById(`comment-${id}`);
  if (comment) tell({ type: 'gazette:scroll', id, top: offsetOf(comment) });
}

/** Messages from the host's loader; the sign-in work extends this with its own types. */
function handleHostMessage(event: MessageEvent): void {
  if (event.origin !== hostOrigin || event.source !== window.parent) return;
  const message = (event.data ?? {}) as Message;
  if (message.type === 'gazette:comment' && typeof message.id === 'string') showComment(message.id);
  else if (message.type === 'gazette:host') document.dispatchEvent(new CustomEvent('gazette:host', { detail: message }));
  // A site's single sign-on token (embed-identity.ts posts it to /api/v1/embed/sso).
  else if (message.type === 'gazette:sso') document.dispatchEvent(new CustomEvent('gazette:sso', { detail: message }));
}

if (content && hostOrigin) {
  window.addEventListener('message', handleHostMessage);
  let last = 0;
  const report = () => {
    const height = Math.ceil(content.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    tell({ type: 'gazette:height', height });
  };
  new ResizeObserver(report).observe(content);
  report();

  // Asked for in the address (?comment=ID from the host's #comment-ID): once laid out.
  const asked = new URL(location.href).searchParams.get('comment');
  if (asked) requestAnimationFrame(() => showComment(asked));

  // The frame never scrolls (it is as tall as its content): what gets the focus (the comment
  // form after "Reply", a new comment) is brought into view by the host, if it is out of view.
  document.addEventListener('focusin', (event) => {
    const target = event.target as Element;
    if (target === document.body) return;
    const box = target.getBoundingClientRect();
    tell({ type: 'gazette:reveal', top: Math.round(box.top + window.scrollY), height: Math.round(box.height) });
  });

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented) return;
    const link = (event.target as Element).closest?.<HTMLAnchorElement>('a[href]');
    if (!link) return;
    const href = link.getAttribute('href') ?? '';
    // A link within the thread (a comment, the form) scrolls the host page, which is what scrolls.
    if (href.startsWith('#')) {
      const target = href.length > 1 ? document.getElementById(href.slice(1)) : null;
      if (target) tell({ type: 'gazette:scroll', top: offsetOf(target) });
      return;
    }
    // Anything else (profiles, sign-in, permalinks' pages) leaves the thread: a new tab, never this small frame.
    link.target = '_blank';
    link.rel = 'noopener';
  });
}
