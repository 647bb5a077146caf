// Clicks the client may take over: a plain primary click (or Enter), never one that asks the
// browser for a new tab or window.
export function isPlainClick(event: MouseEvent): boolean {
  return !event.defaultPrevented && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
