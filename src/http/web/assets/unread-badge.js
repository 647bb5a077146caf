// The masthead's unread count, kept fresh while the page stays open. Only pages rendered for a
// signed-in reader carry the badge (cached pages show "Sign in"), and only they load this. A
// count a minute is cheap (one indexed query) and needs no open connection, unlike a stream per
// person; a tab coming back into view asks at once, a hidden one not at all.
const POLL_MS = 60_000;
const link = document.querySelector('.account-nav a[href="/inbox"]');

// The page's language: a non-English page carries its words in a JSON data block (layout.ts).
function unreadWord() {
  try {
    return JSON.parse(document.getElementById('gz-site-words')?.textContent ?? '{}').unread ?? 'unread';
  } catch {
    return 'unread';
  }
}

function show(count) {
  let badge = link.querySelector('.unread-count');
  if (count <= 0) {
    // "Inbox " and the badge: the space goes with it, so the underline does not run on.
    const before = badge?.previousSibling;
    if (before?.nodeType === Node.TEXT_NODE) before.textContent = before.textContent.trimEnd();
    badge?.remove();
    return;
  }
  if (!badge) {
    badge = document.createElement('span');
    badge.className = 'unread-count';
    link.append(' ', badge);
  }
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = ` ${unreadWord()}`;
  badge.replaceChildren(String(count), hidden);
}

let timer = 0;
async function refresh() {
  if (document.hidden) return;
  try {
    const response = await fetch('/api/v1/notifications/unread', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    // Signed out in another tab: nothing more to ask until the next page load.
    if (response.status === 401) return window.clearInterval(timer);
    if (!response.ok) return;
    const { unreadCount } = await response.json();
    if (Number.isInteger(unreadCount)) show(unreadCount);
  } catch {
    // Offline for a moment: the next round tries again.
  }
}

if (link) {
  timer = window.setInterval(refresh, POLL_MS);
  document.addEventListener('visibilitychange', refresh);
}
