// Loaded into the server (node --import) when BENCH_SQLITE_STATEMENTS=1: times every statement
// better-sqlite3 runs, by its SQL, so that the posting benchmark can say how much of a comment's
// cost is SQLite's own work, a floor no change to our JavaScript can lower. Statements are timed
// where better-sqlite3 runs them (run, get, all: what Kysely's SQLite driver calls), so the time
// includes binding the values and turning rows into JavaScript objects, as a caller pays it.
//
// On SIGUSR2 it writes what it has counted so far to
// $BENCH_SQLITE_STATEMENTS_DIR/statements-N.json (N = 1, 2, … in order), written to a temporary
// name first and then renamed, so that a reader never sees half a file; the benchmark takes one
// before its measured window and one after, and reports the difference.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const directory = process.env.BENCH_SQLITE_STATEMENTS_DIR;
if (!directory) throw new Error('BENCH_SQLITE_STATEMENTS_DIR names where statement times are written');

// The server's own better-sqlite3 (the one its bundle imports), found from the working directory.
const Database = createRequire(path.join(process.cwd(), 'package.json'))('better-sqlite3');
const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('select 1'));
probe.close();

/** SQL text → [runs, nanoseconds]. */
const totals = new Map();

for (const method of ['run', 'get', 'all']) {
  const original = Statement[method];
  Statement[method] = function timed(...args) {
    const started = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      const spent = Number(process.hrtime.bigint() - started);
      const entry = totals.get(this.source);
      if (entry) {
        entry[0]++;
        entry[1] += spent;
      } else {
        totals.set(this.source, [1, spent]);
      }
    }
  };
}

let written = 0;
process.on('SIGUSR2', () => {
  written++;
  const file = path.join(directory, `statements-${written}.json`);
  const statements = [...totals].map(([sql, [runs, nanoseconds]]) => ({ sql, runs, nanoseconds }));
  fs.writeFileSync(`${file}.partial`, JSON.stringify(statements));
  fs.renameSync(`${file}.partial`, file);
});
