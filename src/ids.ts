import { randomBytes } from 'node:crypto';

// Ids are made by the application rather than the database so that a backup restores into
// either engine unchanged. A millisecond timestamp prefix keeps them roughly time-ordered,
// which keeps B-tree inserts local; 64 random bits make collisions negligible.
export function newId(now = Date.now()): string {
  return now.toString(36).padStart(9, '0') + randomBytes(8).toString('hex');
}
