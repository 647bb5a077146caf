// What this browser remembers between visits, in localStorage: its own comments (to offer Edit
// and Delete, and to keep the text as typed, which the API does not return), its votes, the
// preferred order and when each thread was last seen. Storage may be missing or full (private
// modes, quotas): every call then quietly does without.

const PREFIX = 'gazette.';

// Parsed once: decorating a long thread asks about every comment. Another tab's writes drop it.
const cache = new Map<string, unknown>();
window.addEventListener('storage', () => cache.clear());

function read<T>(key: string, fallback: T): T {
  if (cache.has(key)) return (cache.get(key) as T | undefined) ?? fallback;
  let value: T | undefined;
  try {
    const raw = localStorage.getItem(PREFIX + key);
    value = raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    value = undefined;
  }
  cache.set(key, value);
  return value ?? fallback;
}

function write(key: string, value: unknown): void {
  cache.set(key, value);
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Nothing to do: the feature falls back to its no-memory behaviour (this page still remembers).
  }
}

/** Keeps the newest `max` entries of a record whose values carry a time `at`. */
function capped<T extends { at: number }>(record: Record<string, T>, max: number): Record<string, T> {
  const entries = Object.entries(record);
  if (entries.length <= max) return record;
  return Object.fromEntries(entries.sort((a, b) => b[1].at - a[1].at).slice(0, max));
}

export interface OwnComment {
  /** When this browser posted it (its own clock, so the edit window is not skewed by the server's). */
  at: number;
  /** The text as typed, to prefill the editor. */
  body: string;
}

export const own = {
  get: (id: string): OwnComment | undefined => read<Record<string, OwnComment>>('own', {})[id],
  set(id: string, entry: OwnComment): void {
    const all = read<Record<string, OwnComment>>('own', {});
    all[id] = entry;
    write('own', capped(all, 500));
  },
  forget(id: string): void {
    const all = read<Record<string, OwnComment>>('own', {});
    delete all[id];
    write('own', all);
  },
};

type Vote = { value: 1 | -1; at: number };

export const votes = {
  get: (id: string): 1 | -1 | 0 => read<Record<string, Vote>>('votes', {})[id]?.value ?? 0,
  set(id: string, value: -1 | 0 | 1): void {
    const all = read<Record<string, Vote>>('votes', {});
    if (value === 0) delete all[id];
    else all[id] = { value, at: Date.now() };
    write('votes', capped(all, 2000));
  },
};

export const sortPreference = {
  get: (): string | null => read<string | null>('sort', null),
  set: (sort: string): void => write('sort', sort),
};

export const visits = {
  /** The previous visit's time, and records this one. */
  swap(threadId: string, now: number): number | null {
    const all = read<Record<string, { at: number }>>('visits', {});
    const previous = all[threadId]?.at ?? null;
    all[threadId] = { at: now };
    write('visits', capped(all, 300));
    return previous;
  },
};
