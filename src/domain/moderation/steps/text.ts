// Small text helpers shared by the content steps.
import { createHash } from 'node:crypto';

const URL_LIKE = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"'`]+/gi;

/** Every link-like thing in the text (Markdown links, autolinks, bare URLs, www. names), in order. */
export function linksIn(body: string): string[] {
  return body.match(URL_LIKE) ?? [];
}

/** The lower-cased host of a link, or null when it has none. */
export function hostOf(link: string): string | null {
  try {
    const absolute = /^https?:\/\//i.test(link) ? link : `http://${link}`;
    return new URL(absolute).hostname.toLowerCase().replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

/** Text as compared for repeats: letters and digits only, lower case, single spaces. */
export function comparable(body: string): string {
  return body
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Shorter than this (letters, digits and spaces) is too common to mean anything when repeated. */
export const MIN_REPEATED_LENGTH = 20;

/** What comments.text_hash holds: the hash of the comparable text, or null when it is too short to compare. */
export function textHash(body: string): string | null {
  const text = comparable(body);
  return text.length < MIN_REPEATED_LENGTH ? null : createHash('sha256').update(text).digest('hex');
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
