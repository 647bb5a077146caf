import { Command } from 'commander';
import { AppError } from '../errors.ts';
import { loadDemoIfEmpty } from '../demo/load.ts';
import { withRuntime } from './with-runtime.ts';

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'load the demo content (authors, categories, the seed article with its gallery, more articles, pages) into an empty database',
    )
    .action(async () => {
      await withRuntime(async ({ ctx }) => {
        const summary = await loadDemoIfEmpty(ctx);
        if (!summary) throw new AppError('CONFLICT', 'the database already has users; the demo loads only into an empty site');
        console.log(
          `loaded ${summary.articles} articles, ${summary.pages} pages, ${summary.authors} authors, ${summary.categories} categories, ${summary.images} images`,
        );
      });
    });
}
