// Opening what a running Gazette needs from its Config: storage (migrated), events, media files.
// Shared by the server and every CLI command so they all honour the same settings.
import path from 'node:path';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import { createStorage, type Storage } from './storage/db.ts';
import { migrateToLatest } from './storage/migrate.ts';
import { foldAllCommentCountChanges } from './storage/repos/comment-count-changes.ts';
import { createInProcessBus, type EventBus, type NetworkBus } from './events/bus.ts';
import { createRedisBus } from './events/redis-bus.ts';
import { createPostgresBus } from './events/postgres-bus.ts';
import { createLocalMediaFiles, type MediaFiles } from './domain/media/files.ts';
import type { DomainContext } from './domain/context.ts';
import { domainContextFor } from './domain-context.ts';
import type { RateLimiter } from './limits/limiter.ts';
import { createMemoryLimiter, createUnlimitedLimiter } from './limits/memory.ts';
import { createRedisLimiter } from './limits/redis.ts';
import { createPostgresLimiter } from './limits/postgres.ts';

export interface Runtime {
  config: Config;
  storage: Storage;
  clock: Clock;
  events: EventBus;
  mediaFiles: MediaFiles;
  limiter: RateLimiter;
  ctx: DomainContext;
  close(): Promise<void>;
}

export function openStorage(config: Config): Storage {
  return config.databaseUrl
    ? createStorage({ engine: 'postgres', url: config.databaseUrl, preparedStatements: config.postgresPrepared })
    : createStorage({ engine: 'sqlite', file: path.join(config.dataDir, 'gazette.db') });
}

/** A background failure (Redis down) is worth one line on stderr a minute, not one per request. */
function reportAtMostEveryMinute(what: string): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    console.error(`gazette: ${what}: ${error.message}`);
  };
}

export async function openRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const storage = openStorage(config);
  try {
    if (options.migrate !== false) await migrateToLatest(storage);
    // Comment-count changes a killed process committed but never folded into their threads.
    if (storage.engine === 'postgres') await foldAllCommentCountChanges(storage.db);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const clock = systemClock;
  // With Redis, events reach every instance (live threads, page caches); without it, instances
  // sharing a PostgreSQL database hear each other through LISTEN/NOTIFY; alone, they stay in-process.
  const networkBus: NetworkBus | null = config.redisUrl
    ? createRedisBus(config.redisUrl, {
        onError: reportAtMostEveryMinute('events: Redis unavailable, other instances do not hear this one'),
      })
    : config.databaseUrl
      ? createPostgresBus(config.databaseUrl, {
          onError: reportAtMostEveryMinute('events: PostgreSQL LISTEN/NOTIFY unavailable, other instances do not hear this one'),
        })
      : null;
  const events: EventBus = networkBus ?? createInProcessBus();
  const mediaFiles = createLocalMediaFiles(path.join(config.dataDir, 'media'));
  // Rate limits are shared as events are: through Redis, else PostgreSQL's rate_limits table, else per process.
  const limiter = !config.rateLimits
    ? createUnlimitedLimiter()
    : config.redisUrl
      ? createRedisLimiter(config.redisUrl, clock, {
          onError: reportAtMostEveryMinute('rate limits: Redis unavailable, attempts are let through uncounted'),
        })
      : config.databaseUrl
        ? createPostgresLimiter(storage.db, clock, {
            onError: reportAtMostEveryMinute('rate limits: PostgreSQL unavailable, attempts are let through uncounted'),
          })
        : createMemoryLimiter(clock);
  return {
    config,
    storage,
    clock,
    events,
    mediaFiles,
    limiter,
    ctx: await domainContextFor(config, { db: storage.db, clock, events, mediaFiles }, { withSecret: options.migrate !== false }),
    close: async () => {
      await limiter.close();
      await networkBus?.close();
      await storage.close();
    },
  };
}
