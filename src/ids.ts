import { randomFillSync } from 'node:crypto';

// Random bytes come from a pool refilled 4 KiB at a time: one call into the CSPRNG per ~500
// ids instead of one per id, which showed up in the comment-posting profile.
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

export function randomHex(bytes: number): string {
  return randomChunk(bytes).toString('hex');
}

export function randomBase64Url(bytes: number): string {
  return randomChunk(bytes).toString('base64url');
}

function randomChunk(bytes: number): Buffer {
  if (bytes > POOL_SIZE) throw new Error('too many random bytes asked at once');
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  // A copy, so handing out the next chunk never changes this one.
  const chunk = Buffer.from(pool.subarray(offset, offset + bytes));
  offset += bytes;
  return chunk;
}

// Ids are made by the application rather than the database so that a backup restores into
// either engine unchanged. A millisecond timestamp prefix keeps them roughly time-ordered,
// which keeps B-tree inserts local; 64 random bits make collisions negligible.
export function newId(now = Date.now()): string {
  return now.toString(36).padStart(9, '0') + randomHex(8);
}
