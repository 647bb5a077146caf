// Rendered pages kept in memory, Brotli and gzip copies made once when stored. An article's
// change empties the cache (through the event bus) and no entry outlives the next scheduled
// publication, so a published change shows on the very next request. A comment is narrower: it
// drops only what shows its own discussion (the article's pages and the thread's JSON, by
// scope), while lists, profiles and feeds, which show counts, follow within `listLagMs`. On a hot
// thread a scoped page is served a moment stale (`staleMs`) rather than re-rendered for every
// comment: open pages receive new comments live anyway. With several instances, the networked
// event bus carries every change to each one's cache.
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
  get(key: string, render: () => Promise<string | ScopedRender>, options?: PageCacheGetOptions): Promise<CachedPage>;
  clear(): void;
  readonly size: number;
  /** Pages rendered so far (misses): lets tests tell a cached answer from a fresh render. */
  readonly renders: number;
  /** Compressed copies made so far (one per coding per stored page): hits must not add to it. */
  readonly compressions: number;
}

export interface PageCacheGetOptions {
  /**
   * Which discussion the page shows (scopeOfThread): an article's pages, a thread's JSON, an
   * embedded page. A comment drops the entries of its own thread at once;
   * entries without a scope (lists, profiles, feeds: counts at most) within `listLagMs`.
   */
  scope?: string;
}

/** A render that learns its scope as it goes (e.g. a replies page finds its thread). */
export interface ScopedRender {
  text: string;
  scope: string;
}

export interface PageCacheOptions {
  clock: Clock;
  events: EventBus;
  ttlSeconds: number;
  /** When the next scheduled post goes live (ISO string), or null. */
  nextScheduledAt: () => Promise<string | null>;
  maxEntries?: number;
  /**
   * A scoped page changed by a comment is still served while it is younger than this (ms), and is
   * then rendered again by one request while the others keep the stale copy: at most one render
   * per interval on a hot thread. 0: dropped at once and rendered by the next request.
   */
  staleMs?: number;
  /** Pages without a scope show comment counts at most this far behind (ms). 0: dropped with every comment. */
  listLagMs?: number;
}

export const scopeOfThread = (threadId: string): string => `thread:${threadId}`;

const etagOf = (body: Buffer) => `W/"${createHash('sha1').update(body).digest('base64url')}"`;

interface Entry {
  page: CachedPage;
  scope: string | null;
  /** A comment changed what it shows since it was rendered. */
  stale: boolean;
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const entries = new Map<string, Entry>();
  const keysByScope = new Map<string, Set<string>>();
  const maxEntries = options.maxEntries ?? 1000;
  const ttlMs = options.ttlSeconds * 1000;
  const staleMs = options.staleMs ?? 0;
  const listLagMs = options.listLagMs ?? 0;
  // Entries are valid until this instant (ms); null means "not known yet, ask the database".
  let horizon: number | null = null;
  // Renders started before a change they may have missed are not kept: `generation` moves when
  // everything goes; `serial` counts comment events, and each scope (and the unscoped entries, as
  // LISTS) remembers the serial of the last one that touched it.
  let generation = 0;
  let serial = 0;
  const LISTS = '';
  const touchedAt = new Map<string, number>();
  // When the first comment not yet reflected on unscoped pages arrived (ms), or null.
  let listsBehindSince: number | null = null;
  // One render at a time per key: concurrent misses share it, and a stale page is re-rendered once.
  const inFlight = new Map<string, Promise<CachedPage>>();
  let renders = 0;
  let compressions = 0;

  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    if (entry.scope) keysByScope.get(entry.scope)?.delete(key);
  };
  const clear = () => {
    entries.clear();
    keysByScope.clear();
    horizon = null;
    listsBehindSince = null;
    generation++;
  };
  const dropUnscoped = () => {
    for (const [key, entry] of entries) if (entry.scope === null) entries.delete(key);
    listsBehindSince = null;
    touchedAt.set(LISTS, ++serial);
  };
  const touchScope = (scope: string) => {
    touchedAt.set(scope, ++serial);
    for (const key of keysByScope.get(scope) ?? []) {
      if (staleMs > 0) entries.get(key)!.stale = true;
      else forget(key);
    }
  };

  options.events.subscribe((event) => {
    if (event.type === 'content.changed' || event.type === 'media.changed' || event.type === 'events.missed') return clear();
    if (!event.type.startsWith('comment.')) return;
    const { threadId } = event as { threadId?: string };
    if (threadId) touchScope(scopeOfThread(threadId));
    if (listLagMs === 0) dropUnscoped();
    else listsBehindSince ??= options.clock.now().getTime();
  });

  async function render(
    key: string,
    knownScope: string | null,
    renderPage: () => Promise<string | ScopedRender>,
    now: number,
  ): Promise<CachedPage> {
    const startedIn = { generation, serial };
    renders++;
    const rendered = await renderPage();
    const text = typeof rendered === 'string' ? rendered : rendered.text;
    const scope = typeof rendered === 'string' ? knownScope : rendered.scope;
    const cut = text.includes(FORM_TOKEN_SLOT) ? text.split(FORM_TOKEN_SLOT) : null;
    const body = Buffer.from(cut ? cut.join('') : text);
    const page: CachedPage = {
      body,
      etag: etagOf(body),
      storedAt: now,
      ...(cut ? { parts: cut.map((part) => Buffer.from(part)) } : {}),
    };
    // A change that arrived while rendering (or compressing) may not be in this body: don't keep
    // it — except a comment on a hot thread when stale pages may be served: the render is still
    // newer than what is stored, so it is kept marked stale (and its age counts from its start).
    const missed = () => (touchedAt.get(scope ?? LISTS) ?? 0) > startedIn.serial;
    const keep = () => ttlMs > 0 && startedIn.generation === generation && (staleMs > 0 || !missed());
    if (!keep()) return page;
    page.encoded = await encodeAll(body, 'cached');
    compressions += Object.keys(page.encoded).length;
    if (keep()) {
      forget(key);
      if (entries.size >= maxEntries) forget(entries.keys().next().value!);
      entries.set(key, { page, scope, stale: missed() });
      if (scope) {
        if (!keysByScope.has(scope)) keysByScope.set(scope, new Set());
        keysByScope.get(scope)!.add(key);
      }
    }
    return page;
  }

  function renderOnce(
    key: string,
    scope: string | null,
    renderPage: () => Promise<string | ScopedRender>,
    now: number,
  ): Promise<CachedPage> {
    let flight = inFlight.get(key);
    if (!flight) {
      flight = render(key, scope, renderPage, now).finally(() => inFlight.delete(key));
      inFlight.set(key, flight);
    }
    return flight;
  }

  return {
    async get(key, renderPage, getOptions = {}) {
      const scope = getOptions.scope ?? null;
      const now = options.clock.now().getTime();
      if (horizon === null) {
        const next = await options.nextScheduledAt();
        horizon = next ? Date.parse(next) : Number.POSITIVE_INFINITY;
      }
      if (now >= horizon) clear();
      if (listsBehindSince !== null && now - listsBehindSince >= listLagMs) dropUnscoped();
      const hit = entries.get(key);
      if (hit && now - hit.page.storedAt < ttlMs) {
        if (!hit.stale) return hit.page;
        // Stale on a hot thread: young enough to serve, or already being rendered by someone else.
        if (now - hit.page.storedAt < staleMs || inFlight.has(key)) return hit.page;
      }
      return renderOnce(key, scope, renderPage, now);
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
