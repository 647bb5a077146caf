// The dashboard's periods and the calendar arithmetic behind its charts: UTC days, weeks that
// start on Monday (as PostgreSQL's date_trunc and the SQLite query count them), months, years.
// A bucket is named by its first day, 'YYYY-MM-DD'.
import { invalid } from '../../errors.ts';
import type { BucketUnit } from '../../storage/repos/newsroom.ts';

export type { BucketUnit };

export const PERIODS = ['7d', '30d', 'all'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = '30d';
export const PERIOD_LABELS: Record<Period, string> = { '7d': 'Last 7 days', '30d': 'Last 30 days', all: 'All time' };

/** The query's period: absent or empty means the default; anything else unknown is refused. */
export function parsePeriod(value: string | undefined): Period {
  if (value === undefined || value === '') return DEFAULT_PERIOD;
  if ((PERIODS as readonly string[]).includes(value)) return value as Period;
  throw invalid('period', `must be one of ${PERIODS.join(', ')} (last 7 days, last 30 days, all time)`);
}

/** A chart stays readable up to about this many bars; longer spans take the next larger unit. */
export const MAX_BUCKETS = 60;
const DAY_MS = 86_400_000;

export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);
const parseDay = (day: string) => new Date(`${day}T00:00:00.000Z`);
const formatDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return formatDay(new Date(parseDay(day).getTime() + days * DAY_MS));
}

export function bucketStart(day: string, unit: BucketUnit): string {
  const date = parseDay(day);
  switch (unit) {
    case 'day':
      return day;
    case 'week':
      // getUTCDay: Sunday 0 … Saturday 6; Monday starts the week.
      return addDays(day, -((date.getUTCDay() + 6) % 7));
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'year':
      return `${day.slice(0, 4)}-01-01`;
  }
}

function nextBucket(start: string, unit: BucketUnit): string {
  const date = parseDay(start);
  switch (unit) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return formatDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)));
    case 'year':
      return formatDay(new Date(Date.UTC(date.getUTCFullYear() + 1, 0, 1)));
  }
}

/** Every bucket from the one holding firstDay to the one holding lastDay, in order. */
export function bucketsBetween(firstDay: string, lastDay: string, unit: BucketUnit): string[] {
  const buckets: string[] = [];
  const end = bucketStart(lastDay, unit);
  for (let b = bucketStart(firstDay, unit); b <= end; b = nextBucket(b, unit)) buckets.push(b);
  return buckets;
}

/** The smallest unit that draws the span in at most MAX_BUCKETS bars. */
export function unitForSpan(firstDay: string, lastDay: string): BucketUnit {
  const days = Math.round((parseDay(lastDay).getTime() - parseDay(firstDay).getTime()) / DAY_MS) + 1;
  if (days <= MAX_BUCKETS) return 'day';
  if (bucketsBetween(firstDay, lastDay, 'week').length <= MAX_BUCKETS) return 'week';
  if (bucketsBetween(firstDay, lastDay, 'month').length <= MAX_BUCKETS) return 'month';
  return 'year';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A short name for an axis ("6 Jan", "Jun 2016", "2016"). */
export function shortLabel(bucket: string, unit: BucketUnit): string {
  const date = parseDay(bucket);
  if (unit === 'year') return String(date.getUTCFullYear());
  if (unit === 'month') return `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/** The full name for a table row ("Mon 6 Jan 2026", "Week of 30 May 2016", "June 2016", "2016"). */
export function longLabel(bucket: string, unit: BucketUnit): string {
  const date = parseDay(bucket);
  const dayMonthYear = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  switch (unit) {
    case 'day':
      return `${WEEKDAYS[date.getUTCDay()]} ${dayMonthYear}`;
    case 'week':
      return `Week of ${dayMonthYear}`;
    case 'month':
      return `${LONG_MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
    case 'year':
      return String(date.getUTCFullYear());
  }
}

/** "12 Jan 2026" for the period line. */
export function dayLabel(day: string): string {
  const date = parseDay(day);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
