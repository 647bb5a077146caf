import fs from 'node:fs/promises';
import { Command, Option } from 'commander';
import { createAccount, ROLES } from '../domain/users/accounts.ts';
import { invalid } from '../errors.ts';
import { promptSecret } from './prompt.ts';
import { withRuntime } from './with-runtime.ts';

async function readPassword(file: string | undefined): Promise<string> {
  if (file === undefined) {
    const first = await promptSecret('Password: ');
    const second = await promptSecret('Repeat the password: ');
    if (first !== second) throw invalid('password', 'the two entries differ');
    return first;
  }
  try {
    // One trailing newline is how editors save files; it is not part of the password.
    return (await fs.readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    throw invalid('--password-file', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export function userCommand(): Command {
  const user = new Command('user').description('manage user accounts');
  user
    .command('add')
    .description('create a user (asks for the password unless --password-file is given)')
    .requiredOption('--email <email>', 'sign-in address')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'what the person may do').choices([...ROLES]).makeOptionMandatory())
    .option('--password-file <file>', 'read the password from this file')
    .option('--bio <text>', 'short public bio shown on the author page')
    .action(async (options: { email: string; name: string; role: string; passwordFile?: string; bio?: string }) => {
      const password = await readPassword(options.passwordFile);
      await withRuntime(async ({ ctx }) => {
        const created = await createAccount(ctx, {
          email: options.email,
          displayName: options.name,
          role: options.role,
          password,
          bio: options.bio,
        });
        console.log(`created ${created.role} ${created.display_name} <${created.email}> (author page /author/${created.slug})`);
      });
    });
  return user;
}
