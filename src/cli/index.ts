// `gazette` — one file per command; this file only lists them.
import { Command, CommanderError } from 'commander';
import { ConfigError, SETTINGS_HELP } from '../config.ts';
import { AppError } from '../errors.ts';
import { serveCommand } from './serve.ts';
import { migrateCommand } from './migrate.ts';
import { userCommand } from './user.ts';
import { tokenCommand } from './token.ts';
import { demoCommand } from './demo.ts';
import { mediaCommand } from './media.ts';
import { importCommand } from './import.ts';
import { exportCommand } from './export.ts';
import { restoreCommand } from './restore.ts';

const program = new Command('gazette')
  .description('Gazette: a news site with the reader discussion at its centre.')
  .addHelpText('after', `\nSettings (environment variables, honoured by every command):\n${SETTINGS_HELP.map(([n, d]) => `  ${n.padEnd(28)} ${d}`).join('\n')}`)
  .showHelpAfterError()
  .exitOverride();

program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(demoCommand());
program.addCommand(userCommand());
program.addCommand(tokenCommand());
program.addCommand(mediaCommand());
program.addCommand(importCommand());
program.addCommand(exportCommand());
program.addCommand(restoreCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError || error instanceof AppError) {
    const field = error instanceof AppError && error.field ? ` (${error.field})` : '';
    console.error(`gazette: ${error.message}${field}`);
    process.exit(2);
  }
  console.error('gazette: unexpected failure:', error);
  process.exit(1);
}
