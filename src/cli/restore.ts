import fs from 'node:fs';
import { Command } from 'commander';
import { invalid } from '../errors.ts';
import { maxLineBytesFor, restoreBackup } from '../domain/backup/restore.ts';
import { withRuntime } from './with-runtime.ts';

export function restoreCommand(): Command {
  return new Command('restore')
    .description('load a backup made by `gazette export` into an empty database (SQLite or PostgreSQL, whichever made it)')
    .argument('<file>', 'the backup (gzipped or not); "-" for standard input')
    .action(async (file: string) => {
      if (file !== '-' && !fs.statSync(file, { throwIfNoEntry: false })?.isFile())
        throw invalid('<file>', `${file} is not a readable file`);
      await withRuntime(async ({ ctx, config }) => {
        const input = file === '-' ? process.stdin : fs.createReadStream(file);
        const summary = await restoreBackup(ctx, input, { maxLineBytes: maxLineBytesFor(config.maxUploadBytes) });
        const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
        console.log(`restored ${rows} rows into ${summary.tables.length} tables and ${summary.files} media files`);
        if (summary.cleaned.values)
          console.log(
            `note: removed control characters (such as NUL) from ${summary.cleaned.values} text values; the first at ${summary.cleaned.first}`,
          );
        if (summary.filesNotIncluded)
          console.log(
            `note: the backup lists ${summary.filesNotIncluded} media files without their bytes; copy the media folder across by hand`,
          );
      });
    });
}
