// Where media bytes live: one folder per media item under the data directory. Files are
// written to a temporary name and renamed, so a crash never leaves a half-written image
// behind a name that is served.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface MediaFiles {
  readonly root: string;
  pathFor(mediaId: string, fileName: string): string;
  write(mediaId: string, fileName: string, bytes: Buffer): Promise<void>;
  removeAll(mediaId: string): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function createLocalMediaFiles(root: string): MediaFiles {
  const pathFor = (mediaId: string, fileName: string) => {
    if (!SAFE_NAME.test(mediaId) || !SAFE_NAME.test(fileName)) throw new Error('unsafe media path');
    return path.join(root, mediaId, fileName);
  };
  return {
    root,
    pathFor,
    async write(mediaId, fileName, bytes) {
      const target = pathFor(mediaId, fileName);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, target);
    },
    async removeAll(mediaId) {
      await fs.rm(path.dirname(pathFor(mediaId, 'x')), { recursive: true, force: true });
    },
  };
}
