// The operator's settings from issue 16: log level, metrics token, overload limits.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('operations settings', () => {
  it('reads GAZETTE_LOG_LEVEL first and LOG_LEVEL as the older name', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'warn', GAZETTE_LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    expect(() => loadConfig({ GAZETTE_LOG_LEVEL: 'loud' })).toThrow(/GAZETTE_LOG_LEVEL/);
  });

  it('takes a metrics token of 16 to 200 printable characters, or none', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ GAZETTE_METRICS_TOKEN: '' }).metricsToken).toBeNull();
    expect(loadConfig({ GAZETTE_METRICS_TOKEN: 'abcdefghijklmnop' }).metricsToken).toBe('abcdefghijklmnop');
    for (const bad of ['short', 'has a space in it, long enough', 'x'.repeat(201)]) {
      expect(() => loadConfig({ GAZETTE_METRICS_TOKEN: bad }), bad).toThrow(ConfigError);
    }
  });

  it('has overload limits on by default (heap: automatic), each settable and 0 for off', () => {
    expect(loadConfig({}).overload).toEqual({ maxEventLoopDelayMs: 1000, maxHeapUsedMb: null, maxRssMb: 0, retryAfterSeconds: 5 });
    expect(
      loadConfig({
        GAZETTE_MAX_EVENT_LOOP_DELAY_MS: '0',
        GAZETTE_MAX_HEAP_MB: '0',
        GAZETTE_MAX_RSS_MB: '512',
        GAZETTE_OVERLOAD_RETRY_AFTER: '30',
      }).overload,
    ).toEqual({ maxEventLoopDelayMs: 0, maxHeapUsedMb: 0, maxRssMb: 512, retryAfterSeconds: 30 });
    expect(() => loadConfig({ GAZETTE_MAX_RSS_MB: 'lots' })).toThrow(/GAZETTE_MAX_RSS_MB/);
    expect(() => loadConfig({ GAZETTE_OVERLOAD_RETRY_AFTER: '0' })).toThrow(/GAZETTE_OVERLOAD_RETRY_AFTER/);
  });
});
