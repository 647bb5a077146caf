// Fan-out: BENCH_FANOUT_STREAMS (default 10,000) live streams open on one thread of one instance
// (SQLite, no demo content), then BENCH_FANOUT_ROUNDS (default 3) comments posted one after the
// other; for each, the time from sending the POST until each stream has received the comment.
// Target: p99 ≤ 1 s at 10,000 streams. Also the server's RSS with every stream open (the server
// is a child process, so the figure is its own).
// The streams are raw sockets in this process (the server's one core is what is measured; this
// process takes the other). Each stream is one file descriptor on both sides: `ulimit -n` must be
// above the stream count plus a few hundred, for this shell and so for the server it starts.
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { cpuSeconds, makeStaffToken, publishPost, startGazette } from './lib/gazette.ts';
import { percentile } from './lib/load.ts';
import { formatMb, rssMb } from './lib/memory.ts';

const STREAMS = Number(process.env.BENCH_FANOUT_STREAMS || 10_000);
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS || 3);
/** Connections being opened at once: more would overflow the server's accept backlog. */
const OPENING_AT_ONCE = 200;

export interface FanoutResult {
  streams: number;
  rounds: number;
  p50: number;
  p99: number;
  max: number;
  /** Streams that never received a round's comment (should be 0). */
  missed: number;
  rssMbIdle: number | null;
  rssMbOpen: number | null;
  openSeconds: number;
  /** Server CPU per comment (posting it and writing it to every stream): steadier than wall time on a busy machine. */
  cpuMsPerRound: number | null;
}

interface Reader {
  socket: net.Socket;
  /** performance.now() when the current round's marker arrived, or null. */
  heardAt: number | null;
}

/** Opens one stream; resolves once the server has said `: connected`. */
function openStream(port: number, requestPath: string, marker: { value: Buffer | null }): Promise<Reader> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const reader: Reader = { socket, heardAt: null };
    let connected = false;
    socket.on('data', (chunk: Buffer) => {
      if (!connected) {
        if (!chunk.includes(': connected')) return;
        connected = true;
        resolve(reader);
      }
      if (reader.heardAt === null && marker.value && chunk.includes(marker.value)) reader.heardAt = performance.now();
    });
    socket.on('error', reject);
    socket.on('close', () => (connected ? undefined : reject(new Error('stream closed before it opened'))));
    socket.write(`GET ${requestPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  });
}

export async function benchFanout(): Promise<FanoutResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  const readers: Reader[] = [];
  try {
    const token = await makeStaffToken(dataDir);
    const gazette = await startGazette({
      dataDir,
      demo: false,
      // One address holds every stream; back-pressure would count the opening burst as overload.
      env: { GAZETTE_STREAMS_PER_ADDRESS: String(STREAMS + 10), GAZETTE_RATE_LIMITS: 'off', GAZETTE_MAX_EVENT_LOOP_DELAY_MS: '0' },
    });
    try {
      const { threadId } = await publishPost(gazette.url, token, 'Fan-out');
      const port = Number(new URL(gazette.url).port);
      const requestPath = `/api/v1/threads/${threadId}/events`;
      const marker: { value: Buffer | null } = { value: null };
      const rssMbIdle = rssMb(gazette.child.pid);

      const opening = performance.now();
      for (let i = 0; i < STREAMS; i += OPENING_AT_ONCE) {
        const batch = Math.min(OPENING_AT_ONCE, STREAMS - i);
        readers.push(...(await Promise.all(Array.from({ length: batch }, () => openStream(port, requestPath, marker)))));
      }
      const openSeconds = (performance.now() - opening) / 1000;
      const rssMbOpen = rssMb(gazette.child.pid);

      const latencies: number[] = [];
      let missed = 0;
      const cpuBefore = cpuSeconds(gazette.child.pid);
      for (let round = 0; round < ROUNDS; round++) {
        const word = `fanout${randomBytes(6).toString('hex')}`;
        marker.value = Buffer.from(word);
        for (const reader of readers) reader.heardAt = null;
        const sent = performance.now();
        const response = await fetch(`${gazette.url}/api/v1/threads/${threadId}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            body: `Round ${round} of the fan-out: ${word}`,
            guest: { name: `Reader ${round}`, email: `r${round}@example.com` },
          }),
        });
        if (response.status !== 201) throw new Error(`posting the fan-out comment answered ${response.status}: ${await response.text()}`);
        // Bounded: at most 60 s for every stream to hear it.
        for (let wait = 0; wait < 6000 && readers.some((r) => r.heardAt === null); wait++) await new Promise((r) => setTimeout(r, 10));
        for (const reader of readers) {
          if (reader.heardAt === null) missed++;
          else latencies.push(reader.heardAt - sent);
        }
      }
      const cpuAfter = cpuSeconds(gazette.child.pid);
      latencies.sort((a, b) => a - b);
      return {
        cpuMsPerRound: cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / ROUNDS,
        streams: STREAMS,
        rounds: ROUNDS,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
        missed,
        rssMbIdle,
        rssMbOpen,
        openSeconds,
      };
    } finally {
      for (const reader of readers) reader.socket.destroy();
      await gazette.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function reportFanout(r: FanoutResult): string[] {
  return [
    `fan-out (SQLite, ${r.streams} streams on one thread, ${r.rounds} comments; opened in ${r.openSeconds.toFixed(1)} s)`,
    `  comment → every stream: p50 ${r.p50.toFixed(0)} ms   p99 ${r.p99.toFixed(0)} ms (target ≤ 1000)   max ${r.max.toFixed(0)} ms   missed ${r.missed}`,
    `  server RSS: ${formatMb(r.rssMbIdle)} before the streams, ${formatMb(r.rssMbOpen)} with them open` +
      (r.cpuMsPerRound === null ? '' : `   server CPU ${r.cpuMsPerRound.toFixed(0)} ms per comment`),
  ];
}

// `node --import tsx bench/fanout.ts` runs this one alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(reportFanout(await benchFanout()).join('\n'));
}
