// `gazette export`: every table in BACKUP_TABLES and the media files, streamed as NDJSON from
// one consistent snapshot. Rows are read in batches, so memory stays flat however big the
// site is.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { DomainContext } from '../context.ts';
import {
  describeTable,
  countRows,
  inSnapshot,
  latestMigration,
  readRowsAfter,
  type Row,
  type TableShape,
} from '../../storage/repos/backup.ts';
import type { Db } from '../../storage/db.ts';
import { BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION } from './tables.ts';
import type { BackupHeader, BackupLine, BackupTableHeader } from './format.ts';
import { mediaFileNames, readMediaFile } from './media-store.ts';

export const BATCH_SIZE = 1000;

export interface ExportOptions {
  /** false: list each media file's name, size and SHA-256 instead of its bytes. */
  includeFiles: boolean;
}

export interface ExportSummary {
  tables: { name: string; rows: number }[];
  files: number;
  /** Media items whose folder in the media store is missing or empty. */
  mediaWithoutFiles: string[];
}

type BackupContext = Pick<DomainContext, 'db' | 'clock' | 'mediaFiles'>;

/** Writes one line at a time, waiting whenever the destination asks it to. */
function lineWriter(out: Writable) {
  return async (line: BackupHeader | BackupLine) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
}

export async function describeBackupTables(db: Db): Promise<TableShape[]> {
  const shapes: TableShape[] = [];
  for (const table of BACKUP_TABLES) {
    const shape = await describeTable(db, table.name);
    if (!shape) throw new Error(`table ${table.name} is listed for backup but missing from the database`);
    if (shape.primaryKey.length === 0) throw new Error(`table ${table.name} has no primary key, so its rows have no stable order`);
    shapes.push(shape);
  }
  return shapes;
}

/** Every row of a table, in primary-key order, one batch in memory at a time. */
export async function* tableRows(db: Db, shape: TableShape, batchSize = BATCH_SIZE): AsyncGenerator<Row> {
  let after: unknown[] | null = null;
  for (;;) {
    const rows = await readRowsAfter(db, shape, after, batchSize);
    yield* rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = shape.primaryKey.map((key) => last[key]);
  }
}

export async function exportBackup(ctx: BackupContext, out: Writable, options: ExportOptions): Promise<ExportSummary> {
  const write = lineWriter(out);
  return inSnapshot(ctx.db, async (db) => {
    const shapes = await describeBackupTables(db);
    const tables: BackupTableHeader[] = [];
    for (const shape of shapes)
      tables.push({ name: shape.name, columns: shape.columns.map((c) => c.name), rows: await countRows(db, shape.name) });
    await write({
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: ctx.clock.now().toISOString(),
      generator: 'gazette',
      schema: await latestMigration(db),
      files: options.includeFiles ? 'included' : 'manifest',
      tables,
    });

    let rowCount = 0;
    for (const shape of shapes) {
      for await (const row of tableRows(db, shape)) {
        await write({ table: shape.name, row });
        rowCount++;
      }
    }

    let files = 0;
    const mediaWithoutFiles: string[] = [];
    const mediaIds: TableShape = { name: 'media', columns: [{ name: 'id', type: 'text' }], primaryKey: ['id'] };
    for await (const { id } of tableRows(db, mediaIds)) {
      const mediaId = String(id);
      const names = await mediaFileNames(ctx.mediaFiles, mediaId);
      if (names.length === 0) mediaWithoutFiles.push(mediaId);
      for (const name of names) {
        const bytes = await readMediaFile(ctx.mediaFiles, mediaId, name);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        await write({
          file: { media: mediaId, name, bytes: bytes.length, sha256, ...(options.includeFiles ? { data: bytes.toString('base64') } : {}) },
        });
        files++;
      }
    }
    await write({ end: { rows: rowCount, files } });
    return { tables: tables.map(({ name, rows }) => ({ name, rows })), files, mediaWithoutFiles };
  });
}
