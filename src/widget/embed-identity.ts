// Who the reader is inside the embed frame, whatever the browser does with third-party cookies
// (part of the comments client; it acts only in the frame, <html class="embed">). Three ways in
// and one way out:
//   - "Sign in" opens Gazette's own sign-in in a first-party popup (/embed/sign-in); its last page
//     posts back a single-use code ({type: 'gazette:signed-in', code}), accepted only from that
//     popup and from this very origin, which the frame trades for a session of its own
//     (POST /api/v1/embed/session: a partitioned cookie), then reloads to show the reader.
//   - A site's single sign-on token arrives from the host page through the frame's message
//     handler (embed-frame.ts checks the origin and window first, then dispatches `gazette:sso`);
//     it is posted to /api/v1/embed/sso. An empty token (the host's reader signed out) ends a
//     single sign-on session of that site, and nothing else.
//   - "Sign out" ends the frame's session (DELETE /api/v1/embed/session).
// Without JavaScript the sign-in link opens in a new tab (embed-frame.ts), as any link does.

import { errorText, text } from '../render/thread-text.ts';
import { pageLocale } from './messages.ts';

const API = '/api/v1/embed';
let site = '';
let hostOrigin = '';
let popup: Window | null = null;

function send(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<Response> {
  return fetch(API + path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'x-gazette-embed': '1',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The server's own words for a refusal (its message names what went wrong). */
async function problemOf(response: Response): Promise<string> {
  try {
    const data = (await response.json()) as { error?: { code?: string; message?: string } };
    const code = data.error?.code ?? String(response.status);
    const own = `${code}: ${data.error?.message ?? ''}`;
    // The page's language by code when it has words for it; English keeps the code and the server's text.
    return errorText(pageLocale(), code, own);
  } catch {
    return String(response.status);
  }
}

/** A refusal the reader should see, next to the sign-in offer (or at the top of the thread). */
function showProblem(message: string): void {
  const anchor = document.querySelector('.comment-sign-in') ?? document.querySelector('#comments');
  if (!anchor) return;
  let box = document.querySelector<HTMLElement>('.embed-identity-error');
  if (!box) {
    box = document.createElement('p');
    box.className = 'embed-identity-error action-error';
    box.setAttribute('role', 'alert');
    anchor.after(box);
  }
  box.textContent = message;
}

/**
 * Shows the frame again for its new reader. The host's loader loads it (gazette:reload), so the
 * request comes from the host page as the first one did (the frame route checks the Referer);
 * a frame without a host (opened on its own) reloads itself.
 */
function reloadFrame(): void {
  if (hostOrigin && window.parent !== window) window.parent.postMessage({ type: 'gazette:reload' }, hostOrigin);
  else location.reload();
}

async function finishSignIn(code: string): Promise<void> {
  const response = await send('POST', '/session', { code });
  if (response.ok) reloadFrame();
  else showProblem(text(pageLocale(), 'embed.signInFailed', { problem: await problemOf(response) }));
}

// The frame's own sign-in link (/embed/sign-in?site=…) and the site's sign-in or sign-up pages.
const SIGN_IN_LINK = /^\/(?:embed\/sign-in|sign(?:in|up))(?:[?#]|$)/;

function openSignIn(event: MouseEvent): void {
  const link = (event.target as Element | null)?.closest?.<HTMLAnchorElement>('a[href]');
  if (!link || !SIGN_IN_LINK.test(link.getAttribute('href') ?? '') || !site) return;
  const url = `/embed/sign-in?site=${encodeURIComponent(site)}`;
  popup = window.open(url, 'gazette-sign-in', 'popup,width=520,height=720');
  if (popup) event.preventDefault();
  else link.href = url; // Popups blocked: the link opens the same sign-in in a new tab.
}

function acceptSignedIn(event: MessageEvent): void {
  // Only the popup this frame opened, and only this origin: the code is a sign-in.
  if (!popup || event.source !== popup || event.origin !== location.origin) return;
  const data = event.data as { type?: unknown; code?: unknown } | null;
  if (data?.type !== 'gazette:signed-in' || typeof data.code !== 'string' || data.code.length > 100) return;
  popup = null;
  void finishSignIn(data.code);
}

async function singleSignOn(token: string): Promise<void> {
  if (token === '') {
    // The host says nobody is signed in there: end a single sign-on session of this site only.
    const response = await send('DELETE', `/session?ssoSite=${encodeURIComponent(site)}`);
    if (response.ok && ((await response.json()) as { ended?: boolean }).ended) reloadFrame();
    return;
  }
  const response = await send('POST', '/sso', { site, token });
  if (!response.ok) {
    // For the host's developer: why the site's token was refused (expired, replayed, bad signature…).
    console.warn(`Gazette single sign-on refused the token: ${await problemOf(response)}`);
    return;
  }
  const { sessionStarted } = (await response.json()) as { sessionStarted?: boolean };
  if (sessionStarted) reloadFrame();
}

/** "Sign out" beside "Commenting as …": the frame's own session ends, then the frame is loaded again. */
function offerSignOut(): void {
  const commentingAs = document.querySelector('.commenting-as');
  if (!commentingAs || commentingAs.querySelector('.embed-sign-out')) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link-button embed-sign-out';
  button.textContent = text(pageLocale(), 'embed.signOut');
  button.addEventListener('click', async () => {
    button.disabled = true;
    const response = await send('DELETE', '/session');
    if (response.ok) reloadFrame();
    else {
      button.disabled = false;
      showProblem(text(pageLocale(), 'embed.signOutFailed', { problem: await problemOf(response) }));
    }
  });
  commentingAs.append(' ', button);
}

/** Inside the embed frame only; on Gazette's own pages the usual sign-in links and forms apply. */
export function enhanceEmbedIdentity(): void {
  const root = document.documentElement;
  if (!root.classList.contains('embed')) return;
  site = new URL(location.href).searchParams.get('site') ?? '';
  hostOrigin = root.dataset.hostOrigin ?? '';
  // Capture phase: before embed-frame.ts turns the link into a new tab.
  document.addEventListener('click', openSignIn, true);
  window.addEventListener('message', acceptSignedIn);
  // embed-frame.ts dispatches it once the host's message passed its origin and window checks.
  document.addEventListener('gazette:sso', (event) => {
    const token = (event as CustomEvent<{ token?: unknown }>).detail?.token;
    if (typeof token === 'string' && site) void singleSignOn(token);
  });
  offerSignOut();
}
