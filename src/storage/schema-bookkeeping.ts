// Table types of short-lived bookkeeping: rows kept for seconds to an hour, which no backup
// carries (domain/backup/tables.ts says why for each). Split from schema.ts, which composes them
// into its Database.
import type { Generated } from 'kysely';

/** A single sign-on token already used (0015): refused if seen again before it expires. */
export interface SsoTokenUsesTable {
  token_hash: string;
  site: string;
  expires_at: string;
}

/** A sign-in carried from the embed's first-party popup to its frame (0015): single use, 60 seconds. */
export interface EmbedHandoffsTable {
  code_hash: string;
  user_id: string;
  site: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A shared rate-limit counter (0017): one per (rule, hashed subject, window); used on PostgreSQL without Redis. */
export interface RateLimitsTable {
  bucket: string;
  hits: number;
  expires_at: string;
}

/** PostgreSQL only: a change of a thread's comment_count not yet folded in (migration 0019). */
export interface ThreadCountChangesTable {
  id: Generated<number>;
  thread_id: string;
  delta: number;
}

export interface BookkeepingTables {
  sso_token_uses: SsoTokenUsesTable;
  embed_handoffs: EmbedHandoffsTable;
  rate_limits: RateLimitsTable;
  thread_count_changes: ThreadCountChangesTable;
}
