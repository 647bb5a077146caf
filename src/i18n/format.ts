// Dates, times and relative times in a reader's locale, all through Intl. Browser-safe.
// English keeps the house style Gazette has always printed ("5 December 2026, 14:03").
import type { Locale } from './locales.ts';
import { intlTag } from './messages.ts';

export type DateTimeStyle = 'date' | 'datetime' | 'time' | 'exact';

const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
const SECONDS: Intl.DateTimeFormatOptions = { ...TIME, second: '2-digit' };

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    // English clocks run 00–23, as they always have here; other locales keep their own habit.
    const hourCycle = locale === 'en' && options.hour !== undefined ? { hourCycle: 'h23' as const } : {};
    format = new Intl.DateTimeFormat(intlTag(locale), { ...options, ...hourCycle, timeZone });
    formats.set(key, format);
  }
  return format;
}

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function zoneName(locale: Locale, date: Date, timeZone: string): string {
  if (timeZone === 'UTC') return 'UTC';
  const parts = formatter(locale, { timeZoneName: 'short' }, timeZone).formatToParts(date);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/**
 * 'date' 5 December 2026 · 'time' 14:03 · 'datetime' both · 'exact' both with seconds and the
 * zone, for title attributes. UTC unless a zone is given (a shared, cached page cannot know the
 * reader's). An unreadable date comes back as given.
 */
export function formatDateTime(locale: Locale, iso: string, style: DateTimeStyle, timeZone = 'UTC'): string {
  const date = parse(iso);
  if (date === null) return iso;
  if (style === 'date') return formatter(locale, DATE, timeZone).format(date);
  if (style === 'time') return formatter(locale, TIME, timeZone).format(date);
  if (locale === 'en') {
    const day = formatter(locale, DATE, timeZone).format(date);
    if (style === 'datetime') return `${day}, ${formatter(locale, TIME, timeZone).format(date)}`;
    return `${day}, ${formatter(locale, SECONDS, timeZone).format(date)} ${zoneName(locale, date, timeZone)}`;
  }
  if (style === 'datetime') return formatter(locale, { ...DATE, ...TIME }, timeZone).format(date);
  return formatter(locale, { ...DATE, ...SECONDS, timeZoneName: 'short' }, timeZone).format(date);
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();

/** "3 hours ago", "in 2 days", "now": the unit grows with the distance. */
export function relativeTime(locale: Locale, iso: string, now: Date): string {
  const date = parse(iso);
  if (date === null) return iso;
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(intlTag(locale), { numeric: 'auto' })));
  const seconds = (date.getTime() - now.getTime()) / 1000;
  const distance = Math.abs(seconds);
  const sign = seconds < 0 ? -1 : 1;
  const round = (unit: number) => sign * Math.max(1, Math.round(distance / unit));
  if (distance < 45) return format.format(0, 'second');
  if (distance < 45 * MINUTE) return format.format(round(MINUTE), 'minute');
  if (distance < 22 * HOUR) return format.format(round(HOUR), 'hour');
  if (distance < 26 * DAY) return format.format(round(DAY), 'day');
  if (distance < 320 * DAY) return format.format(round(30 * DAY), 'month');
  return format.format(round(365 * DAY), 'year');
}
