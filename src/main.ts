// Start-up: config → storage (migrated) → demo content on an empty site → app → listen.
// Shutdown finishes in-flight requests, then closes the database.
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { openRuntime } from './runtime.ts';
import { spawn } from 'node:child_process';
import { siteIsEmpty } from './demo/load.ts';
import { startHostBlog, type HostBlog } from './demo/host-blog.ts';

export async function startServer(config: Config): Promise<{ url: string; stop: () => Promise<void> }> {
  const runtime = await openRuntime(config);
  const { app } = await buildApp({ ...runtime, logger: { level: config.logLevel } });
  try {
    if (config.demo && (await siteIsEmpty(runtime.ctx))) {
      const summary = await loadDemoInChildProcess(config);
      app.log.info({ summary }, 'loaded demo content into the empty database');
    }
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await runtime.close();
    throw error;
  }

  // The demo's "someone else's blog" on its own port, embedding the seed thread (src/demo/host-blog.ts).
  let blog: HostBlog | null = null;
  if (config.demo && config.demoBlogPort !== null) {
    const listening = app.server.address();
    const gazettePort = typeof listening === 'object' && listening ? listening.port : config.port;
    try {
      blog = await startHostBlog({
        ctx: runtime.ctx,
        port: config.demoBlogPort,
        host: config.host,
        gazetteUrl: config.publicUrl ?? `http://localhost:${gazettePort}`,
      });
      app.log.info({ url: blog.url }, 'demo blog embedding the seed thread');
    } catch (error) {
      app.log.warn({ err: error }, 'the demo blog did not start (GAZETTE_DEMO_BLOG_PORT=off turns it off)');
    }
  }

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await blog?.close();
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

/**
 * The demo draws its slides with sharp (libvips, its fonts and threads): tens of MB that the
 * allocator keeps long after, in a server that never draws again (a 150 MB server held 60 MB more
 * for it). So `gazette demo` loads it in a process of its own, on the same database and settings
 * (this process's environment), and its memory goes when it exits.
 */
function loadDemoInChildProcess(config: Config): Promise<string> {
  const args = [
    ...process.execArgv,
    process.argv[1]!,
    'demo',
    ...(config.demoBlogPort ? ['--blog-port', String(config.demoBlogPort)] : []),
  ];
  return new Promise((resolve, reject) => {
    // No env given: the child inherits this process's, so it opens the same database with the same settings.
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(printed.trim()) : reject(new Error(`loading the demo failed (gazette demo exited with ${signal ?? code})`)),
    );
  });
}
