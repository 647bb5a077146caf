import { loadConfig } from '../config.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

/** Opens storage with the same settings as the server, runs the command, always closes. */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}
