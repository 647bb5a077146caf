// The checks on what an admin sends for a site (API, desk form, CLI alike): every field has a
// limit and a message that names it. Theme values end up in a stylesheet, so they are held to
// a strict shape (a #rrggbb colour, a radius in pixels, a font from a fixed list).
import { invalid } from '../../errors.ts';
import { findControlChar, codePointName } from '../control-chars.ts';
import { THREAD_POLICIES, type ThreadPolicy } from '../moderation/settings-schema.ts';
import { normaliseOrigin } from './origins.ts';
import { GUEST_POLICIES, type GuestPolicy, type Site } from './types.ts';

export const SITE_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const MAX_SITE_TITLE = 200;
export const MAX_ORIGINS = 20;
export const MAX_RADIUS_PX = 24;

/** The font stacks a site may choose: system fonts only, so the embed loads no font files. */
export const THEME_FONTS = [
  { key: 'system', label: 'System sans-serif', stack: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  { key: 'serif', label: 'Serif', stack: 'Georgia, "Times New Roman", serif' },
  { key: 'humanist', label: 'Humanist sans-serif', stack: '"Gill Sans", "Trebuchet MS", Calibri, sans-serif' },
  { key: 'mono', label: 'Monospace', stack: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace' },
] as const;

export function validateSiteName(raw: unknown, field = 'name'): string {
  if (typeof raw !== 'string' || !raw.trim()) throw invalid(field, 'a site name is required (1–40 of a-z, 0-9 and -)');
  const name = raw.trim();
  if (name.length > 40) throw invalid(field, 'a site name is at most 40 characters');
  if (!SITE_NAME_PATTERN.test(name))
    throw invalid(field, 'a site name uses only lower-case letters a-z, digits and "-" (not first or last)');
  return name;
}

export function validateTitle(raw: unknown, field = 'title'): string {
  if (typeof raw !== 'string') throw invalid(field, 'the title must be text');
  const title = raw.trim();
  if (title.length > MAX_SITE_TITLE) throw invalid(field, `the title is at most ${MAX_SITE_TITLE} characters`);
  const bad = findControlChar(title);
  if (bad) throw invalid(field, `the title contains the control character ${codePointName(bad)}`);
  return title;
}

export function validateOrigins(raw: unknown, field = 'origins'): string[] {
  if (!Array.isArray(raw)) throw invalid(field, 'origins must be a list like ["https://blog.example"]');
  const out: string[] = [];
  raw.forEach((value, i) => {
    if (typeof value !== 'string') throw invalid(`${field}[${i}]`, 'an origin must be text');
    if (!value.trim()) return;
    const origin = normaliseOrigin(value, `${field}[${i}]`);
    if (!out.includes(origin)) out.push(origin);
  });
  if (out.length === 0) throw invalid(field, 'a site needs at least one origin, like https://blog.example');
  if (out.length > MAX_ORIGINS) throw invalid(field, `a site has at most ${MAX_ORIGINS} origins`);
  return out;
}

export function validateGuestPolicy(raw: unknown, field = 'guestPolicy'): GuestPolicy {
  if (!GUEST_POLICIES.includes(raw as GuestPolicy)) throw invalid(field, `the guest policy is one of ${GUEST_POLICIES.join(', ')}`);
  return raw as GuestPolicy;
}

export function validateDefaultPolicy(raw: unknown, field = 'defaultPolicy'): ThreadPolicy | null {
  if (raw === null || raw === '') return null;
  if (!THREAD_POLICIES.includes(raw as ThreadPolicy))
    throw invalid(field, `the default policy is one of ${THREAD_POLICIES.join(', ')} (or empty for the site-wide default)`);
  return raw as ThreadPolicy;
}

export function validateLang(raw: unknown, field = 'lang'): string | null {
  if (raw === null || raw === '') return null;
  if (typeof raw !== 'string' || raw.length > 35 || !/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/.test(raw))
    throw invalid(field, 'the language is a language tag like en, pt-BR or hi (or empty for the reader’s own)');
  return raw;
}

export function validateAccent(raw: unknown, field = 'theme.accent'): string | null {
  if (raw === null || raw === '' || raw === undefined) return null;
  if (typeof raw !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(raw.trim())) throw invalid(field, 'the accent colour is #rrggbb, like #1a5fb4');
  return raw.trim().toLowerCase();
}

/** "8", "8px" -> "8px"; whole pixels 0–24. */
export function validateRadius(raw: unknown, field = 'theme.radius'): string | null {
  if (raw === null || raw === '' || raw === undefined) return null;
  const match =
    typeof raw === 'number' ? [String(raw), String(raw)] : typeof raw === 'string' ? /^\s*(\d{1,2})\s*(?:px)?\s*$/.exec(raw) : null;
  const px = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(px) || px < 0 || px > MAX_RADIUS_PX)
    throw invalid(field, `the corner radius is 0 to ${MAX_RADIUS_PX} pixels, like 6px`);
  return `${px}px`;
}

/** A key ("serif") or the stack itself; stored as the stack, ready for a stylesheet. */
export function validateFont(raw: unknown, field = 'theme.font'): string | null {
  if (raw === null || raw === '' || raw === undefined) return null;
  const font = THEME_FONTS.find((f) => f.key === raw || f.stack === raw);
  if (!font) throw invalid(field, `the font is one of ${THEME_FONTS.map((f) => f.key).join(', ')}`);
  return font.stack;
}

export function validateTheme(raw: unknown, field = 'theme'): Partial<Site['theme']> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid(field, 'the theme is an object with accent, font and radius');
  const theme = raw as Record<string, unknown>;
  const out: Partial<Site['theme']> = {};
  if ('accent' in theme) out.accent = validateAccent(theme.accent, `${field}.accent`);
  if ('font' in theme) out.font = validateFont(theme.font, `${field}.font`);
  if ('radius' in theme) out.radius = validateRadius(theme.radius, `${field}.radius`);
  return out;
}
