// Importing a generated Disqus export of 100,000 comments in 100 threads into an empty SQLite
// database, in a child process of its own (so peak RSS is the importer's, not this process's).
// Targets: ≥ 10,000 comments/s and peak RSS ≤ 300 MB. BENCH_IMPORT_COMMENTS changes the size.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeDisqusExport } from './lib/disqus-generator.ts';
import { ROOT } from './lib/processes.ts';

const SHAPE = { threads: 100, comments: Number(process.env.BENCH_IMPORT_COMMENTS || 100_000), seed: 20260115 };
const TARGETS = { commentsPerSecond: 10_000, peakRssMb: 300 };

export interface ImportResult {
  comments: number;
  stored: number;
  threads: number;
  fileMb: number;
  seconds: number;
  /** CPU time of the import itself: on a shared machine, wall time also counts other processes. */
  cpuSeconds: number;
  commentsPerSecond: number;
  peakRssMb: number;
}

export async function benchImport(): Promise<ImportResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-import-'));
  try {
    const file = path.join(dir, 'disqus.xml');
    const bytes = await writeDisqusExport(file, SHAPE);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'bench/lib/import-child.ts'), file, dir],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent' },
        maxBuffer: 1024 * 1024,
      },
    );
    const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<ImportResult, 'fileMb' | 'commentsPerSecond'>;
    return { ...figures, fileMb: bytes / 1048576, commentsPerSecond: figures.comments / figures.seconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function reportImport(result: ImportResult): string[] {
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  return [
    `disqus import (${result.comments.toLocaleString('en')} comments, ${result.threads} threads, ${result.fileMb.toFixed(1)} MB, SQLite):`,
    `  ${Math.round(result.commentsPerSecond).toLocaleString('en')} comments/s (${result.seconds.toFixed(2)} s, ${result.cpuSeconds.toFixed(2)} s of CPU; target ≥ ${TARGETS.commentsPerSecond.toLocaleString('en')}: ${ok(result.commentsPerSecond >= TARGETS.commentsPerSecond)})`,
    `  peak RSS ${result.peakRssMb.toFixed(0)} MB (target ≤ ${TARGETS.peakRssMb}: ${ok(result.peakRssMb <= TARGETS.peakRssMb)})`,
  ];
}

// Run on its own: `node --import tsx bench/import.ts`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.join(ROOT, 'bench/import.ts')) {
  console.log(reportImport(await benchImport()).join('\n'));
}
