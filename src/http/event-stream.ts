// Server-Sent Events from the event bus, shared by the readers' thread streams and the
// moderation desk's queue stream. One hub per app holds ONE bus subscription; streams that want
// the same thing join one channel (a thread, the desk), and an event is loaded and serialised
// once per channel and the same bytes written to every stream in it. So an event costs one
// database read however many pages are open, and what a channel sends must be the same for all
// of its streams (the public view; a reader's own hidden comments come from /mine).
// Thread events carry their publisher's id (`id:`), the same on every instance: a reader who
// reconnects with Last-Event-ID (EventSource sends it by itself) gets what it missed from the
// backlog (stream-backlog.ts, or the bus's shared one), then live events; one too far behind gets
// `event: reload`. One timer sends every stream's heartbeat. A reader that lets more than
// maxBufferedBytes pile up unread, or leaves writes blocked for STALL_MS, is dropped rather than
// buffered. Open streams are limited per client address, and all end with `event: bye` when the
// server stops, so clients reconnect to another instance at once.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { AppError } from '../errors.ts';
import type { CommentEvent, EventBus, GazetteEvent } from '../events/bus.ts';
import { createStreamBacklog, type ThreadEvent } from './stream-backlog.ts';

const HEARTBEAT_MS = 25_000;
/** A reader whose writes stay blocked this long is gone or too slow to follow. */
const STALL_MS = 60_000;
/** Event ids are short (bus.ts eventId); anything longer is not one of ours. */
const MAX_EVENT_ID = 64;

/** One message for the stream, or null to send nothing. */
export type StreamMessage = { event: string; data: unknown } | null;

/** Says which bus events a channel wants: null to ignore one, else how to load its message. */
export type StreamSelector = (event: GazetteEvent) => (() => Promise<StreamMessage>) | null;

/** Streams with the same key share each event's load; the selector must not depend on the viewer. */
export interface StreamChannel {
  key: string;
  select: StreamSelector;
  /** A thread's channel: its frames carry event ids and a reconnecting reader resumes. */
  threadId?: string;
}

export interface StreamHub {
  /**
   * Answers the request with a stream on the channel; TOO_MANY_STREAMS (429) when the address has its limit open.
   * `lastEventId` (the Last-Event-ID header, or the widget's query) resumes a thread's stream after that event.
   */
  open(request: FastifyRequest, reply: FastifyReply, channel: StreamChannel, lastEventId?: string): void;
  /** Messages loaded so far (one per event and channel, whatever the number of streams): for tests and metrics. */
  readonly loads: number;
  /** Streams open now. */
  readonly size: number;
  /** Streams dropped because their reader did not keep up. */
  readonly dropped: number;
  /** Ends every stream (`event: bye`) and drops the bus subscription. */
  close(): void;
}

export interface StreamHubOptions {
  events: EventBus;
  maxPerAddress: number;
  /** Unread bytes after which a stream is dropped (config GAZETTE_STREAM_BUFFER_BYTES). */
  maxBufferedBytes?: number;
  heartbeatMs?: number;
}

interface Stream {
  out: ServerResponse;
  /** While a resume is being written: live frames that arrived meanwhile, with their event ids. */
  held: { id: string | null; frame: Buffer }[] | null;
  /** Since when writes have been refused (write() returned false), if they are. */
  stalledSince: number | null;
  /** Ids just replayed: their live copies, still on the way through the channel's queue, are skipped. */
  replayed: Set<string> | null;
}

interface Channel {
  select: StreamSelector;
  threadId: string | null;
  streams: Set<Stream>;
  /** Events are written in the order they happened, although loading each is async. */
  queue: Promise<void>;
  sequence: number;
}

const isThreadEvent = (event: GazetteEvent): event is ThreadEvent =>
  event.type.startsWith('comment.') && typeof (event as CommentEvent).id === 'string';

const RELOAD_FRAME = 'event: reload\ndata: {}\n\n';

const frameOf = (id: string | number | null, message: NonNullable<StreamMessage>) =>
  Buffer.from(`${id === null ? '' : `id: ${id}\n`}event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);

export function createStreamHub(options: StreamHubOptions): StreamHub {
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const backlog = createStreamBacklog();
  /** Thread channels by thread id (an event goes straight to its thread's), the others by key. */
  const threads = new Map<string, Channel>();
  const others = new Map<string, Channel>();
  const perAddress = new Map<string, number>();
  let loads = 0;
  let size = 0;
  let dropped = 0;

  /** A thread event's frame: loaded once for this instance, whether for live streams or resumes. */
  function threadFrame(channel: Channel, event: ThreadEvent): Promise<Buffer | null> {
    const load = channel.select(event);
    if (!load) return Promise.resolve(null);
    return backlog.frame(event.id, async () => {
      loads++;
      const message = await load();
      return message ? frameOf(event.id, message) : null;
    });
  }

  function fanOut(channel: Channel, event: GazetteEvent): void {
    if (channel.threadId !== null) {
      if (!isThreadEvent(event) || !channel.select(event)) return;
      channel.queue = channel.queue.then(async () => {
        const frame = await threadFrame(channel, event);
        if (frame) for (const stream of channel.streams) send(stream, frame, event.id);
      });
      return;
    }
    const load = channel.select(event);
    if (!load) return;
    channel.queue = channel.queue.then(async () => {
      loads++;
      const message = await load().catch(() => null);
      if (!message) return;
      const frame = frameOf(++channel.sequence, message);
      for (const stream of channel.streams) send(stream, frame, null);
    });
  }

  /** What this instance heard has a gap: readers resuming from before it, and those open now, must reload. */
  function tellEveryThreadToReload(): void {
    backlog.forgetAll();
    for (const channel of threads.values()) {
      channel.queue = channel.queue.then(() => {
        for (const stream of channel.streams) send(stream, RELOAD_FRAME, null);
      });
    }
  }

  const unsubscribe = options.events.subscribe((event) => {
    if (event.type === 'events.missed') tellEveryThreadToReload();
    if (isThreadEvent(event)) {
      backlog.record(event);
      const channel = threads.get(event.threadId);
      if (channel) fanOut(channel, event);
    }
    for (const channel of others.values()) fanOut(channel, event);
  });

  function drop(stream: Stream): void {
    dropped++;
    // Not end(): that would wait for the unread bytes to be read, which is the trouble.
    stream.out.destroy();
  }

  function send(stream: Stream, frame: Buffer | string, id: string | null): void {
    if (stream.held) {
      stream.held.push({ id, frame: typeof frame === 'string' ? Buffer.from(frame) : frame });
      return;
    }
    if (id !== null && stream.replayed?.has(id)) return;
    const out = stream.out;
    if (out.writableEnded || out.destroyed) return;
    if (out.writableLength > maxBufferedBytes) drop(stream);
    else if (!out.write(frame)) stream.stalledSince ??= Date.now();
  }

  /** Writes what the reader missed after `lastEventId`, then what arrived live meanwhile, then lets live frames through. */
  async function resume(stream: Stream, channel: Channel, threadId: string, lastEventId: string): Promise<void> {
    // This instance's own backlog first: it heard the same events with the same ids, and a burst
    // of reconnects then costs Redis nothing. The shared one (Redis) knows events from before
    // this instance started; if it is unreachable, the reader is told to reload.
    let missed = backlog.since(threadId, lastEventId);
    if (missed === null && options.events.history) {
      missed = (await options.events.history(threadId, lastEventId).catch(() => null)) as ThreadEvent[] | null;
    }
    // Loaded before anything is written, while live frames are still held: order is kept.
    const replay: { id: string; frame: Buffer | null }[] = [];
    for (const event of missed ?? []) replay.push({ id: event.id, frame: await threadFrame(channel, event) });
    const held = stream.held ?? [];
    stream.held = null;
    if (missed === null) {
      // Too far behind (or an id from before this instance and the backlog): the page must reload.
      // The newest id goes with it, so the next reconnect resumes from here rather than reloading again.
      const latest = backlog.latest(threadId);
      send(stream, `${latest ? `id: ${latest}\n` : ''}event: reload\ndata: {}\n\n`, null);
    }
    for (const { id, frame } of replay) if (frame) send(stream, frame, id);
    const written = new Set(replay.map((r) => r.id));
    for (const { id, frame } of held) if (id === null || !written.has(id)) send(stream, frame, id);
    if (written.size) {
      // Every live fan-out of a replayed event is queued by now (recording and queueing happen together).
      stream.replayed = written;
      const done = () => (stream.replayed = null);
      channel.queue.then(done, done);
    }
  }

  const heartbeat = setInterval(() => {
    const stalledBefore = Date.now() - STALL_MS;
    for (const channels of [threads, others])
      for (const channel of channels.values())
        for (const stream of channel.streams) {
          if (stream.stalledSince !== null && stream.stalledSince < stalledBefore) drop(stream);
          else send(stream, ': ping\n\n', null);
        }
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  return {
    open(request, reply, { key, select, threadId }, lastEventId) {
      const address = request.ip;
      const used = perAddress.get(address) ?? 0;
      if (used >= options.maxPerAddress) {
        throw new AppError(
          'TOO_MANY_STREAMS',
          `at most ${options.maxPerAddress} live streams may be open from one address; close one and try again`,
        );
      }
      perAddress.set(address, used + 1);
      size++;
      const index = threadId ? threads : others;
      const indexKey = threadId ?? key;
      let channel = index.get(indexKey);
      if (!channel) {
        channel = { select, threadId: threadId ?? null, streams: new Set(), queue: Promise.resolve(), sequence: 0 };
        index.set(indexKey, channel);
      }
      const joined = channel;

      reply.hijack();
      const out = reply.raw;
      // The body ends when the connection does, as a stream's always does: without chunked
      // encoding each event is one plain write of the shared bytes (no per-stream chunk framing),
      // which is most of the cost of writing one event to ten thousand streams.
      out.useChunkedEncodingByDefault = false;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Proxies such as nginx would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      out.write('retry: 3000\n: connected\n\n');
      const resumeFrom = threadId && lastEventId && lastEventId.length <= MAX_EVENT_ID ? lastEventId : null;
      const stream: Stream = { out, held: resumeFrom ? [] : null, stalledSince: null, replayed: null };
      out.on('drain', () => (stream.stalledSince = null));
      joined.streams.add(stream);
      if (resumeFrom) void resume(stream, joined, threadId!, resumeFrom);

      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        size--;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
        joined.streams.delete(stream);
        if (joined.streams.size === 0 && index.get(indexKey) === joined) index.delete(indexKey);
      };
      request.raw.on('close', release);
      out.on('close', release);
    },
    get loads() {
      return loads;
    },
    get size() {
      return size;
    },
    get dropped() {
      return dropped;
    },
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const channels of [threads, others])
        for (const channel of channels.values())
          for (const { out } of channel.streams) {
            // A reader with unread bytes would hold the stop until it read them.
            if (out.writableLength > 0) out.destroy();
            else out.end('event: bye\ndata: {}\n\n');
          }
    },
  };
}
