import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Command, Option } from 'commander';
import { invalid } from '../errors.ts';
import { exportBackup } from '../domain/backup/export.ts';
import { exportDisqus } from '../domain/backup/disqus-export.ts';
import { withRuntime } from './with-runtime.ts';

interface ExportOptions {
  format: 'backup' | 'disqus';
  gzip?: boolean;
  files: boolean;
  baseUrl?: string;
  forum: string;
}

/**
 * Runs produce against a stream into FILE ("-": standard output). A file is written under a
 * temporary name and renamed at the end, so a failed export never leaves a file that looks whole.
 */
async function writeOutput<T>(file: string, gzip: boolean, produce: (out: Writable) => Promise<T>): Promise<T> {
  const out = gzip ? createGzip() : new PassThrough();
  const temporary =
    file === '-' ? null : path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.partial`);
  const finished = pipeline(out, temporary ? fs.createWriteStream(temporary) : process.stdout);
  try {
    const result = await produce(out);
    out.end();
    await finished;
    if (temporary) fs.renameSync(temporary, file);
    return result;
  } catch (error) {
    out.destroy();
    await finished.catch(() => {});
    if (temporary) fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Refused before the export runs: a bad path would otherwise fail only at the final rename. */
function checkOutputPath(file: string): void {
  const folder = path.dirname(path.resolve(file));
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw invalid('<file>', `the folder of ${file} does not exist`);
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory())
    throw invalid('<file>', `${file} is a folder; name a file in it, such as ${path.join(file, 'backup.ndjson.gz')}`);
}

function checkBaseUrl(raw: string | null | undefined): string {
  if (!raw) throw invalid('--base-url', 'is needed for the article links of a Disqus export (or set GAZETTE_PUBLIC_URL)');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw invalid('--base-url', `"${raw}" is not an absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('--base-url', 'must be an http or https URL');
  return raw.replace(/\/+$/, '');
}

export function exportCommand(): Command {
  return new Command('export')
    .description(
      'write a complete backup (NDJSON: settings, users, posts, media and their files, threads, comments …), or the comments as a Disqus XML file',
    )
    .argument('<file>', 'where to write it; "-" for standard output')
    .addOption(
      new Option('--format <format>', 'backup: everything, for `gazette restore`; disqus: the comments as a Disqus XML export')
        .choices(['backup', 'disqus'])
        .default('backup'),
    )
    .option('--gzip', 'compress with gzip (the default when FILE ends in .gz)')
    .option('--no-files', 'list media files (name, size, SHA-256) instead of including their bytes')
    .option('--base-url <url>', 'absolute site URL for the thread links of a Disqus export (default: GAZETTE_PUBLIC_URL)')
    .option('--forum <name>', 'Disqus forum short name written on each thread', 'gazette')
    .action(async (file: string, options: ExportOptions) => {
      if (file !== '-') checkOutputPath(file);
      const gzip = options.gzip ?? file.endsWith('.gz');
      // With the output on standard output, the summary goes to standard error.
      const report = (line: string) => (file === '-' ? console.error(line) : console.log(line));
      await withRuntime(async ({ ctx, config }) => {
        if (options.format === 'disqus') {
          const baseUrl = checkBaseUrl(options.baseUrl ?? config.publicUrl);
          const summary = await writeOutput(file, gzip, (out) => exportDisqus(ctx, out, { baseUrl, forum: options.forum }));
          report(`exported ${summary.comments} comments in ${summary.threads} threads as Disqus XML to ${file}`);
          return;
        }
        const summary = await writeOutput(file, gzip, (out) => exportBackup(ctx, out, { includeFiles: options.files }));
        const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
        report(
          `exported ${rows} rows from ${summary.tables.length} tables and ${summary.files} media files${options.files ? '' : ' (listed, not included)'} to ${file}`,
        );
        if (summary.mediaWithoutFiles.length)
          report(
            `warning: no files in the media store for ${summary.mediaWithoutFiles.length} media items: ${summary.mediaWithoutFiles.slice(0, 10).join(', ')}`,
          );
      });
    });
}
