import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { invalid } from '../errors.ts';
import { listLibrary, uploadImage } from '../domain/media/upload.ts';
import { withRuntime } from './with-runtime.ts';

const MAX_PAGE = 100_000;

export function mediaCommand(): Command {
  const media = new Command('media').description('manage uploaded images');
  media
    .command('add')
    .description('upload an image; prints its id and the Markdown that shows it in a post')
    .argument('<file>', 'a JPEG, PNG, WebP, GIF, AVIF, HEIF or TIFF image')
    .option('--alt <text>', 'alternative text describing the image', '')
    .action(async (file: string, options: { alt: string }) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) throw invalid('<file>', `${file} is not a readable file`);
      await withRuntime(async ({ ctx, config }) => {
        if (stat.size > config.maxUploadBytes) {
          throw invalid(
            '<file>',
            `is ${Math.ceil(stat.size / 1048576)} MB; GAZETTE_MAX_UPLOAD_MB allows ${config.maxUploadBytes / 1048576} MB`,
          );
        }
        const { media: item, created } = await uploadImage(ctx, null, {
          bytes: fs.readFileSync(file),
          originalName: path.basename(file),
          alt: options.alt,
        });
        console.log(`${created ? 'added' : 'already in the library'}: ${item.id} (${item.width}×${item.height})`);
        console.log(`![${item.alt}](media:${item.id})`);
      });
    });
  media
    .command('list')
    .description('list the media library, newest first')
    .option('--page <n>', 'page of 50', '1')
    .action(async (options: { page: string }) => {
      const page = Number(options.page);
      // The API's cap on ?page: a huge number made a row offset the database refused (a crash, not a message).
      if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw invalid('--page', `must be a whole number from 1 to ${MAX_PAGE}`);
      await withRuntime(async ({ ctx }) => {
        for (const item of await listLibrary(ctx, page))
          console.log(`${item.id}\t${item.width}×${item.height}\t${item.original_name}\t${item.alt}`);
      });
    });
  return media;
}
