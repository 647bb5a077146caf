// SQLite's own share of a benchmark's work: with BENCH_SQLITE_STATEMENTS=1 the server runs with
// sqlite-statement-time.mjs loaded, which times every statement it runs; a snapshot is taken
// before and after the measured window, and the difference is SQLite's time per comment, with
// the statements that took most of it. This is the floor under the server's CPU per comment:
// at 3,000 comments/s on one core, a comment has 333 µs for everything.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './processes.ts';

export const TIMING_STATEMENTS = process.env.BENCH_SQLITE_STATEMENTS === '1';

interface Totals {
  sql: string;
  runs: number;
  nanoseconds: number;
}

export interface StatementShare {
  /** The statement's SQL, whitespace folded and cut to a line. */
  sql: string;
  runsPerComment: number;
  microsecondsPerComment: number;
}

export interface SqliteTime {
  microsecondsPerComment: number;
  /** The statements that took most of it, dearest first. */
  dearest: StatementShare[];
}

export class StatementTimer {
  readonly #directory: string;
  #taken = 0;

  constructor(directory: string) {
    this.#directory = directory;
  }

  /** What the server is started with for its statements to be timed. */
  get nodeArgs(): string[] {
    return ['--import', path.join(ROOT, 'bench/lib/sqlite-statement-time.mjs')];
  }

  get env(): NodeJS.ProcessEnv {
    return { BENCH_SQLITE_STATEMENTS_DIR: this.#directory };
  }

  /** Asks the server (by its pid) for its totals so far and waits for them (at most 10 s). */
  async snapshot(pid: number): Promise<Totals[]> {
    this.#taken++;
    const file = path.join(this.#directory, `statements-${this.#taken}.json`);
    process.kill(pid, 'SIGUSR2');
    for (let waited = 0; waited < 10_000; waited += 10) {
      if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Totals[];
      await sleep(10);
    }
    throw new Error(`the server wrote no statement times to ${file} within 10 s`);
  }
}

/** The time statements took between two snapshots, per comment posted in between. */
export function sqliteTimePerComment(before: Totals[], after: Totals[], comments: number, dearest = 8): SqliteTime {
  const earlier = new Map(before.map((entry) => [entry.sql, entry]));
  const shares = after
    .map((entry) => {
      const then = earlier.get(entry.sql);
      return {
        sql: entry.sql.replace(/\s+/g, ' ').trim().slice(0, 90),
        runsPerComment: (entry.runs - (then?.runs ?? 0)) / comments,
        microsecondsPerComment: (entry.nanoseconds - (then?.nanoseconds ?? 0)) / 1000 / comments,
      };
    })
    .filter((share) => share.runsPerComment > 0)
    .sort((a, b) => b.microsecondsPerComment - a.microsecondsPerComment);
  return {
    microsecondsPerComment: shares.reduce((sum, share) => sum + share.microsecondsPerComment, 0),
    dearest: shares.slice(0, dearest),
  };
}

export function reportSqliteTime(time: SqliteTime): string[] {
  return [
    `  SQLite's own time ${time.microsecondsPerComment.toFixed(0)} µs per comment (statements timed in the server; the dearest:)`,
    ...time.dearest.map(
      (share) => `    ${share.microsecondsPerComment.toFixed(1).padStart(6)} µs  ×${share.runsPerComment.toFixed(2)}  ${share.sql}`,
    ),
  ];
}
