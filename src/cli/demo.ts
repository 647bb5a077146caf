import { Command, InvalidArgumentError } from 'commander';
import { AppError } from '../errors.ts';
import { demoBlogOrigins, loadDemoIfEmpty } from '../demo/load.ts';
import { withRuntime } from './with-runtime.ts';

export function demoCommand(): Command {
  return (
    new Command('demo')
      .description(
        'load the demo content (authors, categories, the seed article with its gallery, more articles, pages) into an empty database',
      )
      // `gazette serve` runs this command itself on an empty site, naming its demo blog's port.
      .option('--blog-port <port>', 'the port of the demo blog whose pages may embed the seed thread (default 3001)', (value) => {
        if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number');
        return Number(value);
      })
      .action(async (options: { blogPort?: number }) => {
        await withRuntime(async ({ ctx }) => {
          const summary = await loadDemoIfEmpty(ctx, options.blogPort ? { blogOrigins: demoBlogOrigins(options.blogPort) } : {});
          if (!summary) throw new AppError('CONFLICT', 'the database already has users; the demo loads only into an empty site');
          console.log(
            `loaded ${summary.articles} articles, ${summary.pages} pages, ${summary.authors} authors, ${summary.categories} categories, ${summary.images} images`,
          );
        });
      })
  );
}
