// Start-up: config → storage (migrated) → demo content on an empty site → app → listen.
// Shutdown finishes in-flight requests, then closes the database.
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { openRuntime } from './runtime.ts';
import { loadDemoIfEmpty } from './demo/load.ts';
import { widgetBundle } from './http/web/widget-bundle.ts';

export async function startServer(config: Config): Promise<{ url: string; stop: () => Promise<void> }> {
  const runtime = await openRuntime(config);
  const { app } = await buildApp({ ...runtime, logger: { level: config.logLevel } });
  try {
    if (config.demo) {
      const loaded = await loadDemoIfEmpty(runtime.ctx);
      if (loaded) app.log.info(loaded, 'loaded demo content into the empty database');
    }
    // Built now rather than on the first article request, which would otherwise wait for it.
    widgetBundle();
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await runtime.close();
    throw error;
  }

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await app.close(); // stops accepting, waits for in-flight requests
      await runtime.close();
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { url: `http://localhost:${port}`, stop };
}
