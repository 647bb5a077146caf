import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the web server (applies migrations; loads the demo into an empty database unless GAZETTE_DEMO=off)')
    .action(async () => {
      await startServer(loadConfig());
    });
}
