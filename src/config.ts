// The one place that reads process.env. Every setting is parsed and validated here, so a
// bad value stops the process at start with a message that names the setting.
import path from 'node:path';

export type Engine = 'sqlite' | 'postgres';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  engine: Engine;
  redisUrl: string | null;
  publicUrl: string | null;
  demo: boolean;
  logLevel: LogLevel;
  siteTitle: string;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  guestComments: boolean;
  commentEditMinutes: number;
  /** How long a rendered page may be served from memory before it is rendered again. */
  pageCacheSeconds: number;
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

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const publicUrl = url(env, 'GAZETTE_PUBLIC_URL', ['http:', 'https:']);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(cwd, env.GAZETTE_DATA_DIR || 'data'),
    databaseUrl,
    engine: databaseUrl ? 'postgres' : 'sqlite',
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    demo: oneOf(env, 'GAZETTE_DEMO', ['on', 'off'], 'on') === 'on',
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    siteTitle: env.GAZETTE_SITE_TITLE || 'Gazette Mobile',
    maxUploadBytes: integer(env, 'GAZETTE_MAX_UPLOAD_MB', 20, 1, 1024) * 1024 * 1024,
    pageCacheSeconds: integer(env, 'GAZETTE_PAGE_CACHE_SECONDS', 300, 0, 86400),
    guestComments: oneOf(env, 'GAZETTE_GUEST_COMMENTS', ['on', 'off'], 'on') === 'on',
    commentEditMinutes: integer(env, 'GAZETTE_COMMENT_EDIT_MINUTES', 15, 0, 10080),
  };
}

/** The settings table shown in the README and by `gazette --help`. */
export const SETTINGS_HELP: ReadonlyArray<[string, string]> = [
  ['PORT', 'HTTP port (default 3000)'],
  ['HOST', 'interface to listen on (default 0.0.0.0)'],
  ['GAZETTE_DATA_DIR', 'SQLite database and uploaded media (default ./data)'],
  ['DATABASE_URL', 'postgres://… to use PostgreSQL instead of SQLite'],
  ['REDIS_URL', 'redis://… for cross-instance events, rate limits and caches'],
  ['GAZETTE_PUBLIC_URL', 'absolute base URL for links; default follows the request host'],
  ['GAZETTE_DEMO', 'on (default): load demo content into an empty database; off: start empty'],
  ['GAZETTE_SITE_TITLE', 'site name (default "Gazette Mobile")'],
  ['GAZETTE_MAX_UPLOAD_MB', 'largest accepted upload in MiB (default 20)'],
  ['GAZETTE_PAGE_CACHE_SECONDS', 'how long rendered pages stay in memory (default 300; 0 disables)'],
  ['GAZETTE_GUEST_COMMENTS', 'on (default): guests may comment with a name and email; off: accounts only'],
  ['GAZETTE_COMMENT_EDIT_MINUTES', 'how long authors may edit a comment after posting (default 15)'],
  ['LOG_LEVEL', 'fatal, error, warn, info (default), debug, trace or silent'],
];
