// From settings to what the pipeline uses: Akismet when a key is configured (registered for the
// site's public URL), velocity unless rate limits are off for a load test.
import type { Config } from '../../config.ts';
import type { ScreeningOptions } from './pipeline.ts';

export function screeningFromConfig(config: Pick<Config, 'akismet' | 'publicUrl' | 'port' | 'rateLimits'>): ScreeningOptions {
  const blog = config.publicUrl ?? `http://localhost:${config.port}`;
  return {
    akismet: config.akismet ? { key: config.akismet.key, url: config.akismet.url, blog } : null,
    velocity: config.rateLimits,
    publicUrl: config.publicUrl,
  };
}
