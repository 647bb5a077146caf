// Keyset cursors carry a row's time and id back from the client, which can send anything: the
// values go into a query as they are, and PostgreSQL answered a forged timestamp or a NUL with a
// 500. Every cursor decoder checks its fields with these before they reach storage.

/** Ids are made by newId(); a comment cursor that starts at a conversation's root has ''. */
export const isKeysetId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{0,64}$/.test(value);

// Every stored time is an ISO 8601 timestamp: toISOString() as written, or with an offset where
// a restore carried one over on SQLite. A restore checks its rows' times with this rule too
// (backup/row-check.ts).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A timestamp PostgreSQL reads: the shape alone is not enough, as JavaScript's Date.parse lets
 * through February 30, year 0 and 24:00 that PostgreSQL refuses or moves.
 */
export function isStoredTimestamp(value: unknown): value is string {
  const parts = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  if (!parts) return false;
  type Parts = [number, number, number, number, number, number, number, number];
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = parts.slice(1).map((p) => Number(p ?? 0)) as Parts;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  const dateFits = year >= 1 && day >= 1 && day <= days;
  return dateFits && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 14 && offsetMinutes <= 59;
}
