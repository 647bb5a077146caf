import { Command } from 'commander';
import { createApiToken } from '../domain/users/accounts.ts';
import { findUserByEmail } from '../storage/repos/users.ts';
import { invalid } from '../errors.ts';
import { withRuntime } from './with-runtime.ts';

export function tokenCommand(): Command {
  const token = new Command('token').description('manage API tokens for /api/v1/admin/');
  token
    .command('create')
    .description('issue a token for a user; it is printed once and stored only as a hash')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'a label to recognise the token by', 'cli')
    .action(async (options: { email: string; name: string }) => {
      await withRuntime(async ({ ctx }) => {
        const owner = await findUserByEmail(ctx.db, options.email);
        if (!owner) throw invalid('--email', `no user has the email ${options.email}`);
        console.log(await createApiToken(ctx, owner.id, options.name));
      });
    });
  return token;
}
