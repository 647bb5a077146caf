// Rate limiting: one interface, three stores. With REDIS_URL counts live in Redis (redis.ts);
// without it but on PostgreSQL, in a table of that database (postgres.ts); either way every
// instance behind a load balancer counts against the same budget. A lone SQLite site keeps them
// in this process (memory.ts).
//
// Every store uses the same algorithm: a fixed window aligned to the injected clock
// (window index = floor(now / window)). One counter per (rule, subject, window) means one
// atomic INCR per attempt, memory that is bounded by the window, and an exact Retry-After
// (the end of the current window). Its known weakness, up to twice the limit across a window
// edge, is acceptable for abuse limits; the two stores agree exactly, so tests run on the
// memory store describe production.

export interface RateRule {
  /** Stable name; part of the counter's key, so renaming a rule starts its counts afresh. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateResult {
  allowed: boolean;
  /** Seconds until the window resets (at least 1); meaningful when not allowed. */
  retryAfterSeconds: number;
  /** Attempts left in this window after this one. */
  remaining: number;
}

export interface RateLimiter {
  /** Counts one attempt by `key` (an IP, an email, an account id) against `rule`. */
  consume(key: string, rule: RateRule): Promise<RateResult>;
  close(): Promise<void>;
}

/** The window an instant falls in, and how long until it ends. Shared by both stores. */
export function windowOf(nowMs: number, rule: RateRule): { index: number; endsAtMs: number } {
  const windowMs = rule.windowSeconds * 1000;
  const index = Math.floor(nowMs / windowMs);
  return { index, endsAtMs: (index + 1) * windowMs };
}

export function resultFor(count: number, rule: RateRule, nowMs: number, endsAtMs: number): RateResult {
  return {
    allowed: count <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((endsAtMs - nowMs) / 1000)),
    remaining: Math.max(0, rule.limit - count),
  };
}
