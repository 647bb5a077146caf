// Server-Sent Events from the event bus, shared by the readers' thread streams and the
// moderation desk's queue stream. One hub per app holds ONE bus subscription; streams that want
// the same thing join one channel (a thread, the desk), and an event is loaded and serialised
// once per channel and the same bytes written to every stream in it. So an event costs one
// database read however many pages are open, and what a channel sends must be the same for all
// of its streams (the public view; a reader's own hidden comments come from /mine).
// Open streams are limited per client address (each holds a socket and a slot in every
// fan-out), and all are ended when the server stops, so a graceful stop does not wait on them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { AppError } from '../errors.ts';
import type { EventBus, GazetteEvent } from '../events/bus.ts';

const HEARTBEAT_MS = 25_000;
/** A stream that lets this much pile up unread is too slow to follow: it is ended (EventSource reconnects). */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** One message for the stream, or null to send nothing. */
export type StreamMessage = { event: string; data: unknown } | null;

/** Says which bus events a channel wants: null to ignore one, else how to load its message. */
export type StreamSelector = (event: GazetteEvent) => (() => Promise<StreamMessage>) | null;

/** Streams with the same key share each event's load; the selector must not depend on the viewer. */
export interface StreamChannel {
  key: string;
  select: StreamSelector;
}

export interface StreamHub {
  /** Answers the request with a stream on the channel; TOO_MANY_STREAMS (429) when the address has its limit open. */
  open(request: FastifyRequest, reply: FastifyReply, channel: StreamChannel): void;
  /** Messages loaded so far (one per event and channel, whatever the number of streams): for tests and metrics. */
  readonly loads: number;
  /** Streams open now. */
  readonly size: number;
  /** Ends every stream and drops the bus subscription. */
  close(): void;
}

interface Channel {
  select: StreamSelector;
  streams: Set<ServerResponse>;
  /** Events are written in the order they happened, although loading each is async. */
  queue: Promise<void>;
  sequence: number;
}

export function createStreamHub(options: { events: EventBus; maxPerAddress: number }): StreamHub {
  const channels = new Map<string, Channel>();
  const perAddress = new Map<string, number>();
  let loads = 0;
  let size = 0;

  const unsubscribe = options.events.subscribe((event) => {
    for (const channel of channels.values()) {
      const load = channel.select(event);
      if (!load) continue;
      channel.queue = channel.queue.then(async () => {
        loads++;
        const message = await load().catch(() => null);
        if (!message) return;
        const frame = Buffer.from(`id: ${++channel.sequence}\nevent: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
        for (const out of channel.streams) write(out, frame);
      });
    }
  });

  function write(out: ServerResponse, chunk: Buffer | string): void {
    if (out.writableEnded) return;
    if (out.writableLength > MAX_BUFFERED_BYTES) out.end();
    else out.write(chunk);
  }

  const heartbeat = setInterval(() => {
    for (const channel of channels.values()) for (const out of channel.streams) write(out, ': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    open(request, reply, { key, select }) {
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
      let channel = channels.get(key);
      if (!channel) {
        channel = { select, streams: new Set(), queue: Promise.resolve(), sequence: 0 };
        channels.set(key, channel);
      }
      const joined = channel;

      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // Proxies such as nginx would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      out.write('retry: 3000\n: connected\n\n');
      joined.streams.add(out);

      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        size--;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
        joined.streams.delete(out);
        if (joined.streams.size === 0 && channels.get(key) === joined) channels.delete(key);
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
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const channel of channels.values()) for (const out of channel.streams) out.end();
    },
  };
}
