import { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openStorage } from '../runtime.ts';
import { migrateToLatest } from '../storage/migrate.ts';

export function migrateCommand(): Command {
  return new Command('migrate').description('bring the database schema up to date').action(async () => {
    const config = loadConfig();
    const storage = openStorage(config);
    try {
      const { applied } = await migrateToLatest(storage);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is already up to date');
    } finally {
      await storage.close();
    }
  });
}
