// Every sharp pipeline that decodes pixels (uploads, avatars, demo slides) runs through this one
// queue. sharp works in libuv's thread pool (4 threads by default), which is also where file reads
// and crypto run: without a bound, six concurrent uploads of big images held every thread for
// seconds and media files stopped being served. So at most CONCURRENCY images are processed at
// once (each job runs its pipelines one after another, so it holds one pool thread; libvips still
// uses its own threads inside that), and at most MAX_WAITING requests wait behind them. Anyone
// beyond that is answered at once with IMAGE_QUEUE_FULL (503 + Retry-After) instead of piling up
// memory. System callers (demo loader, CLI) wait without a bound: nobody is there to retry.
import { AppError } from '../../errors.ts';

export interface ImageQueueOptions {
  /** Images processed at the same time. */
  concurrency: number;
  /** Requests allowed to wait for a turn before new ones are refused. */
  maxWaiting: number;
}

export interface ImageJobOptions {
  /** `bounded` (requests): refuse when the waiting list is full; `unbounded` (demo, CLI): always wait. */
  waiting?: 'bounded' | 'unbounded';
}

export interface ImageQueue {
  run<T>(job: () => Promise<T>, options?: ImageJobOptions): Promise<T>;
  /** Jobs running now, jobs waiting, and jobs ever started: what tests and metrics look at. */
  stats(): { active: number; waiting: number; started: number };
}

export const IMAGE_QUEUE_DEFAULTS: ImageQueueOptions = { concurrency: 2, maxWaiting: 8 };
/** What a refused request is told to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

export function createImageQueue(options: ImageQueueOptions = IMAGE_QUEUE_DEFAULTS): ImageQueue {
  let active = 0;
  let started = 0;
  let boundedWaiting = 0;
  const waiting: { resume: () => void; bounded: boolean }[] = [];

  // A finishing job hands its slot straight to the next waiter (`active` unchanged), so a newcomer
  // can never slip in between and push the count over the bound.
  const release = () => {
    const next = waiting.shift();
    if (!next) {
      active--;
      return;
    }
    if (next.bounded) boundedWaiting--;
    next.resume();
  };

  async function turn(bounded: boolean): Promise<void> {
    if (active < options.concurrency && waiting.length === 0) {
      active++;
      return;
    }
    if (bounded && boundedWaiting >= options.maxWaiting) {
      throw new AppError(
        'IMAGE_QUEUE_FULL',
        `the server is busy processing other images; try again in ${RETRY_AFTER_SECONDS} seconds`,
        'file',
        {
          retryAfterSeconds: RETRY_AFTER_SECONDS,
        },
      );
    }
    if (bounded) boundedWaiting++;
    await new Promise<void>((resume) => waiting.push({ resume, bounded }));
  }

  return {
    async run(job, jobOptions = {}) {
      await turn(jobOptions.waiting !== 'unbounded');
      started++;
      try {
        return await job();
      } finally {
        release();
      }
    },
    stats: () => ({ active, waiting: waiting.length, started }),
  };
}

/** The process's one queue: the thread pool it protects is per process too. */
export const imageQueue = createImageQueue();
