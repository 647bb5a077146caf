// The SQLite checkpointer's thread (see sqlite-checkpointer.ts). Plain JavaScript: it runs in a
// worker thread both under tsx and from the production bundle, which has no TypeScript loader.
//
// It opens its own connection to the database file and copies what the write-ahead log holds
// into the database (a PASSIVE checkpoint: it never waits for, nor blocks, the server's readers
// and writer). It checks often while the log grows and rarely while it is idle.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, busyMs, idleMs, longLogFrames } = workerData;
const database = new SQLite(file, { fileMustExist: true });
// A checkpoint copies pages from the log to the database file: it needs no page cache of its own.
database.pragma('cache_size = 16');
let timer = null;
let stopped = false;
let lastLogFrames = -1;

function checkpoint() {
  timer = null;
  if (stopped) return;
  let grew = false;
  try {
    // One row: busy (0 or 1), the frames in the log, how many of them the database now holds.
    // The log changes while the server writes, and goes back to 0 frames once a writer finds
    // it wholly copied and starts it again from the top.
    const [row] = database.pragma('wal_checkpoint(PASSIVE)');
    grew = row.log !== lastLogFrames;
    lastLogFrames = row.log;
    // Only a writer can start the log again from the top, and only if it finds the whole log
    // already copied — which under a steady stream of commits this thread seldom leaves behind.
    // The server's thread copies the last few frames itself then (sqlite-checkpointer.ts).
    if (row.log >= longLogFrames) parentPort.postMessage({ longLog: row.log });
  } catch (error) {
    parentPort.postMessage({ failed: String(error?.message ?? error) });
  }
  timer = setTimeout(checkpoint, grew ? busyMs : idleMs);
}

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopped = true;
  if (timer) clearTimeout(timer);
  database.close();
  parentPort.close();
});

parentPort.postMessage({ ready: true });
checkpoint();
