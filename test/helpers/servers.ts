// Real `gazette serve` processes in tests: a free port to give one, and waiting until it answers.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx; fails at once if the process exits. */
export async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far (stdout and stderr: the JSON log lines). */
  logs(): string;
}

/**
 * Starts `gazette serve` on a free port with `env` added to this process's, and waits until it
 * answers /healthz. `command` is what Node runs before `serve`: the sources through tsx by default.
 */
export async function startServe(env: Record<string, string>, command: string[] = ['bin/gazette.mjs']): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...command, 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(`${url}/healthz`, child);
  } catch (error) {
    // The caller never gets the process to stop: one that did not answer in time must not outlive the test.
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; it printed:\n${logs.slice(-2000)}`);
  }
  return { child, url, logs: () => logs };
}
