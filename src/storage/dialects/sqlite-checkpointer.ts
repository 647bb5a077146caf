// Checkpoints a SQLite database from a second thread. In WAL mode a commit appends pages to the
// log, and every 1,000 pages SQLite copies the log back into the database file — inside the
// commit that crossed the line, on the thread that committed it. For Gazette that thread is the
// one serving every request, and under a stream of new comments the copying was half of all the
// time spent committing. Here the server's connection never checkpoints (wal_autocheckpoint=0)
// and a worker thread with a connection of its own does, so the copying uses another core.
//
// A PASSIVE checkpoint copies what it can without waiting for or blocking anyone, so the server
// is never held up by it; durability is unchanged (a commit is durable once it is in the log).
// Should the worker fail to start, the server's connection checkpoints itself again as before.
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** How soon to look again after the log grew (ms). */
  busyMs?: number;
  /** How soon to look again after the log did not change (ms). */
  idleMs?: number;
  /**
   * A log this long (in pages) is started again from the top: see onLongLog. 4,000 pages is
   * 16 MB with SQLite's default page size.
   */
  longLogFrames?: number;
  /**
   * Told that the log is long. Only a writer restarts the log, and only when it finds the whole
   * log copied; under steady writes the worker seldom leaves it so. The caller checkpoints on its
   * own connection between transactions — copying just the frames written since the worker last
   * did — and its next write starts the log from the top.
   */
  onLongLog(): void;
  /** Told when the worker cannot run; the caller goes back to checkpointing on its own connection. */
  onUnavailable(reason: string): void;
}

export interface Checkpointer {
  /**
   * Asks the worker to close its connection and end; does not wait for it. From now on the caller
   * hears nothing more: a message the worker sent just before is dropped, so the caller may close
   * its own connection at once.
   */
  stop(): void;
  /** Resolves once the worker has opened its connection (or failed to). */
  readonly started: Promise<void>;
}

const WORKER_URL = new URL('./sqlite-checkpoint.worker.mjs', import.meta.url);

export function startCheckpointer(file: string, options: CheckpointerOptions): Checkpointer {
  const worker = new Worker(WORKER_URL, {
    workerData: { file, busyMs: options.busyMs ?? 50, idleMs: options.idleMs ?? 1000, longLogFrames: options.longLogFrames ?? 4000 },
    // The worker runs plain JavaScript: it needs none of the loaders the main thread may have.
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8, codeRangeSizeMb: 2, stackSizeMb: 1 },
  });
  // Never what keeps a process alive: a CLI command that forgets to close still exits.
  worker.unref();
  let stopped = false;
  const started = new Promise<void>((resolve) => {
    worker.on('message', (message: { ready?: true; failed?: string; longLog?: number }) => {
      if (message.ready) resolve();
      if (message.longLog && !stopped) options.onLongLog();
      // A checkpoint that failed once is retried; SQLite reports e.g. a full disk to the writer too.
      if (message.failed) console.error(`gazette: background checkpoint failed: ${message.failed}`);
    });
    // A worker fails at most once: its 'error' ends it.
    worker.on('error', (error) => {
      options.onUnavailable(error.message);
      resolve();
    });
    worker.on('exit', () => resolve());
  });
  return {
    started,
    stop() {
      stopped = true;
      worker.postMessage('stop');
    },
  };
}
