// URL slugs: lower-case ASCII letters, digits and single hyphens. Latin letters lose their
// accents and Cyrillic and Greek are spelled in Latin letters; letters of any other script
// cannot be, so a slug made from them ends in a short hash of the name instead. Tags and
// categories are told apart by slug, and "日本" and "中国" must not become one tag.
import { createHash } from 'node:crypto';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 120;

// Letters that lose nothing a reader needs when spelled in ASCII (after lower-casing and NFC).
// Latin letters with accents are not listed: NFKD takes their accents off.
const LATIN = 'ß ss æ ae œ oe ø o đ d ð d ł l þ th ı i ħ h ŀ l';
const CYRILLIC =
  'а a б b в v г g д d е e ё yo ж zh з z и i й y к k л l м m н n о o п p р r с s т t у u ф f х kh ц ts ч ch ш sh щ shch ' +
  'ъ - ы y ь - э e ю yu я ya є ye і i ї yi ґ g ў u ђ dj ј j љ lj њ nj ћ c џ dz ѓ gj ќ kj ѕ dz';
const GREEK =
  'α a β v γ g δ d ε e ζ z η i θ th ι i κ k λ l μ m ν n ξ x ο o π p ρ r σ s ς s τ t υ y φ f χ ch ψ ps ω o ' +
  'ά a έ e ή i ί i ό o ύ y ώ o ϊ i ϋ y ΐ i ΰ y';

const SPELLING = new Map<string, string>();
for (const table of [LATIN, CYRILLIC, GREEK]) {
  const words = table.split(' ');
  // "-": a sign that has no sound (Cyrillic hard and soft signs) is dropped.
  for (let i = 0; i < words.length; i += 2) SPELLING.set(words[i]!, words[i + 1] === '-' ? '' : words[i + 1]!);
}
const LISTED = new RegExp(`[${[...SPELLING.keys()].join('')}]`, 'gu');

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const NON_ASCII_LETTER_OR_DIGIT = /[^\P{L}a-z]|[^\P{N}0-9]/u;
const HASH_LENGTH = 8;

/** Whether the text has anything a slug can be made from (not only punctuation, symbols or invisible characters). */
export function hasLetterOrDigit(text: string): boolean {
  return LETTER_OR_DIGIT.test(text);
}

/** The same for every spelling of the name that reads the same (case, Unicode normal form, outer spaces). */
function nameHash(text: string): string {
  const name = text.normalize('NFKC').toLowerCase().trim();
  return createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
}

/** The slug made from a name or title; undefined when it has no letter or digit at all. */
export function slugFor(text: string): string | undefined {
  if (!hasLetterOrDigit(text)) return undefined;
  const spelled = text
    .toLowerCase()
    .normalize('NFC')
    .replace(LISTED, (letter) => SPELLING.get(letter)!)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
  const hash = NON_ASCII_LETTER_OR_DIGIT.test(spelled) ? nameHash(text) : '';
  const ascii = spelled
    .replace(/['’"“”]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH - (hash ? HASH_LENGTH + 1 : 0))
    .replace(/-+$/g, '');
  return [ascii, hash].filter(Boolean).join('-') || undefined;
}

/** The slug made from a title, "untitled" when it has no letter or digit (a post's title may be "!!!"). */
export function slugify(text: string): string {
  return slugFor(text) ?? 'untitled';
}

export function isValidSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}
