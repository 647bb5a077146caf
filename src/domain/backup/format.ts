// The backup file, line by line (NDJSON): a header, then every row tagged with its table (in
// BACKUP_TABLES order, each table in primary-key order), then the media files, then an end
// line whose counts prove the file is whole.
import type { BACKUP_FORMAT, BACKUP_VERSION } from './tables.ts';

export interface BackupTableHeader {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** The one field that differs between two backups of the same data. */
  exportedAt: string;
  generator: string;
  /** The last migration applied where the backup was made; restore refuses a newer schema. */
  schema: string | null;
  /** "included": media files are in the backup; "manifest": only their names, sizes and SHA-256. */
  files: 'included' | 'manifest';
  tables: BackupTableHeader[];
}

export interface RowLine {
  table: string;
  row: Record<string, unknown>;
}

export interface FileLine {
  file: { media: string; name: string; bytes: number; sha256: string; data?: string };
}

export interface EndLine {
  end: { rows: number; files: number };
}

export type BackupLine = RowLine | FileLine | EndLine;
