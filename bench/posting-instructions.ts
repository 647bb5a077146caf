// Machine instructions the server spends per posted comment, counted by valgrind's callgrind,
// against a bare node:http server answering the same POSTs: on SQLite (posting-instructions) and
// on a PostgreSQL database of its own (posting-instructions-pg; only the server is counted, not
// PostgreSQL). These figures do not drift with this shared machine's speed, so a change to the
// posting path can be judged from one run of each side instead of many alternating ones
// (wall-clock posting figures moved by a third within an hour here). It is a measure of work,
// not of throughput: instructions are not all equally dear (a cache miss, a system call's wait),
// and V8's compiler and GC helpers, which run beside the main thread, are counted with it.
//
// Each server runs under `valgrind --tool=callgrind --instr-atstart=no`: nothing is counted while
// it starts. BENCH_INSTR_WARMUP comments (default 6,000) are then posted uncounted: V8 goes on
// optimising the posting path for a few thousand comments (after 2,000 its compiler was still a
// quarter of the count; after 6,000, under a tenth), and a server that has run for an hour is
// what is measured. `callgrind_control --instr=on` starts the count, BENCH_INSTR_COMMENTS
// (default 1,000) are posted, and the dump is read. Four clients keep one POST each in flight:
// under valgrind the server is some fifty times slower, so they always wait for it, and group
// commits hold about four comments each. The site holds BENCH_POST_SEED_COMMENTS comments first,
// as in the posting benchmark. About five minutes each; not in the default set (BENCH_ONLY names
// them). BENCH_INSTR_KEEP=DIR keeps callgrind's dumps there for callgrind_annotate (the C++ of
// Node and SQLite is named in them; V8's compiled JavaScript is not).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startBare } from './lib/compare.ts';
import type { Running } from './lib/processes.ts';
import { publishPost, startGazette } from './lib/gazette.ts';
import { KeepAliveClient } from './lib/keep-alive-client.ts';
import { SEED_COMMENTS, benchComment, seedPostingSite, type PostingEngine } from './comment-posting.ts';
import { benchDatabaseTransport, withBenchDatabase } from './lib/postgres.ts';

const run = promisify(execFile);
const CLIENTS = 4;
const WARMUP = Number(process.env.BENCH_INSTR_WARMUP || 6000);
const COMMENTS = Number(process.env.BENCH_INSTR_COMMENTS || 1000);

export interface PostingInstructionsResult {
  engine: PostingEngine;
  seeded: number;
  comments: number;
  /** The main thread's instructions per comment: what bounds how many one instance can take. */
  mainPerComment: number;
  /** Every thread's (V8's compiler and GC helpers, the checkpointer, the main thread) per comment. */
  allPerComment: number;
  /** The bare node:http server's main thread per request, answering the same POSTs with the bytes of Gazette's answer. */
  bareMainPerRequest: number;
}

/** Sends `count` POSTs with CLIENTS in flight; returns how many were refused (4xx or 5xx), and the last answer's body. */
async function post(url: string, count: number, counter: { next: number }): Promise<{ refused: number; lastBody: string }> {
  const target = new URL(url);
  let refused = 0;
  let left = count;
  let lastBody = '';
  const client = async () => {
    const connection = new KeepAliveClient(target);
    while (left > 0) {
      left--;
      const n = counter.next++;
      const answer = await connection.request('POST', target.pathname, 'application/json', benchComment(n));
      if (answer.status >= 400) refused++;
      lastBody = answer.body;
    }
    connection.close();
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { refused, lastBody };
}

/**
 * The dumps callgrind wrote for `prefix`: PREFIX.PID.PART-THREAD, one per thread (the control
 * pipes beside them are not read).
 */
function dumpFiles(prefix: string): string[] {
  const directory = path.dirname(prefix);
  const start = `${path.basename(prefix)}.`;
  return fs
    .readdirSync(directory)
    .filter((name) => name.startsWith(start) && /\.\d+\.\d+-\d+$/.test(name))
    .map((name) => path.join(directory, name));
}

/** Instructions counted in every thread, and in the main thread (callgrind's thread 1) alone. */
function countedInstructions(prefix: string): { all: number; main: number } {
  const counted = { all: 0, main: 0 };
  for (const file of dumpFiles(prefix)) {
    const text = fs.readFileSync(file, 'utf8');
    const summary = Number(/^summary: (\d+)/m.exec(text)?.[1] ?? 0);
    counted.all += summary;
    if (/^thread: 1$/m.test(text)) counted.main += summary;
  }
  return counted;
}

/** valgrind's arguments for a server whose counts go to files starting with `prefix`. */
const underCallgrind = (prefix: string) => [
  'valgrind',
  '--tool=callgrind',
  '--instr-atstart=no',
  `--callgrind-out-file=${prefix}.%p`,
  `--vgdb-prefix=${prefix}-vgdb`,
  // The main thread apart: it alone bounds throughput, and V8's optimising compiler, which runs
  // beside it, went on recompiling for thousands of comments (8 and 17% of all the count in two runs).
  '--separate-threads=yes',
];

/**
 * Posts WARMUP requests uncounted, then COMMENTS counted; returns the instructions per request.
 * Valgrind names its control pipes after the server's $HOST (startGazette sets it to 127.0.0.1,
 * the address it listens on; the bare server inherits ours): callgrind_control must be given
 * the same to find them.
 */
async function countWhilePosting(server: Running, serverHost: string | undefined, prefix: string, url: string, counter: { next: number }) {
  const { HOST: _ours, ...environment } = process.env;
  const control = (action: string) =>
    run('callgrind_control', [`--vgdb-prefix=${prefix}-vgdb`, action, String(server.child.pid)], {
      env: serverHost === undefined ? environment : { ...environment, HOST: serverHost },
    });
  const warm = await post(url, WARMUP, counter);
  await control('--instr=on');
  const { refused } = await post(url, COMMENTS, counter);
  if (refused > 0) throw new Error(`${refused} of the ${COMMENTS} counted requests were refused: the count would not be of posting`);
  await control('--dump');
  // The dump is written by the server's process: wait for the file before reading it.
  for (let tries = 0; tries < 100 && countedInstructions(prefix).main === 0; tries++) await new Promise((r) => setTimeout(r, 100));
  const instructions = countedInstructions(prefix);
  if (instructions.main === 0) throw new Error(`callgrind wrote no counts under ${prefix}`);
  const keepIn = process.env.BENCH_INSTR_KEEP;
  if (keepIn) for (const file of dumpFiles(prefix)) fs.copyFileSync(file, path.join(keepIn, path.basename(file)));
  return { perRequest: instructions.all / COMMENTS, mainPerRequest: instructions.main / COMMENTS, lastBody: warm.lastBody };
}

export async function benchPostingInstructions(engine: PostingEngine = 'sqlite'): Promise<PostingInstructionsResult> {
  // Under valgrind every turn of the event loop is slow: the overload check would answer 503s,
  // which cost far less than a comment and would make the count meaningless.
  const env = { GAZETTE_RATE_LIMITS: 'off', GAZETTE_MAX_EVENT_LOOP_DELAY_MS: '0' };
  if (engine === 'postgres') return withBenchDatabase((databaseUrl) => countingRun(engine, { ...env, DATABASE_URL: databaseUrl }));
  return countingRun(engine, env);
}

async function countingRun(engine: PostingEngine, env: NodeJS.ProcessEnv): Promise<PostingInstructionsResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
  try {
    const token = await seedPostingSite(dataDir, env);
    const counter = { next: 0 };
    const gazettePrefix = path.join(dataDir, 'callgrind-gazette');
    const gazette = await startGazette({ dataDir, demo: false, env, wrapper: underCallgrind(gazettePrefix) });
    let counted: Awaited<ReturnType<typeof countWhilePosting>>;
    try {
      const { threadId } = await publishPost(gazette.url, token, 'Bench');
      counted = await countWhilePosting(gazette, '127.0.0.1', gazettePrefix, `${gazette.url}/api/v1/threads/${threadId}/comments`, counter);
    } finally {
      await gazette.stop();
    }

    // The yardstick answers the same POSTs with the bytes of a Gazette answer.
    const answerFile = path.join(dataDir, 'answer.json');
    fs.writeFileSync(answerFile, counted.lastBody);
    const barePrefix = path.join(dataDir, 'callgrind-bare');
    const bare = await startBare(answerFile, 'application/json; charset=utf-8', 'identity', underCallgrind(barePrefix));
    let bareCounted: Awaited<ReturnType<typeof countWhilePosting>>;
    try {
      bareCounted = await countWhilePosting(bare, process.env.HOST, barePrefix, `${bare.url}/api/v1/threads/bare/comments`, { next: 0 });
    } finally {
      await bare.stop();
    }
    return {
      engine,
      seeded: SEED_COMMENTS,
      comments: COMMENTS,
      mainPerComment: counted.mainPerRequest,
      allPerComment: counted.perRequest,
      bareMainPerRequest: bareCounted.mainPerRequest,
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function reportPostingInstructions(r: PostingInstructionsResult): string[] {
  return [
    `posting, instructions counted (${r.engine === 'sqlite' ? 'SQLite' : `PostgreSQL over ${benchDatabaseTransport()}, PostgreSQL's own not counted`}, ${r.seeded.toLocaleString('en')} comments imported first, ${r.comments} comments counted after ${WARMUP} uncounted, ${CLIENTS} clients, under callgrind)`,
    `  main thread ${(r.mainPerComment / 1e6).toFixed(2)} million instructions per comment; a bare node:http server's ${(r.bareMainPerRequest / 1e6).toFixed(2)} million per POST (${(r.mainPerComment / r.bareMainPerRequest).toFixed(1)}×)`,
    `  all the server's threads (V8's compiler and GC helpers; on SQLite, its checkpointer): ${(r.allPerComment / 1e6).toFixed(2)} million per comment`,
  ];
}
