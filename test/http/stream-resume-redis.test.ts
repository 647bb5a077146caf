// Resume across instances through Redis (issue 16): a reader who reconnects to an instance that
// started after the events it missed still gets exactly those, in order, from the backlog the
// instances share in Redis, then live events published on the other instance.
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type GazetteApp } from '../../src/app.ts';
import { fixedClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { createRedisBus, type RedisBus } from '../../src/events/redis-bus.ts';
import { createLocalMediaFiles } from '../../src/domain/media/files.ts';
import { createUnlimitedLimiter } from '../../src/limits/memory.ts';
import { saveModerationSettings } from '../../src/domain/moderation/settings.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { makePost, makeStaffWithToken } from '../helpers/factories.ts';
import { openSse } from '../helpers/sse.ts';
import { TEST_NOW } from '../helpers/app.ts';

const REDIS_URL = process.env.GAZETTE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const available = inject('redisAvailable');
if (!available) console.warn(`[gazette tests] skipping the Redis stream resume suite: no Redis at ${REDIS_URL}`);

describe.skipIf(!available).each(testEngines())('resuming on another instance through Redis on %s', (engine) => {
  const channel = `gazette:events:test-${randomBytes(6).toString('hex')}`;
  const dataDir = path.join(os.tmpdir(), `gazette-test-${randomBytes(6).toString('hex')}`);
  const config = loadConfig({
    GAZETTE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    GAZETTE_MAX_EVENT_LOOP_DELAY_MS: '0',
    GAZETTE_MAX_HEAP_MB: '0',
  });
  let storage: TestStorage;
  const buses: RedisBus[] = [];
  const apps: GazetteApp[] = [];

  /** One instance: its own app and bus, the shared database and Redis channel. */
  async function instance(): Promise<{ app: GazetteApp; base: string; bus: RedisBus }> {
    const bus = createRedisBus(REDIS_URL, { channel });
    buses.push(bus);
    const app = await buildApp({
      config,
      storage,
      clock: fixedClock(TEST_NOW),
      events: bus,
      mediaFiles: createLocalMediaFiles(path.join(dataDir, 'media')),
      limiter: createUnlimitedLimiter(),
      logger: { level: 'error' },
    });
    apps.push(app);
    await bus.listening();
    return { app, base: await app.app.listen({ port: 0, host: '127.0.0.1' }), bus };
  }

  beforeAll(async () => {
    storage = await openTestStorage(engine);
  });
  afterAll(async () => {
    for (const app of apps) await app.app.close();
    await Promise.all(buses.map((bus) => bus.close()));
    await storage?.dispose();
  });

  it('replays the missed events from the shared backlog on an instance started since, then live ones', async () => {
    const first = await instance();
    await saveModerationSettings(first.app.ctx, { nearDuplicates: 0 });
    const { user } = await makeStaffWithToken(first.app.ctx, 'editor');
    const post = await makePost(first.app.ctx, user);
    const threadId = (await first.app.app.inject(`/api/v1/posts/${post.slug}`)).json().threadId as string;
    let n = 0;
    const comment = async () => {
      n++;
      const response = await first.app.app.inject({
        method: 'POST',
        url: `/api/v1/threads/${threadId}/comments`,
        payload: { body: `comment ${n} on the camera`, guest: { name: `Reader ${n}`, email: `r${n}@example.com` } },
      });
      expect(response.statusCode).toBe(201);
      return response.json().id as string;
    };
    const url = (base: string) => `${base}/api/v1/threads/${threadId}/events`;

    const stream = await openSse(url(first.base));
    const seen = await comment();
    await stream.until((e) => e.some((x) => x.data.includes(seen)), 'the first comment');
    const lastEventId = stream.events.at(-1)!.id!;
    stream.close();
    const missed = [await comment(), await comment()];

    const second = await instance();
    // The publisher's MULTI reaches Redis just after the answer: wait until both are in the list.
    for (let i = 0; i < 400 && (await second.bus.history(threadId, lastEventId))?.length !== 2; i++)
      await new Promise((r) => setTimeout(r, 5));

    const resumed = await openSse(url(second.base), { 'last-event-id': lastEventId });
    await resumed.until((e) => e.length === 2, 'the missed comments');
    const live = await comment();
    await resumed.until((e) => e.length === 3, 'the live comment from the other instance');
    expect(resumed.events.map((e) => `${e.event} ${(JSON.parse(e.data) as { id: string }).id}`)).toEqual(
      [...missed, live].map((id) => `comment.created ${id}`),
    );
    resumed.close();
  });
});
