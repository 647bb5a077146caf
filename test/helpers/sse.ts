// Reading a live stream (Server-Sent Events) in tests, over a real socket: every complete event
// as it arrives, with its id, so a test can wait for one and compare what a stream received.
import http from 'node:http';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface OpenSse {
  status: number;
  events: SseEvent[];
  /** Everything received, comments (heartbeats) included. */
  text(): string;
  /** Resolves once `check` holds for what was received (polled; no fixed sleep). */
  until(check: (events: SseEvent[]) => boolean, what: string, tries?: number): Promise<void>;
  ended: Promise<void>;
  close(): void;
}

/** Parses complete SSE blocks out of `buffer`; returns what is left (an incomplete block). */
function parseBlocks(buffer: string, into: SseEvent[]): string {
  let boundary: number;
  while ((boundary = buffer.indexOf('\n\n')) >= 0) {
    const block = buffer.slice(0, boundary);
    buffer = buffer.slice(boundary + 2);
    const field = (name: string) => new RegExp(`^${name}: ?(.*)$`, 'm').exec(block)?.[1] ?? null;
    const event = field('event');
    if (event !== null) into.push({ id: field('id'), event, data: field('data') ?? '' });
  }
  return buffer;
}

export async function until(check: () => boolean, what: string, tries = 4000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Opens a stream with node:http (so no connection pool hides when it closes) and reads it as it comes. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<OpenSse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const events: SseEvent[] = [];
      let received = '';
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received += chunk;
        buffer = parseBlocks(buffer + chunk, events);
      });
      const ended = new Promise<void>((done) => {
        response.on('end', done);
        response.on('close', done);
        response.on('error', () => done());
      });
      resolve({
        status: response.statusCode ?? 0,
        events,
        text: () => received,
        until: (check, what, tries) => until(() => check(events), what, tries),
        ended,
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}
