// What a reader who reconnects may have missed: each instance keeps, per thread, the last
// BACKLOG_EVENTS thread events it heard (for at most BACKLOG_MS), whoever published them. Event
// ids are stamped by the publisher and travel with the event, so a reader who moves from one
// running instance to another finds its Last-Event-ID here too; with Redis the shared list
// (EventBus.history) also covers an instance started since.
// Loaded frames are kept apart, by event id: a burst of reconnects after a restart asks for the
// same events over and over, and each is still loaded once.
import type { CommentEvent } from '../events/bus.ts';

export const BACKLOG_EVENTS = 200;
export const BACKLOG_MS = 10 * 60_000;
/** Events remembered at once, all threads together (a few MB); the least recently active thread is forgotten first. */
const MAX_REMEMBERED = 50_000;
/** Bytes of frames kept (each the bytes of one event as every stream of its thread receives it); oldest go first. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** And at most this many (an event nobody may see has an empty frame, which still takes a slot). */
const MAX_FRAMES = 20_000;

export type ThreadEvent = CommentEvent & { id: string };

interface Remembered {
  event: ThreadEvent;
  at: number;
}

export interface StreamBacklog {
  record(event: ThreadEvent): void;
  /** The thread's events after `afterId`, oldest first; null when `afterId` is not (or no longer) here. */
  since(threadId: string, afterId: string): ThreadEvent[] | null;
  /** The id of the thread's newest event remembered, if any. */
  latest(threadId: string): string | null;
  /** The frame for an event, loaded at most once while remembered (concurrent askers share the load). */
  frame(id: string, load: () => Promise<Buffer | null>): Promise<Buffer | null>;
  /** Forgets every thread's events: after a gap in what this instance heard, none of them is a complete record. */
  forgetAll(): void;
}

export function createStreamBacklog(options: { now?: () => number; maxEvents?: number } = {}): StreamBacklog {
  const now = options.now ?? Date.now;
  const maxEvents = options.maxEvents ?? BACKLOG_EVENTS;
  const threads = new Map<string, Remembered[]>();
  const frames = new Map<string, { frame: Promise<Buffer | null>; bytes: number }>();
  let frameBytes = 0;
  let remembered = 0;

  /** The thread's entries without those past their age. */
  function fresh(threadId: string): Remembered[] {
    const entries = threads.get(threadId) ?? [];
    const cutoff = now() - BACKLOG_MS;
    let old = 0;
    while (old < entries.length && entries[old]!.at < cutoff) old++;
    if (old) entries.splice(0, old);
    remembered -= old;
    return entries;
  }

  return {
    record(event) {
      const entries = fresh(event.threadId);
      // Re-inserted so the Map's order is the order of activity, oldest first.
      threads.delete(event.threadId);
      threads.set(event.threadId, entries);
      entries.push({ event, at: now() });
      remembered++;
      if (entries.length > maxEvents) remembered -= entries.splice(0, entries.length - maxEvents).length;
      while (remembered > MAX_REMEMBERED) {
        const [oldest, forgotten] = threads.entries().next().value!;
        threads.delete(oldest);
        remembered -= forgotten.length;
      }
    },
    since(threadId, afterId) {
      const entries = fresh(threadId);
      const at = entries.findIndex((e) => e.event.id === afterId);
      return at < 0 ? null : entries.slice(at + 1).map((e) => e.event);
    },
    latest(threadId) {
      return fresh(threadId).at(-1)?.event.id ?? null;
    },
    forgetAll() {
      threads.clear();
      remembered = 0;
    },
    frame(id, load) {
      const known = frames.get(id);
      if (known) return known.frame;
      const entry = { frame: Promise.resolve<Buffer | null>(null), bytes: 0 };
      entry.frame = load().then(
        (frame) => {
          if (frames.get(id) === entry && frame) {
            entry.bytes = frame.length;
            frameBytes += frame.length;
            for (const [oldId, old] of frames) {
              if (frameBytes <= MAX_FRAME_BYTES || oldId === id) break;
              frames.delete(oldId);
              frameBytes -= old.bytes;
            }
          }
          return frame;
        },
        () => {
          // A failed load is not remembered: the next asker tries again.
          if (frames.get(id) === entry) frames.delete(id);
          return null;
        },
      );
      frames.set(id, entry);
      if (frames.size > MAX_FRAMES) {
        const [oldId, old] = frames.entries().next().value!;
        frames.delete(oldId);
        frameBytes -= old.bytes;
      }
      return entry.frame;
    },
  };
}
