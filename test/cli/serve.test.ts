// `gazette serve` as a real process: structured logs, and a graceful stop that lets a request
// already in flight finish (and its write land) before the database closes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, type Storage } from '../../src/storage/db.ts';
import { systemClock } from '../../src/clock.ts';
import { createInProcessBus } from '../../src/events/bus.ts';
import { createLocalMediaFiles } from '../../src/domain/media/files.ts';
import { createAccount, createApiToken } from '../../src/domain/users/accounts.ts';
import type { DomainContext } from '../../src/domain/context.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { multipart, pngOf } from '../helpers/images.ts';
import { freePort, waitUntilAnswering } from '../helpers/servers.ts';

describe.each(testEngines())('gazette serve on %s', (engine) => {
  let dataDir: string;
  let pgStorage: TestStorage | null = null;
  let storage: Storage;
  let child: ChildProcess;
  let port: number;
  let logs = '';

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-serve-'));
    if (engine === 'postgres') pgStorage = await openTestStorage('postgres');
    port = await freePort();
    child = spawn(process.execPath, ['bin/gazette.mjs', 'serve'], {
      env: {
        ...process.env,
        ...(pgStorage?.env ?? {}),
        PORT: String(port),
        HOST: '127.0.0.1',
        GAZETTE_DATA_DIR: dataDir,
        GAZETTE_DEMO: 'off',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    await waitUntilAnswering(`http://127.0.0.1:${port}/healthz`, child);
    storage = pgStorage ?? createStorage({ engine: 'sqlite', file: path.join(dataDir, 'gazette.db') });
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    if (!pgStorage) await storage?.close();
    await pgStorage?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes a request in flight when told to stop, then exits cleanly', async () => {
    const ctx: DomainContext = {
      db: storage.db,
      clock: systemClock,
      events: createInProcessBus(),
      mediaFiles: createLocalMediaFiles(path.join(dataDir, 'media')),
    };
    const editor = await createAccount(ctx, { email: 'ed@example.com', displayName: 'Ed', role: 'editor' });
    const token = await createApiToken(ctx, editor.id, 'test');
    const upload = multipart([{ name: 'file', value: await pngOf(640, 480), filename: 'late.png', contentType: 'image/png' }]);

    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/admin/media',
          headers: { ...upload.headers, authorization: `Bearer ${token}`, 'content-length': upload.payload.length },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      request.on('error', reject);
      // Half the upload now; the stop signal arrives while the server waits for the rest.
      const half = Math.floor(upload.payload.length / 2);
      request.write(upload.payload.subarray(0, half));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => request.end(upload.payload.subarray(half)), 300);
      }, 300);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const { status, body } = await response;
    expect(status).toBe(201);
    const id = (JSON.parse(body) as { id: string }).id;
    expect(await exited).toBe(0);
    // The acknowledged write is in the database and on disk after the process is gone.
    const row = await storage.db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst();
    expect(row?.id).toBe(id);
    expect(fs.existsSync(path.join(dataDir, 'media', id, 'w640.jpg'))).toBe(true);
    // Logs are structured (one JSON object per line) and record the shutdown.
    const lines = logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; level: number });
    expect(lines.some((line) => line.msg === 'shutting down')).toBe(true);
  }, 60_000);
});
