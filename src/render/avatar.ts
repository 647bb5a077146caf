import { html, type SafeHtml } from './html.ts';

// People without a picture get their initials on a colour derived from their name, so the
// same person always looks the same and neighbours in a thread are easy to tell apart.
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[words.length - 1]![0]] : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

export function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % 360;
}

export function avatar(name: string, size: 'small' | 'large' = 'small'): SafeHtml {
  return html`<span class="avatar avatar-${size}" style="--avatar-hue:${hueOf(name)}" aria-hidden="true">${initials(name)}</span>`;
}
