// Work that runs on a timer and, sooner, when an event says there is something to do (mail to
// send, notifications to group). Rounds never overlap within a process; a wake-up arriving
// mid-round runs one more round after it, so nothing waits for the next tick.
import type { EventBus, GazetteEvent } from './bus.ts';

export interface BackgroundJob {
  /** One round now (or the one running, plus one more); resolves with what the rounds report. */
  runNow(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export interface BackgroundJobOptions {
  /** One round of work; returns how much it did. */
  round: () => Promise<number>;
  events: EventBus;
  wakeOn: GazetteEvent['type'];
  intervalMs: number;
  onError?: (error: unknown) => void;
}

export function createBackgroundJob(options: BackgroundJobOptions): BackgroundJob {
  let running: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;

  function runNow(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await options.round();
      } while (again);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const kick = () => {
    runNow().catch((error: unknown) => options.onError?.(error));
  };

  return {
    runNow,
    start() {
      if (timer) return;
      unsubscribe = options.events.subscribe((event) => {
        if (event.type === options.wakeOn) setImmediate(kick);
      });
      timer = setInterval(kick, options.intervalMs);
      timer.unref();
      kick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
      await running?.catch(() => undefined);
    },
  };
}
