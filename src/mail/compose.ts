// Every message has an HTML part and a plain-text part built from the same pieces, so they
// never say different things. Kept deliberately plain: mail clients ignore most CSS.
import { html, type SafeHtml } from '../render/html.ts';
import type { MailMessage } from './outbox.ts';

export interface MailSite {
  title: string;
  /** Absolute base URL without a trailing slash; links in mail must be absolute. */
  baseUrl: string;
}

export interface MailContent {
  to: string;
  subject: string;
  greeting?: string;
  paragraphs: string[];
  /** The one thing to do, as a button in HTML and a bare link in text. */
  action?: { label: string; url: string };
  /** Quoted text (a comment), shown set apart. */
  quote?: { by: string; text: string }[];
  /** Why the person gets this mail and how to stop it. */
  footer?: string[];
  headers?: Record<string, string>;
}

/** Footer lines are plain text; in the HTML part their addresses become links. */
function linkify(line: string): SafeHtml[] {
  return line.split(/(https?:\/\/[^\s<>"]+)/).map((part, i) => (i % 2 === 1 ? html`<a href="${part}">${part}</a>` : html`${part}`));
}

export function composeMail(site: MailSite, content: MailContent): MailMessage {
  const quotes = content.quote ?? [];
  const footer = content.footer ?? [`You received this because of your account at ${site.title} (${site.baseUrl}).`];
  const text = [
    content.greeting ?? 'Hello,',
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...quotes.flatMap((q) => [`${q.by} wrote:`, ...q.text.split('\n').map((line) => `> ${line}`), '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    '-- ',
    ...footer,
  ].join('\n');
  const body: SafeHtml = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${content.subject}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em;margin:0 auto;padding:1em">
<p style="font-weight:bold;font-size:1.1em"><a href="${site.baseUrl}/" style="color:#1a1a1a;text-decoration:none">${site.title}</a></p>
<p>${content.greeting ?? 'Hello,'}</p>
${content.paragraphs.map((p) => html`<p>${p}</p>`)}
${quotes.map((q) => html`<p style="margin-bottom:0"><strong>${q.by}</strong> wrote:</p><blockquote style="margin:0.25em 0 1em;padding-left:1em;border-left:3px solid #ccc;white-space:pre-wrap">${q.text}</blockquote>`)}
${
  content.action
    ? html`<p><a href="${content.action.url}" style="display:inline-block;background:#b3261e;color:#fff;padding:0.6em 1.2em;border-radius:4px;text-decoration:none">${content.action.label}</a></p>
<p style="font-size:0.9em;color:#555">Or open this link: <a href="${content.action.url}">${content.action.url}</a></p>`
    : ''
}
<hr style="border:0;border-top:1px solid #ddd">
${footer.map((line) => html`<p style="font-size:0.85em;color:#555">${linkify(line)}</p>`)}
</body></html>`;
  return { to: content.to, subject: content.subject, text, html: body.value, headers: content.headers };
}
