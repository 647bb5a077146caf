// Just enough XML writing for the Disqus export: escaped text and attributes, CDATA that
// survives any content, and characters XML 1.0 cannot carry dropped rather than written.
import { xmlSafeText } from '../control-chars.ts';

const clean = xmlSafeText;

export function escapeText(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** A CDATA section; a "]]>" inside the text is split across two sections so it cannot end it early. */
export function cdata(value: string): string {
  return `<![CDATA[${clean(value).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** `<name attr="…">text</name>`, or `<name attr="…"/>` when there is no text. Text is escaped. */
export function element(name: string, text: string | null, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  return text === null || text === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${escapeText(text)}</${name}>`;
}
