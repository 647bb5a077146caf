// Reading a backup back: gzip is recognised by its magic bytes (whatever the file is called),
// and lines are split from the byte stream as it is pulled, so only one line is in memory.
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type ByteSource = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

async function* chunksOf(input: ByteSource): AsyncGenerator<Buffer | string> {
  for await (const chunk of input) yield chunk;
}

async function* gunzipIfNeeded(input: ByteSource): AsyncGenerator<Buffer> {
  const iterator = chunksOf(input);
  const first = await iterator.next();
  if (first.done) return;
  const head = Buffer.from(first.value);
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.from(next.value);
    }
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* all();
    return;
  }
  const gunzip = createGunzip();
  // An error on either side destroys the gunzip stream with it, so the loop below throws it.
  pipeline(Readable.from(all()), gunzip, () => {});
  for await (const chunk of gunzip) yield chunk as Buffer;
}

/** The lines of a (possibly gzipped) NDJSON stream, without their line breaks; blank lines skipped. */
export async function* backupLines(input: ByteSource): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  for await (const chunk of gunzipIfNeeded(input)) {
    let start = 0;
    // Splitting at the byte 0x0a is safe in UTF-8: it never occurs inside a multi-byte character.
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, newline));
      const line = Buffer.concat(pending).toString('utf8');
      pending = [];
      start = newline + 1;
      if (line.trim() !== '') yield line;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  const last = Buffer.concat(pending).toString('utf8');
  if (last.trim() !== '') yield last;
}
