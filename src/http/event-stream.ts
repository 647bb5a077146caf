// Server-Sent Events from the event bus, shared by the readers' thread streams and the
// moderation desk's queue stream: headers, a heartbeat so proxies keep the connection, events
// written in the order they happened (loading each may be async), and every open stream ended
// when the server stops, so a graceful stop does not wait on them forever.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EventBus, GazetteEvent } from '../events/bus.ts';

const HEARTBEAT_MS = 25_000;

/** One message for the stream, or null to send nothing. */
export type StreamMessage = { event: string; data: unknown } | null;

/** Says which bus events a stream wants: null to ignore one, else how to load its message. */
export type StreamSelector = (event: GazetteEvent) => (() => Promise<StreamMessage>) | null;

export function eventStreams(app: FastifyInstance, events: EventBus) {
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of open) end();
    done();
  });

  return function stream(request: FastifyRequest, reply: FastifyReply, select: StreamSelector): void {
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
    let sequence = 0;
    let queue = Promise.resolve();
    const unsubscribe = events.subscribe((event) => {
      const load = select(event);
      if (!load) return;
      queue = queue.then(async () => {
        const message = await load().catch(() => null);
        if (message && !out.writableEnded) out.write(`id: ${++sequence}\nevent: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
      });
    });
    const heartbeat = setInterval(() => out.write(': ping\n\n'), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
    };
    const end = () => {
      close();
      out.end();
    };
    open.add(end);
    request.raw.on('close', close);
    out.on('close', close);
  };
}
