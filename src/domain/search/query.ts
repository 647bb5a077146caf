// Readers type what they type: words, "quoted phrases", -exclusions, OR. This turns it into an
// FTS5 expression in which every word is a quoted string, so no input can inject FTS5 syntax
// (column filters, NEAR, prefix stars, unbalanced quotes). PostgreSQL gets the original text
// through websearch_to_tsquery, which has the same grammar and is safe by design.

export interface ParsedQuery {
  /** Groups of alternatives: every group must match; within a group any phrase may. */
  required: string[][][];
  excluded: string[][];
}

const WORD = /[\p{L}\p{N}]+/gu;
const MAX_TERMS = 16;

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

export function parseSearch(input: string): ParsedQuery {
  const required: string[][][] = [];
  const excluded: string[][] = [];
  let alternativePending = false;
  // A token is a quoted phrase or a run of non-space characters, optionally negated.
  for (const match of input.matchAll(/(-?)"([^"]*)"?|(\S+)/g)) {
    const negated = match[1] === '-' || (match[3]?.startsWith('-') ?? false);
    const raw = match[2] ?? match[3]!.replace(/^-/, '');
    if (match[3] === 'OR') {
      alternativePending = required.length > 0;
      continue;
    }
    const phrase = wordsOf(raw);
    if (phrase.length === 0) continue;
    if (negated) excluded.push(phrase);
    else if (alternativePending) required[required.length - 1]!.push(phrase);
    else required.push([phrase]);
    alternativePending = false;
    if (required.length + excluded.length >= MAX_TERMS) break;
  }
  return { required, excluded };
}

const quote = (phrase: string[]) => `"${phrase.join(' ')}"`;

/** The FTS5 MATCH expression, or null when nothing searchable is left. */
export function toFts5(query: ParsedQuery): string | null {
  if (query.required.length === 0) return null;
  const groups = query.required.map((alternatives) =>
    alternatives.length === 1 ? quote(alternatives[0]!) : `(${alternatives.map(quote).join(' OR ')})`,
  );
  return [groups.join(' AND '), ...query.excluded.map(quote)].join(' NOT ');
}
