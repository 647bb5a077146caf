// A fresh app per suite on a fresh database, driven with inject() (no port, no network).
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { buildApp, type GazetteApp } from '../../src/app.ts';
import { fixedClock, type Clock } from '../../src/clock.ts';
import { loadConfig, type Config, type Engine } from '../../src/config.ts';
import { createInProcessBus } from '../../src/events/bus.ts';
import { createLocalMediaFiles } from '../../src/domain/media/files.ts';
import { openTestStorage, type TestStorage } from './engines.ts';
import type { RateLimiter } from '../../src/limits/limiter.ts';
import { createMemoryLimiter } from '../../src/limits/memory.ts';
import { recordFirstSiteUrl } from '../../src/domain/mail-site.ts';

export interface TestApp extends GazetteApp {
  storage: TestStorage;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  dataDir: string;
  limiter: RateLimiter;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Default: an in-memory limiter on the test's clock. A function gets that clock (and the app closes what it makes); a limiter passed as is stays the caller's to close. */
  limiter?: RateLimiter | ((clock: Clock) => RateLimiter);
  /**
   * The URL recorded as the site's first, as a listening server records it (domain/mail-site.ts);
   * account mail links use it when publicUrl is not set. Default http://localhost (inject's host);
   * null leaves the site's address unknown, so account mail is refused.
   */
  siteUrl?: string | null;
}

export const TEST_NOW = '2026-01-15T12:00:00.000Z';

export async function buildTestApp(engine: Engine, overrides: Partial<Config> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const storage = await openTestStorage(engine);
  const dataDir = path.join(os.tmpdir(), `gazette-test-${randomBytes(6).toString('hex')}`);
  // Back-pressure off: a test's own slow start (bundles, big imports) would otherwise read as overload (test/http/overload.test.ts turns it on).
  const quiet = {
    GAZETTE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    GAZETTE_MAX_EVENT_LOOP_DELAY_MS: '0',
    GAZETTE_MAX_HEAP_MB: '0',
    // Pages fresh on the very next request after a comment, as tests with a stopped clock expect
    // (test/http/page-scopes.test.ts measures the defaults: stale for a moment, lists behind).
    GAZETTE_PAGE_STALE_MS: '0',
    GAZETTE_LIST_LAG_SECONDS: '0',
  };
  const config: Config = { ...loadConfig(quiet), ...overrides };
  const clock = fixedClock(TEST_NOW);
  const events = createInProcessBus();
  const mediaFiles = createLocalMediaFiles(path.join(dataDir, 'media'));
  const ownsLimiter = typeof options.limiter !== 'object';
  const limiter = typeof options.limiter === 'object' ? options.limiter : (options.limiter ?? createMemoryLimiter)(clock);
  const built = await buildApp({ config, storage, clock, events, mediaFiles, limiter, logger: { level: 'error' } });
  await built.app.ready();
  if (options.siteUrl !== null) await recordFirstSiteUrl(built.ctx, options.siteUrl ?? 'http://localhost');
  return {
    ...built,
    storage,
    clock,
    config,
    dataDir,
    limiter,
    async close() {
      await built.app.close();
      if (ownsLimiter) await limiter.close();
      await storage.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
