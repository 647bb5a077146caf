// Runs one import in its own process, so that its peak RSS is the importer's alone: a fresh
// SQLite database, the file streamed from disk, one JSON line with the figures on stdout.
import fs from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../../src/clock.ts';
import { createInProcessBus } from '../../src/events/bus.ts';
import { createLocalMediaFiles } from '../../src/domain/media/files.ts';
import { runImport } from '../../src/domain/import/run.ts';
import { createStorage } from '../../src/storage/db.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';

const [file, dataDir] = process.argv.slice(2) as [string, string];
const storage = createStorage({ engine: 'sqlite', file: path.join(dataDir, 'gazette.db') });
await migrateToLatest(storage);
const ctx = {
  db: storage.db,
  clock: fixedClock('2026-01-15T12:00:00.000Z'),
  events: createInProcessBus(),
  mediaFiles: createLocalMediaFiles(path.join(dataDir, 'media')),
};

const started = performance.now();
const cpuBefore = process.cpuUsage();
const report = await runImport(ctx, { format: 'disqus', input: fs.createReadStream(file) });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const stored = await storage.db
  .selectFrom('comments')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
await storage.close();
// maxRSS is in kilobytes: the high-water mark of the whole process, start-up included.
console.log(
  JSON.stringify({
    comments: report.imported.comment,
    stored: Number(stored.n),
    threads: report.imported.thread,
    seconds,
    cpuSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
