// The files of one media item in the media store: listed in byte order so that two backups of
// the same store list them identically.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MediaFiles } from '../media/files.ts';

export async function mediaFileNames(mediaFiles: MediaFiles, mediaId: string): Promise<string[]> {
  const folder = path.dirname(mediaFiles.pathFor(mediaId, 'x'));
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Temporary names belong to a write in progress (or one that crashed): never part of the item.
  return names.filter((name) => !name.endsWith('.tmp')).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export function readMediaFile(mediaFiles: MediaFiles, mediaId: string, name: string): Promise<Buffer> {
  return fs.readFile(mediaFiles.pathFor(mediaId, name));
}
