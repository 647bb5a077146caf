// `gazette` — one file per command; this file only lists them.
import { Command, CommanderError } from 'commander';
import { ConfigError, SETTINGS_HELP } from '../config.ts';
import { AppError, invalid } from '../errors.ts';
import { codePointName, findControlChar } from '../domain/control-chars.ts';
import { serveCommand } from './serve.ts';
import { migrateCommand } from './migrate.ts';
import { userCommand } from './user.ts';
import { tokenCommand } from './token.ts';
import { demoCommand } from './demo.ts';
import { mediaCommand } from './media.ts';
import { importCommand } from './import.ts';
import { exportCommand } from './export.ts';
import { restoreCommand } from './restore.ts';
import { spamCommand } from './spam.ts';
import { siteCommand } from './site.ts';

const program = new Command('gazette')
  .description('Gazette: a news site with the reader discussion at its centre.')
  .addHelpText(
    'after',
    `\nSettings (environment variables, honoured by every command):\n${SETTINGS_HELP.map(([n, d]) => `  ${n.padEnd(28)} ${d}`).join('\n')}`,
  )
  .showHelpAfterError()
  .exitOverride()
  // Control characters in what the operator typed are refused like those in a request (see
  // domain/control-chars.ts), naming the option, before any command runs.
  .hook('preAction', (_program, command) => {
    const options = Object.entries(command.opts()).map(
      ([key, value]) => [`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value] as const,
    );
    const args = command.registeredArguments.map((argument, i) => [`<${argument.name()}>`, command.args[i]] as const);
    for (const [field, value] of [...options, ...args]) {
      const char = typeof value === 'string' ? findControlChar(value) : null;
      if (char) throw invalid(field, `${field} contains a control character (${codePointName(char)})`);
    }
  });

program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(demoCommand());
program.addCommand(userCommand());
program.addCommand(tokenCommand());
program.addCommand(mediaCommand());
program.addCommand(importCommand());
program.addCommand(exportCommand());
program.addCommand(restoreCommand());
program.addCommand(spamCommand());
program.addCommand(siteCommand());

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
