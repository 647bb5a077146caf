// The names people show beside their comments (guest names and account display names). One set of
// rules, so no door is laxer than another: names are normalised (NFKC, one space between words),
// invisible format characters are dropped, and a name that would look empty, reorders the text
// around it (bidi overrides and isolates), or reads as a staff title is refused. Staff are told
// apart by their badge, which nobody can type.
import unhomoglyph from 'unhomoglyph';
import { AppError, invalid } from '../../errors.ts';

/** Direction overrides, embeddings and isolates: they can make a name display as something else. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
// Format characters (zero-width spaces, joiners, word joiner, BOM, soft hyphen…) and the Hangul
// fillers, which render as blank without being whitespace. ZWNJ/ZWJ (U+200C/D) are kept inside a
// name because some scripts and emoji sequences need them, but they never count as visible.
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0]/gu;
const JOINERS = /[\u200C\u200D]/g;
const KEEP_JOINERS = /[\u200C\u200D]/u;
const OTHER_CONTROLS = /\p{Cc}/gu;

// Staff titles in their bare spelling; plurals are matched too.
const STAFF_TITLES = new Set(['admin', 'administrator', 'moderator', 'mod', 'editor', 'staff', 'sysop', 'webmaster']);

// What a title is compared in: Unicode's confusables (TR39, through unhomoglyph) map thousands of
// look-alikes from every script to the letter they pass for (Lisu ꓮ to A, Cyrillic а to a, m to rn).
// They leave out what differs only in size, so small capitals (ᴀᴅᴍɪɴ) are mapped here first; and
// what people type as letters (digits and signs) and lower-case Greek and Cyrillic look-alikes
// (the list maps Μ to M but not μ) are mapped after. Accents are taken off (NFKD).
const SMALL_CAPITALS = 'ᴀa ʙb ᴄc ᴅd ᴇe ꜰf ɢg ʜh ɪi ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ꞯq ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz';
const TYPED_AS_LETTERS =
  '0o 1i 3e 4a 5s 7t 8b @a $s |i !i li аa еe оo рp сc хx іi јj ѕs ԁd мm тt кk нh вb гr уy ѵv αa εe ιi οo ρp τt κk νv μm ɑa ıi ɗd';
const pairs = (list: string) => new Map(list.split(' ').map((pair) => [...pair] as [string, string]));
const SMALL_CAPITAL_LETTERS = pairs(SMALL_CAPITALS);
const LOOKALIKES = pairs(TYPED_AS_LETTERS);
const mapEach = (text: string, map: Map<string, string>) => [...text].map((ch) => map.get(ch) ?? ch).join('');

/** NFKC, invisible characters dropped (joiners kept), controls and whitespace runs made one space, trimmed. */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(INVISIBLE, (c) => (KEEP_JOINERS.test(c) ? c : ''))
    .replace(OTHER_CONTROLS, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The name reduced to what it looks like: confusables mapped, lower case, accents off, only a–z left. */
export function nameSkeleton(name: string): string {
  const letters = unhomoglyph(mapEach(name.normalize('NFKC'), SMALL_CAPITAL_LETTERS));
  const unaccented = letters.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  const skeleton = mapEach(unhomoglyph(unaccented).toLowerCase(), LOOKALIKES);
  return skeleton.replace(/rn/g, 'm').replace(/[^a-z]/g, '');
}

/** True for "Admin", "A.d.m.i.n", "MODERATORS", "Adm1n", "Εditor" (Greek E), "ᴀᴅᴍɪɴ", "ꓮdmin" (Lisu A)… */
export function readsAsStaffTitle(name: string): boolean {
  const skeleton = nameSkeleton(name);
  // The look-alike map turns every l into i, so titles are compared in the same form.
  const titles = [...STAFF_TITLES].map((t) => t.replace(/l/g, 'i'));
  return titles.some((t) => skeleton === t || skeleton === `${t}s` || skeleton === `the${t}` || skeleton === `site${t}`);
}

export interface NameRules {
  /** The input field named in errors: guest.name, displayName. */
  field: string;
  max: number;
}

/** A name someone typed: normalised, or refused with a message naming the field. */
export function checkName(raw: string, { field, max }: NameRules): string {
  if (BIDI_CONTROLS.test(raw)) throw new AppError('NAME_NOT_ALLOWED', 'must not contain text-direction control characters', field);
  const name = normaliseName(raw);
  if (!name.replace(JOINERS, '').trim()) throw invalid(field, 'must not be empty (invisible characters do not count)');
  const length = [...name].length;
  if (length > max) throw invalid(field, `must be at most ${max} characters (this one has ${length})`);
  if (readsAsStaffTitle(name))
    throw new AppError(
      'NAME_NOT_ALLOWED',
      'must not read as a staff title such as Admin or Moderator; staff are shown by their badge',
      field,
    );
  return name;
}

/**
 * A name someone else supplied (an OpenID Connect provider): cleaned rather than refused, since
 * the person cannot fix it there. Falls back when nothing acceptable is left.
 */
export function sanitiseName(raw: string | null | undefined, fallback: string, max: number): string {
  const name = normaliseName((raw ?? '').replace(new RegExp(BIDI_CONTROLS.source, 'gu'), ''));
  const chosen = [...name].slice(0, max).join('').trim();
  if (chosen.replace(JOINERS, '').trim() && !readsAsStaffTitle(chosen)) return chosen;
  return fallback;
}
