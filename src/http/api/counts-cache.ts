// The counts endpoint's answers kept in memory for a few seconds. A blog's home page asks the
// same question on every view; answering it from here costs no query, no JSON and no
// compression. An answer lives at most `ttlSeconds` (the time browsers may keep it anyway), and
// any change to a discussion (a comment posted, moderated or removed; an import) drops them all:
// cheap, and never wrong for longer than the events take to arrive.
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { EventBus, GazetteEvent } from '../../events/bus.ts';
import type { Encoded } from '../content-coding.ts';

export interface CountsAnswer {
  body: Buffer;
  etag: string;
  /** Brotli and gzip copies, made by the first reader who accepts them. */
  encoded?: Promise<Encoded>;
  /** The same copies once made, for answers given without waiting (http/fast-lane.ts). */
  encodedReady?: Encoded;
}

export interface CountsCache {
  /** The answer kept under `key` while it is fresh, else nothing. */
  peek(key: string): Promise<CountsAnswer> | undefined;
  /** The same, only when it is already made: an answer that needs no waiting at all. */
  ready(key: string): CountsAnswer | undefined;
  /** The answer kept under `key`, or the one `make` produces (kept unless it failed). */
  get(key: string, make: () => Promise<string>): Promise<CountsAnswer>;
  clear(): void;
  close(): void;
  readonly size: number;
}

/** Events after which a count may differ (a vote does not change one; imports say content.changed). */
// events.missed: this instance may not have heard some changes (a networked bus reconnected).
const CHANGES_COUNTS = new Set<GazetteEvent['type']>([
  'comment.created',
  'comment.deleted',
  'comment.updated',
  'content.changed',
  'events.missed',
]);

const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url')}"`;

export function createCountsCache(options: { clock: Clock; events: EventBus; ttlSeconds: number; maxEntries?: number }): CountsCache {
  // Promises, so that readers arriving together share one query.
  const entries = new Map<string, Promise<CountsAnswer>>();
  const storedAt = new Map<string, number>();
  const made = new Map<string, CountsAnswer>();
  // Keys are request URLs (at most a request line, 16 KB): 200 of them stay within a few MB.
  const maxEntries = options.maxEntries ?? 200;
  const ttlMs = options.ttlSeconds * 1000;
  const clear = () => {
    entries.clear();
    storedAt.clear();
    made.clear();
  };
  const fresh = (key: string) => {
    const at = storedAt.get(key);
    return at !== undefined && options.clock.now().getTime() - at < ttlMs;
  };
  const unsubscribe = options.events.subscribe((event) => {
    if (CHANGES_COUNTS.has(event.type)) clear();
  });

  return {
    peek(key) {
      return fresh(key) ? entries.get(key) : undefined;
    },
    ready(key) {
      return fresh(key) ? made.get(key) : undefined;
    },
    get(key, make) {
      const kept = this.peek(key);
      if (kept) return kept;
      const now = options.clock.now().getTime();
      if (entries.size >= maxEntries) {
        // Oldest first (Map keeps insertion order): a list page's question comes back soon if it matters.
        const oldest = entries.keys().next().value!;
        entries.delete(oldest);
        storedAt.delete(oldest);
        made.delete(oldest);
      }
      const answer = make().then((json) => {
        const body = Buffer.from(json);
        const result: CountsAnswer = { body, etag: etagOf(body) };
        // Kept for answering without waiting only while this is still the entry (not cleared meanwhile).
        if (entries.get(key) === answer) made.set(key, result);
        return result;
      });
      entries.delete(key);
      made.delete(key);
      entries.set(key, answer);
      storedAt.set(key, now);
      answer.catch(() => {
        if (entries.get(key) === answer) {
          entries.delete(key);
          storedAt.delete(key);
        }
      });
      return answer;
    },
    clear,
    close: () => unsubscribe(),
    get size() {
      return entries.size;
    },
  };
}
