// Counts writes to any socket while a function runs: PostgreSQL's, in the tests that use it, as
// nothing else they run talks over a socket. A statement sent alone is one write; statements
// sent together (the pipelined client's batches, readTogether) are one between them.
import net from 'node:net';

export async function socketWrites<T>(fn: () => Promise<T>): Promise<{ result: T; writes: number }> {
  const socket = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  const original = { _write: socket._write, _writev: socket._writev };
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    socket[name] = function (this: unknown, ...args: unknown[]) {
      writes++;
      return original[name].apply(this, args);
    };
  }
  try {
    return { result: await fn(), writes };
  } finally {
    Object.assign(socket, original);
  }
}
