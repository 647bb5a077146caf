// "Load more" cursors: where the previous page ended, in the terms of its sort order. Opaque
// to clients (base64url JSON) and checked on the way back in, so a forged or stale cursor is a
// clear 400 rather than a wrong page.
import { invalid } from '../../errors.ts';
import type { Keyset } from '../../storage/repos/comments.ts';
import type { ThreadSort } from './types.ts';
import { isKeysetId, isStoredTimestamp } from '../keyset.ts';

interface CursorBody {
  s: ThreadSort;
  w?: number;
  c: string;
  i: string;
}

export function encodeCursor(sort: ThreadSort, last: { wilson: number; created_at: string; id: string }): string {
  const body: CursorBody = { s: sort, c: last.created_at, i: last.id, ...(sort === 'best' ? { w: last.wilson } : {}) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: ThreadSort, field = 'cursor'): Keyset {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw invalid(field, 'is not a cursor this server issued');
  }
  // The fields go into the query as they are: PostgreSQL answered a forged timestamp or a NUL with a 500.
  if (typeof body !== 'object' || body === null || !isStoredTimestamp(body.c) || !isKeysetId(body.i)) {
    throw invalid(field, 'is not a cursor this server issued');
  }
  if (body.s !== sort) throw invalid(field, `belongs to the "${String(body.s)}" order, not "${sort}"`);
  if (sort === 'best' && !Number.isFinite(body.w)) throw invalid(field, 'is not a cursor this server issued');
  return { createdAt: body.c, id: body.i, ...(sort === 'best' ? { wilson: body.w } : {}) };
}
