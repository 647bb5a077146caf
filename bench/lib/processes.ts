// Starting the servers under test as child processes, so the load generator (this process)
// and each server get their own core on a 2-core machine.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Running {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a process and waits until `readyPath` answers 200 (bounded: 120 tries). wrapper: a
 * program it runs under, with that program's arguments (valgrind, for instruction counts).
 */
export async function startProcess(options: {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  readyPath: string;
  wrapper?: string[];
}): Promise<Running> {
  const [command, ...args] = [...(options.wrapper ?? []), options.command, ...options.args];
  const child = spawn(command!, args, { cwd: ROOT, env: options.env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${options.port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 120; attempt++) {
    if (exited) throw new Error(`${options.args.join(' ')} exited before it was ready`);
    try {
      const response = await fetch(url + options.readyPath);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (attempt === 119) throw new Error(`${url}${options.readyPath} never became ready`);
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
