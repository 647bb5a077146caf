// Reading a backup back: gzip is recognised by its magic bytes (whatever the file is called),
// and lines are split from the byte stream as it is pulled, so only one line is in memory.
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { invalid } from '../../errors.ts';

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
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    throw gzipRefusal(error);
  }
}

/**
 * zlib's own words ("unexpected end of file") name neither the file nor what to do: a backup
 * cut short (an interrupted copy or download) or with damaged bytes is refused as such. Errors
 * from reading the file itself pass through as they are.
 */
function gzipRefusal(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'Z_BUF_ERROR')
    return invalid('<file>', 'ends in the middle of its gzip data: the backup is truncated (an interrupted copy or download?)');
  if (typeof code === 'string' && code.startsWith('Z_'))
    return invalid('<file>', `is not valid gzip data past its first bytes (${code}): the backup is damaged or not a Gazette backup`);
  return error;
}

export interface BackupLine {
  text: string;
  /** 1-based, counting blank lines too, so messages point at the line an editor shows. */
  number: number;
}

/** The largest line read when none is given: far above any row; media lines get a bound from the upload limit. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const sizeName = (bytes: number) => (bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : `${bytes} bytes`);

/**
 * The lines of a (possibly gzipped) NDJSON stream, without their line breaks; blank lines
 * skipped. A line longer than maxLineBytes stops the read as soon as it passes the bound, so a
 * crafted file cannot make us buffer a line of any size (a 300 MB line once took 1.4 GB).
 */
export async function* backupLines(input: ByteSource, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<BackupLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const tooLong = () =>
    invalid('<file>', `line ${number + 1} is longer than ${sizeName(maxLineBytes)}: the backup is damaged or not made by Gazette`);
  for await (const chunk of gunzipIfNeeded(input)) {
    let start = 0;
    // Splitting at the byte 0x0a is safe in UTF-8: it never occurs inside a multi-byte character.
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      if (pendingBytes + newline - start > maxLineBytes) throw tooLong();
      pending.push(chunk.subarray(start, newline));
      const text = Buffer.concat(pending).toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
      number++;
      if (text.trim() !== '') yield { text, number };
    }
    if (start < chunk.length) {
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLineBytes) throw tooLong();
      pending.push(chunk.subarray(start));
    }
  }
  const text = Buffer.concat(pending).toString('utf8');
  if (text.trim() !== '') yield { text, number: number + 1 };
}
