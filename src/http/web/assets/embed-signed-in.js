// The sign-in popup's last page: hand the single-use code to the embed frame that opened this
// window, then close. targetOrigin is this site's own origin: the frame is Gazette too, so a page
// of any other origin that managed to open this popup never receives the code.
const holder = document.querySelector('[data-handoff-code]');
const code = holder && holder.getAttribute('data-handoff-code');
if (code && window.opener && window.opener !== window) {
  window.opener.postMessage({ type: 'gazette:signed-in', code }, location.origin);
  window.close();
}
