import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to SQLite under ./data on port 3000 with the demo on', () => {
    const config = loadConfig({}, '/srv/site');
    expect(config).toMatchObject({
      port: 3000,
      engine: 'sqlite',
      dataDir: '/srv/site/data',
      demo: true,
      databaseUrl: null,
      publicUrl: null,
    });
  });

  it('switches to PostgreSQL when DATABASE_URL is a postgres URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/gazette' }).engine).toBe('postgres');
  });

  it('prepares repeated PostgreSQL statements unless GAZETTE_PG_PREPARED is off', () => {
    expect(loadConfig({}).postgresPrepared).toBe(true);
    expect(loadConfig({ GAZETTE_PG_PREPARED: 'off' }).postgresPrepared).toBe(false);
  });

  it('strips a trailing slash from the public URL', () => {
    expect(loadConfig({ GAZETTE_PUBLIC_URL: 'https://news.example/' }).publicUrl).toBe('https://news.example');
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['PORT', { PORT: 'eighty' }, /whole number/],
    ['PORT', { PORT: '70000' }, /between 0 and 65535/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /postgres: or postgresql:/],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }, /not a URL/],
    ['GAZETTE_DEMO', { GAZETTE_DEMO: 'maybe' }, /on, off/],
    ['GAZETTE_PG_PREPARED', { GAZETTE_PG_PREPARED: 'sometimes' }, /on, off/],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /one of/],
    ['GAZETTE_PUBLIC_URL', { GAZETTE_PUBLIC_URL: 'ftp://x' }, /http: or https:/],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }, /smtp: or smtps:/],
    ['GAZETTE_SECRET', { GAZETTE_SECRET: 'too-short' }, /at least 32 characters/],
    ['GAZETTE_TRUST_PROXY', { GAZETTE_TRUST_PROXY: 'sometimes' }, /hops/],
  ];

  it('reads the proxy trust as on/off, a hop count, or addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ GAZETTE_TRUST_PROXY: 'on' }).trustProxy).toBe(1);
    expect(loadConfig({ GAZETTE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ GAZETTE_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
  });
  for (const [setting, env, reason] of bad) {
    it(`names ${setting} when ${JSON.stringify(env)} is wrong`, () => {
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).setting).toBe(setting);
      expect((caught as ConfigError).message).toMatch(reason);
    });
  }
});
