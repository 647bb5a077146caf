// The one place that reads process.env. Every setting is parsed and validated here, so a
// bad value stops the process at start with a message that names the setting.
import path from 'node:path';
import { LOCALES, type Locale } from './i18n/locales.ts';

export type Engine = 'sqlite' | 'postgres';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  engine: Engine;
  /** PostgreSQL: send repeated statements prepared, by name (GAZETTE_PG_PREPARED, default on). */
  postgresPrepared: boolean;
  redisUrl: string | null;
  publicUrl: string | null;
  demo: boolean;
  /** The demo's "someone else's blog" embedding the seed thread (GAZETTE_DEMO_BLOG_PORT, default PORT+1); null: off. */
  demoBlogPort: number | null;
  logLevel: LogLevel;
  siteTitle: string;
  /** The language of the site's own pages (GAZETTE_LANG): one locale, or `auto` to follow each reader's Accept-Language. */
  siteLang: Locale | 'auto';
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  guestComments: boolean;
  commentEditMinutes: number;
  /** How long a rendered page may be served from memory before it is rendered again. */
  pageCacheSeconds: number;
  /** A page a comment changed may still be served this long (ms) while it is rendered again: one render per interval on a hot thread. */
  pageStaleMs: number;
  /** Lists, profiles and feeds show comment counts at most this far behind (s). */
  listLagSeconds: number;
  /** Behind a load balancer: which proxies' X-Forwarded-For to believe (rate limits key on the client IP); a number is hops counted from the right (`on` = 1). */
  trustProxy: boolean | number | string;
  /** smtp(s)://… to send mail; null keeps mail in the outbox (listed at /admin/outbox). */
  smtpUrl: string | null;
  mailFrom: string;
  /** Signs unsubscribe links and the like; null: one is generated once and kept in the database. */
  secret: string | null;
  /** False turns every rate limit off (load tests from one address); on by default. */
  rateLimits: boolean;
  /** Live streams (SSE) one client address may hold open at once (GAZETTE_STREAMS_PER_ADDRESS, default 20). */
  streamsPerAddress: number;
  /** Bytes a live stream may leave unread before it is dropped as too slow (GAZETTE_STREAM_BUFFER_BYTES, default 1 MiB). */
  streamBufferBytes: number;
  /** OpenID Connect providers readers may sign in with (GAZETTE_OIDC_PROVIDERS); none by default. */
  oidcProviders: OidcProviderConfig[];
  /** Akismet spam checks (AKISMET_KEY); null: not asked. */
  akismet: { key: string; url: string } | null;
  /** Bearer token for GET /metrics (GAZETTE_METRICS_TOKEN); null: /metrics answers only direct requests from this machine. */
  metricsToken: string | null;
  /** When to answer 503 + Retry-After instead of queueing more work (src/http/back-pressure.ts); 0 turns a check off. */
  overload: OverloadConfig;
}

export interface OverloadConfig {
  /** Mean event-loop delay over a one-second sample (GAZETTE_MAX_EVENT_LOOP_DELAY_MS, default 1000). */
  maxEventLoopDelayMs: number;
  /** V8 heap in use (GAZETTE_MAX_HEAP_MB); null: 90% of this process's heap limit. */
  maxHeapUsedMb: number | null;
  /** Resident memory (GAZETTE_MAX_RSS_MB, default 0: not checked). */
  maxRssMb: number;
  /** Sent as Retry-After with the 503 (GAZETTE_OVERLOAD_RETRY_AFTER, default 5). */
  retryAfterSeconds: number;
}

export interface OidcProviderConfig {
  /** Slug in /auth/oidc/ID and in stored identities: keep it stable once people use it. */
  id: string;
  /** Shown on the button: "Sign in with NAME". */
  name: string;
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string;
  scopes: string;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`Invalid setting ${setting}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${parsed.protocol}"`);
  }
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function trustProxy(env: Env, name: string): boolean | number | string {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || raw === 'off') return false;
  // `on` means one proxy (ours) in front: believe only the address it appended, the rightmost
  // X-Forwarded-For entry. Trusting the whole header would take the client's own leftmost value.
  if (raw === 'on') return 1;
  if (/^\d+$/.test(raw)) return Number(raw);
  // Addresses or CIDR ranges, comma-separated: Fastify (proxy-addr) validates them at start.
  if (/^[0-9a-fA-F:.,/\s]+$/.test(raw)) return raw;
  throw new ConfigError(name, `expected on, off, a number of proxy hops, or addresses/CIDR ranges, got "${raw}"`);
}

function secret(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < 32) throw new ConfigError(name, `must be at least 32 characters long (got ${raw.length})`);
  return raw;
}

const OIDC_SETTING = 'GAZETTE_OIDC_PROVIDERS';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function oidcProvider(entry: unknown, index: number): OidcProviderConfig {
  const fields = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : null;
  const label = typeof fields?.id === 'string' ? `entry ${index + 1} ("${fields.id}")` : `entry ${index + 1}`;
  const at = (reason: string) => new ConfigError(OIDC_SETTING, `${label}: ${reason}`);
  if (!fields) throw at('expected an object');
  const text = (key: string, required: boolean): string | undefined => {
    const value = fields[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw at(`"${key}" must be a non-empty string`);
    return value.trim();
  };
  const unknown = Object.keys(fields).filter((key) => !['id', 'name', 'issuer', 'clientId', 'clientSecret', 'scopes'].includes(key));
  if (unknown.length > 0) throw at(`unknown field "${unknown[0]}"`);
  const id = text('id', true)!;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) || id.length > 40)
    throw at(`"id" must be a slug (lowercase letters, digits, dashes), got "${id}"`);
  const issuer = text('issuer', true)!;
  let parsed: URL;
  try {
    parsed = new URL(issuer);
  } catch {
    throw at(`"issuer" is not a URL: "${issuer}"`);
  }
  // Plain http only for an issuer on this machine (development, tests); anything else must be https.
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))) {
    throw at(`"issuer" must be an https URL, got "${issuer}"`);
  }
  const scopes = text('scopes', false) ?? 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid')) throw at('"scopes" must include openid');
  return { id, name: text('name', true)!, issuer, clientId: text('clientId', true)!, clientSecret: text('clientSecret', false), scopes };
}

function oidcProviders(env: Env): OidcProviderConfig[] {
  const raw = env[OIDC_SETTING];
  if (raw === undefined || raw.trim() === '') return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new ConfigError(OIDC_SETTING, 'expected a JSON array of providers');
  }
  if (!Array.isArray(list)) throw new ConfigError(OIDC_SETTING, 'expected a JSON array of providers');
  const providers = list.map(oidcProvider);
  const seen = new Set<string>();
  for (const provider of providers) {
    if (seen.has(provider.id)) throw new ConfigError(OIDC_SETTING, `the id "${provider.id}" is used twice`);
    seen.add(provider.id);
  }
  return providers;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const publicUrl = url(env, 'GAZETTE_PUBLIC_URL', ['http:', 'https:']);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(cwd, env.GAZETTE_DATA_DIR || 'data'),
    databaseUrl,
    engine: databaseUrl ? 'postgres' : 'sqlite',
    postgresPrepared: oneOf(env, 'GAZETTE_PG_PREPARED', ['on', 'off'], 'on') === 'on',
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    demo: oneOf(env, 'GAZETTE_DEMO', ['on', 'off'], 'on') === 'on',
    demoBlogPort: demoBlogPort(env),
    // GAZETTE_LOG_LEVEL wins; LOG_LEVEL is the older name and still read.
    logLevel: oneOf(
      env,
      env.GAZETTE_LOG_LEVEL ? 'GAZETTE_LOG_LEVEL' : 'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    siteTitle: env.GAZETTE_SITE_TITLE || 'Gazette Mobile',
    siteLang: oneOf(env, 'GAZETTE_LANG', ['auto', ...LOCALES], 'auto'),
    maxUploadBytes: integer(env, 'GAZETTE_MAX_UPLOAD_MB', 20, 1, 1024) * 1024 * 1024,
    pageCacheSeconds: integer(env, 'GAZETTE_PAGE_CACHE_SECONDS', 300, 0, 86400),
    pageStaleMs: integer(env, 'GAZETTE_PAGE_STALE_MS', 1000, 0, 60_000),
    listLagSeconds: integer(env, 'GAZETTE_LIST_LAG_SECONDS', 10, 0, 3600),
    guestComments: oneOf(env, 'GAZETTE_GUEST_COMMENTS', ['on', 'off'], 'on') === 'on',
    commentEditMinutes: integer(env, 'GAZETTE_COMMENT_EDIT_MINUTES', 15, 0, 10080),
    trustProxy: trustProxy(env, 'GAZETTE_TRUST_PROXY'),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.GAZETTE_MAIL_FROM || 'Gazette <no-reply@localhost>',
    secret: secret(env, 'GAZETTE_SECRET'),
    rateLimits: oneOf(env, 'GAZETTE_RATE_LIMITS', ['on', 'off'], 'on') === 'on',
    streamsPerAddress: integer(env, 'GAZETTE_STREAMS_PER_ADDRESS', 20, 1, 100000),
    streamBufferBytes: integer(env, 'GAZETTE_STREAM_BUFFER_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    oidcProviders: oidcProviders(env),
    akismet: env.AKISMET_KEY?.trim()
      ? { key: env.AKISMET_KEY.trim(), url: url(env, 'AKISMET_URL', ['http:', 'https:']) ?? 'https://rest.akismet.com' }
      : null,
    metricsToken: metricsToken(env, 'GAZETTE_METRICS_TOKEN'),
    overload: {
      maxEventLoopDelayMs: integer(env, 'GAZETTE_MAX_EVENT_LOOP_DELAY_MS', 1000, 0, 600_000),
      maxHeapUsedMb: env.GAZETTE_MAX_HEAP_MB ? integer(env, 'GAZETTE_MAX_HEAP_MB', 0, 0, 1_048_576) : null,
      maxRssMb: integer(env, 'GAZETTE_MAX_RSS_MB', 0, 0, 1_048_576),
      retryAfterSeconds: integer(env, 'GAZETTE_OVERLOAD_RETRY_AFTER', 5, 1, 3600),
    },
  };
}

/** `off`, a port, or (unset) the port after PORT; PORT=0 (any free port) leaves the blog on any free port too. */
function demoBlogPort(env: Env): number | null {
  const raw = (env.GAZETTE_DEMO_BLOG_PORT ?? '').trim();
  if (raw === 'off') return null;
  if (raw === '') {
    const port = integer(env, 'PORT', 3000, 0, 65535);
    return port === 0 ? 0 : Math.min(port + 1, 65535);
  }
  if (!/^\d+$/.test(raw)) throw new ConfigError('GAZETTE_DEMO_BLOG_PORT', `expected a port number or off, got "${raw}"`);
  return integer(env, 'GAZETTE_DEMO_BLOG_PORT', 0, 0, 65535);
}

function metricsToken(env: Env, name: string): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  // It travels in an Authorization header: printable ASCII without spaces, and long enough not to be guessed.
  if (!/^[\x21-\x7e]{16,200}$/.test(raw)) throw new ConfigError(name, 'must be 16 to 200 printable characters without spaces');
  return raw;
}

/** The settings table shown in the README and by `gazette --help`. */
export const SETTINGS_HELP: ReadonlyArray<[string, string]> = [
  ['PORT', 'HTTP port (default 3000)'],
  ['HOST', 'interface to listen on (default 0.0.0.0)'],
  ['GAZETTE_DATA_DIR', 'SQLite database and uploaded media (default ./data)'],
  ['DATABASE_URL', 'postgres://… to use PostgreSQL instead of SQLite'],
  [
    'GAZETTE_PG_PREPARED',
    'on (default): PostgreSQL statements that repeat are prepared once per connection; off: none (a pooler in transaction mode)',
  ],
  ['REDIS_URL', 'redis://… for cross-instance events, rate limits and caches'],
  ['GAZETTE_PUBLIC_URL', 'absolute base URL for links; default follows the request host'],
  ['GAZETTE_DEMO', 'on (default): load demo content into an empty database; off: start empty'],
  ['GAZETTE_DEMO_BLOG_PORT', 'port of the demo\'s "someone else\'s blog" embedding the seed thread (default PORT+1); off: none'],
  ['GAZETTE_SITE_TITLE', 'site name (default "Gazette Mobile")'],
  ['GAZETTE_LANG', `language of the site's pages: auto (default, from each reader's Accept-Language) or one of ${LOCALES.join(', ')}`],
  ['GAZETTE_MAX_UPLOAD_MB', 'largest accepted upload in MiB (default 20)'],
  ['GAZETTE_PAGE_CACHE_SECONDS', 'how long rendered pages stay in memory (default 300; 0 disables)'],
  ['GAZETTE_PAGE_STALE_MS', 'a page a comment changed is served up to this stale while rendered again (default 1000; 0: at once)'],
  ['GAZETTE_LIST_LAG_SECONDS', 'lists, profiles and feeds show comment counts at most this far behind (default 10)'],
  ['GAZETTE_GUEST_COMMENTS', 'on (default): guests may comment with a name and email; off: accounts only'],
  ['GAZETTE_COMMENT_EDIT_MINUTES', 'how long authors may edit a comment after posting (default 15)'],
  ['GAZETTE_TRUST_PROXY', 'behind a load balancer: on (= 1 hop), a hop count, or its addresses/CIDRs (default off)'],
  ['SMTP_URL', 'smtp://user:pass@host:port to send mail; without it mail waits in the outbox at /admin/outbox'],
  ['GAZETTE_MAIL_FROM', 'sender of outgoing mail (default "Gazette <no-reply@localhost>")'],
  ['GAZETTE_SECRET', 'at least 32 characters; signs unsubscribe links (default: generated once, kept in the database)'],
  ['GAZETTE_RATE_LIMITS', 'on (default): limit login, sign-up, reset and posting attempts; off: no limits (load tests only)'],
  ['GAZETTE_STREAMS_PER_ADDRESS', 'live update streams one client address may keep open (default 20; more answer 429)'],
  ['GAZETTE_STREAM_BUFFER_BYTES', 'unread bytes after which a slow live stream is dropped (default 1048576)'],
  [
    'GAZETTE_OIDC_PROVIDERS',
    'JSON array of OpenID Connect providers: [{"id","name","issuer","clientId","clientSecret","scopes"?}]; callback URL: /auth/oidc/ID/callback',
  ],
  ['AKISMET_KEY', 'an Akismet API key: new comments are also checked by Akismet (default: not asked)'],
  ['AKISMET_URL', 'the Akismet endpoint (default https://rest.akismet.com)'],
  [
    'GAZETTE_LOG_LEVEL',
    'fatal, error, warn, info (default: one JSON access line per request), debug, trace or silent (LOG_LEVEL also read)',
  ],
  ['GAZETTE_METRICS_TOKEN', 'Bearer token for GET /metrics; unset: /metrics answers only direct requests from this machine'],
  ['GAZETTE_MAX_EVENT_LOOP_DELAY_MS', 'answer 503 + Retry-After while the event loop lags more than this (default 1000; 0 off)'],
  ['GAZETTE_MAX_HEAP_MB', 'answer 503 + Retry-After above this V8 heap use (default 90% of the heap limit; 0 off)'],
  ['GAZETTE_MAX_RSS_MB', 'answer 503 + Retry-After above this resident memory (default 0: off)'],
  ['GAZETTE_OVERLOAD_RETRY_AFTER', 'seconds sent as Retry-After with those 503s (default 5)'],
];
