// "Is Redis there?" for /readyz: one small connection of its own, opened on first use, that fails
// fast instead of queueing commands while Redis is away (the event bus and rate limiter keep
// retrying in the background; a readiness probe must answer now).
import { Redis } from 'ioredis';

const TIMEOUT_MS = 2000;

export interface RedisPing {
  /** Resolves when Redis answers PING within two seconds; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createRedisPing(url: string): RedisPing {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    // A command fails at the first failed connection attempt instead of waiting through retries.
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Failures are reported by ping() to whoever asked; the event itself must not go unhandled.
  client.on('error', () => undefined);
  return {
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      });
      try {
        await Promise.race([client.ping(), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      client.disconnect();
    },
  };
}
