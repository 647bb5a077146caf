// Probes the services the suites need once, before any test runs. A missing service skips
// its suites with a printed reason, unless GAZETTE_TEST_REQUIRE_ALL=1 makes that a failure.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
    redisAvailable: boolean;
    chromiumPath: string | null;
    dockerAvailable: boolean;
  }
}

const requireAll = process.env.GAZETTE_TEST_REQUIRE_ALL === '1';

function missing(what: string, why: string): void {
  const message = `${what} unavailable: ${why}`;
  if (requireAll) throw new Error(`${message} (GAZETTE_TEST_REQUIRE_ALL=1 forbids skipping)`);
  console.warn(`\n[gazette tests] SKIPPING ${what} suites — ${why}. Set GAZETTE_TEST_REQUIRE_ALL=1 to make this fail.\n`);
}

async function probePostgres(): Promise<boolean> {
  const url = process.env.GAZETTE_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    missing('PostgreSQL', `no server answered at ${url} (${(error as Error).message})`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const REDIS_TEST_URL = process.env.GAZETTE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

async function probeRedis(): Promise<boolean> {
  const redis = new Redis(REDIS_TEST_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (error) {
    missing('Redis', `no server answered at ${REDIS_TEST_URL} (${(error as Error).message})`);
    return false;
  } finally {
    redis.disconnect();
  }
}

function probeChromium(): string | null {
  const candidates = [process.env.GAZETTE_TEST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const candidate of candidates) {
    if (!candidate || !existsSync(candidate)) continue;
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore', timeout: 20000 });
      return candidate;
    } catch {
      continue;
    }
  }
  missing('Browser (Chromium)', 'no runnable chromium found (apt-get install -y chromium)');
  return null;
}

function probeDocker(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 20000 });
    return true;
  } catch {
    missing('Docker', 'no Docker daemon answered `docker info` (apt-get install -y docker.io, then start dockerd)');
    return false;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('postgresAvailable', await probePostgres());
  project.provide('redisAvailable', await probeRedis());
  project.provide('chromiumPath', probeChromium());
  project.provide('dockerAvailable', probeDocker());
}
