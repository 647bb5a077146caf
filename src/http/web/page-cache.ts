// Rendered pages kept in memory. A content change empties the cache (through the event bus),
// and no entry outlives the next scheduled publication, so a published change shows on the
// very next request. With several instances, the networked event bus carries the change.
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { EventBus } from '../../events/bus.ts';
import { FORM_TOKEN_SLOT } from '../../render/thread.ts';
import { encodeAll, type Encoded } from '../content-coding.ts';

export interface CachedPage {
  /** Encoded once, at render: sending a Buffer skips UTF-8 encoding on every hit. The form-token slots are empty here. */
  body: Buffer;
  etag: string;
  storedAt: number;
  /** The body cut at each FORM_TOKEN_SLOT, when it has forms: withFormToken joins them with a reader's token. */
  parts?: Buffer[];
  /**
   * Brotli and gzip copies of `body`, compressed once when the page is stored, so a hit costs no
   * compression. Absent on a page that is not kept (cache off, or changed while rendering): that
   * one is compressed as it is sent, like any other response.
   */
  encoded?: Encoded;
}

/** The cached page with this reader's CSRF token in its forms (no render, no database). */
export function withFormToken(page: CachedPage, token: string): Buffer {
  if (!page.parts) return page.body;
  const glue = Buffer.from(token);
  const pieces: Buffer[] = [];
  page.parts.forEach((part, i) => pieces.push(...(i === 0 ? [part] : [glue, part])));
  return Buffer.concat(pieces);
}

export interface PageCache {
  /** Returns the cached page, or renders, stores and returns it. */
  get(key: string, render: () => Promise<string>): Promise<CachedPage>;
  clear(): void;
  readonly size: number;
  /** Pages rendered so far (misses): lets tests tell a cached answer from a fresh render. */
  readonly renders: number;
  /** Compressed copies made so far (one per coding per stored page): hits must not add to it. */
  readonly compressions: number;
}

export interface PageCacheOptions {
  clock: Clock;
  events: EventBus;
  ttlSeconds: number;
  /** When the next scheduled post goes live (ISO string), or null. */
  nextScheduledAt: () => Promise<string | null>;
  maxEntries?: number;
}

const etagOf = (body: Buffer) => `W/"${createHash('sha1').update(body).digest('base64url')}"`;

export function createPageCache(options: PageCacheOptions): PageCache {
  const entries = new Map<string, CachedPage>();
  const maxEntries = options.maxEntries ?? 1000;
  const ttlMs = options.ttlSeconds * 1000;
  // Entries are valid until this instant (ms); null means "not known yet, ask the database".
  let horizon: number | null = null;
  let generation = 0;
  let renders = 0;
  let compressions = 0;

  const clear = () => {
    entries.clear();
    horizon = null;
    generation++;
  };
  options.events.subscribe((event) => {
    // A comment changes its article and the counts on every list; the whole cache goes, which is
    // simple and always right (per-page invalidation can come when comment rates demand it).
    if (event.type === 'content.changed' || event.type === 'media.changed' || event.type.startsWith('comment.')) clear();
  });

  async function render(key: string, renderPage: () => Promise<string>, now: number): Promise<CachedPage> {
    const startedIn = generation;
    renders++;
    const text = await renderPage();
    const cut = text.includes(FORM_TOKEN_SLOT) ? text.split(FORM_TOKEN_SLOT) : null;
    const body = Buffer.from(cut ? cut.join('') : text);
    const page: CachedPage = {
      body,
      etag: etagOf(body),
      storedAt: now,
      ...(cut ? { parts: cut.map((part) => Buffer.from(part)) } : {}),
    };
    // A change that arrived while rendering (or compressing) may not be in this body: don't keep it.
    const keep = () => ttlMs > 0 && startedIn === generation;
    if (!keep()) return page;
    page.encoded = await encodeAll(body, 'cached');
    compressions += Object.keys(page.encoded).length;
    if (keep()) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, page);
    }
    return page;
  }

  return {
    async get(key, renderPage) {
      const now = options.clock.now().getTime();
      if (horizon === null) {
        const next = await options.nextScheduledAt();
        horizon = next ? Date.parse(next) : Number.POSITIVE_INFINITY;
      }
      if (now >= horizon) clear();
      const hit = entries.get(key);
      if (hit && now - hit.storedAt < ttlMs) return hit;
      return render(key, renderPage, now);
    },
    clear,
    get size() {
      return entries.size;
    },
    get renders() {
      return renders;
    },
    get compressions() {
      return compressions;
    },
  };
}
