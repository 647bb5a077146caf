import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../schema.ts';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.ts';

export function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  // WAL lets readers proceed while a write commits; synchronous=NORMAL is durable across a
  // process crash in WAL mode (only an OS crash can lose the last commits).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // A savepoint (each unit of a group commit, each statement that fires a trigger) journals the
  // pages it changes; past 64 KiB that journal spills to a temporary file, which a comment's row,
  // its 17 indexes and its full-text entry always pass. Kept in memory, a posted comment made 14
  // writes to disk instead of 56 (strace, the posting benchmark). Temporary tables and sorts
  // stay in memory too: a request's are small; a migration that indexes a large table sorts
  // about the index's size in memory (tens of MB for a million comments); there is no VACUUM.
  database.pragma('temp_store = MEMORY');
  // Once a fully copied log starts again from the top, a file grown under a burst is cut back.
  database.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const checkpoints = file === ':memory:' ? null : checkpointsFromFirstWrite(database, file);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database, checkpoints) }) });
}

interface BackgroundCheckpoints {
  /** A statement that writes is about to run: the checkpoint thread starts, if it has not. */
  writing(): void;
  stop(): void;
}

/**
 * The checkpoint thread starts with the first statement that writes. A thread has its own V8
 * heap (a few MB, up to about 10 in the article benchmark's A/B), which an instance that only
 * reads would carry for nothing; until then SQLite checkpoints as it commits, as by default.
 */
function checkpointsFromFirstWrite(database: SQLite.Database, file: string): BackgroundCheckpoints {
  let checkpointer: Checkpointer | null = null;
  let restartQueued = false;
  const start = () => {
    database.pragma('wal_autocheckpoint = 0');
    return startCheckpointer(file, {
      onLongLog() {
        if (restartQueued) return;
        restartQueued = true;
        // Between requests' turns: a transaction still open now is one waiting on I/O, and the
        // worker says again in a moment if the log is still long.
        setImmediate(() => {
          restartQueued = false;
          if (database.open && !database.inTransaction) database.pragma('wal_checkpoint(PASSIVE)');
        });
      },
      onUnavailable(reason) {
        console.error(`gazette: background checkpoints unavailable (${reason}); the server checkpoints as it commits`);
        if (database.open) database.pragma('wal_autocheckpoint = 1000');
      },
    });
  };
  return {
    writing() {
      checkpointer ??= start();
    },
    stop() {
      checkpointer?.stop();
    },
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * SQLite's planner peeks at a bound LIMIT's value, and a statement whose plan looked at a bound
 * value is prepared again every time that parameter is bound — so every `limit ?` query Kysely
 * sends would be compiled afresh on every run, which costs more than running it (a `select *`
 * by id with `limit ?` took 46 µs against 18 µs without). `(? + 0)` is the same number to the
 * LIMIT clause but not a bare parameter to the planner, so the prepared statement is kept.
 */
export function withPlannerBlindLimit(sqlText: string): string {
  return sqlText.includes(' limit ?') ? sqlText.replaceAll(' limit ?', ' limit (? + 0)') : sqlText;
}

/**
 * Kysely prepares every query afresh; preparing costs more than running most of ours. Statements
 * are kept by SQL text (values are bound per run, so the text repeats). Reuse is safe because
 * Kysely's SQLite driver runs one query at a time on its single connection.
 */
function withStatementCache(database: SQLite.Database, checkpoints: BackgroundCheckpoints | null) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close() {
      checkpoints?.stop();
      database.close();
    },
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (statement) return statement;
      statement = database.prepare(withPlannerBlindLimit(sqlText));
      // Prepared once per text, and run right after: the first write prepared is the first write.
      if (!statement.reader) checkpoints?.writing();
      // The first prepared is the first dropped: simpler than least-recently-used and as good
      // here, where the texts in use are a few hundred shapes and the cache holds them all.
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      statements.set(sqlText, statement);
      return statement;
    },
  };
}
