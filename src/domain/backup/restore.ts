// `gazette restore`: loads a backup into an empty, migrated database of either engine. All rows
// go in one transaction and media files are removed again if anything fails, so a failed
// restore leaves the database as empty as it found it and can simply be run again.
import { createHash } from 'node:crypto';
import type { DomainContext } from '../context.ts';
import { AppError, invalid } from '../../errors.ts';
import { inTransaction, type Db } from '../../storage/db.ts';
import {
  countRows,
  deleteRows,
  describeTable,
  insertRows,
  latestMigration,
  setColumn,
  type Row,
  type TableShape,
} from '../../storage/repos/backup.ts';
import { BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION, SELF_MADE_ROWS, SKIPPED_TABLES } from './tables.ts';
import type { BackupHeader, BackupTableHeader, EndLine, FileLine, RowLine } from './format.ts';
import { backupLines, DEFAULT_MAX_LINE_BYTES, type ByteSource } from './lines.ts';
import { RowChecker } from './row-check.ts';
import { recountCommentCounts } from '../../storage/repos/threads.ts';
import { refreshPlannerStatistics } from '../../storage/repos/planner-statistics.ts';
import { recomputeAllRanks } from '../comments/rank.ts';
import { codePointName, findControlChar } from '../control-chars.ts';
import { constraintViolation, type ConstraintViolation } from '../../storage/constraint-errors.ts';
import { withSavepoint } from '../../storage/savepoint.ts';

export interface RestoreSummary {
  tables: { name: string; rows: number }[];
  /** Media files written to the media store. */
  files: number;
  /** Files listed by a manifest-only backup (`--no-files`): to be copied into the media store by hand. */
  filesNotIncluded: number;
  /** Text values whose control characters (NUL …) were removed, and where the first one was. */
  cleaned: { values: number; first: string | null };
}

export interface RestoreOptions {
  /** The longest line read (see lines.ts); derive it from the upload limit, which bounds a media line. */
  maxLineBytes?: number;
}

/** Longest legitimate line: a media file's bytes in base64 (4/3 of the largest upload) plus its JSON, with slack. */
export const maxLineBytesFor = (maxUploadBytes: number) =>
  Math.max(DEFAULT_MAX_LINE_BYTES, Math.ceil(maxUploadBytes / 3) * 4 + 1024 * 1024);

type RestoreContext = Pick<DomainContext, 'db' | 'mediaFiles'>;

const FILE_FIELD = '<file>';
// Both engines cap the parameters of one statement (SQLite 32766, PostgreSQL 65535).
const MAX_PARAMETERS = 30_000;
const MAX_BATCH_ROWS = 500;

function parseLine(line: string, number: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw invalid(FILE_FIELD, `line ${number} is not valid JSON: the backup is damaged`);
  }
}

function checkHeader(value: unknown): BackupHeader {
  const header = value as Partial<BackupHeader> | null;
  if (!header || typeof header !== 'object' || header.format !== BACKUP_FORMAT) {
    throw invalid(FILE_FIELD, 'is not a Gazette backup (the first line must be its gazette-backup header)');
  }
  if (header.version !== BACKUP_VERSION) {
    throw invalid(FILE_FIELD, `is a version ${String(header.version)} backup; this Gazette restores version ${BACKUP_VERSION}`);
  }
  if (!Array.isArray(header.tables)) throw invalid(FILE_FIELD, 'has a header without its list of tables');
  for (const table of header.tables as unknown[]) {
    const t = table as Partial<BackupTableHeader> | null;
    if (
      !t ||
      typeof t.name !== 'string' ||
      !Array.isArray(t.columns) ||
      !t.columns.every((c) => typeof c === 'string') ||
      !Number.isSafeInteger(t.rows)
    ) {
      throw invalid(FILE_FIELD, 'has a header whose list of tables is damaged (each needs a name, its columns and a row count)');
    }
  }
  return header as BackupHeader;
}

async function checkTarget(db: Db, header: BackupHeader): Promise<Map<string, TableShape>> {
  const schema = await latestMigration(db);
  if (header.schema && schema && header.schema > schema) {
    throw invalid(FILE_FIELD, `was made at schema ${header.schema}, newer than this Gazette's ${schema}: upgrade Gazette first`);
  }
  const shapes = new Map<string, TableShape>();
  for (const table of header.tables) {
    // Only the tables Gazette backs up: a crafted file must not bring live sessions or mail links.
    if (!BACKUP_TABLES.some((t) => t.name === table.name)) {
      const why = SKIPPED_TABLES[table.name];
      throw invalid(
        FILE_FIELD,
        `holds table ${table.name}, which a Gazette backup never carries${why ? ` (${why})` : ''}: the backup was altered`,
      );
    }
    const shape = await describeTable(db, table.name);
    if (!shape) throw invalid(FILE_FIELD, `holds table ${table.name}, which this database does not have`);
    const missing = table.columns.filter((column) => !shape.columns.some((c) => c.name === column));
    if (missing.length) throw invalid(FILE_FIELD, `holds ${table.name}.${missing.join(', ')}, which this database does not have`);
    shapes.set(table.name, shape);
  }
  const names = new Set([...BACKUP_TABLES.map((t) => t.name), ...shapes.keys()]);
  for (const name of names) {
    const rows = (await describeTable(db, name)) ? await countRows(db, name, SELF_MADE_ROWS[name]) : 0;
    if (rows > 0) {
      throw new AppError('CONFLICT', `the database is not empty (${name} has ${rows} rows): restore only into a new, empty database`);
    }
  }
  return shapes;
}

/**
 * What the database refused about a row, in the backup's terms: a key used twice, a reference to
 * a row the backup does not hold (a comment of a missing thread), an empty required column.
 */
function rowRefused(table: string, line: number, violation: ConstraintViolation): AppError {
  const columns = violation.columns.map((column) => `${table}.${column}`).join(', ');
  const what = {
    unique: `a row of ${table} repeats the ${columns || 'key'} of another row`,
    'foreign key': `a row of ${table} points at a row${violation.target ? ` of ${violation.target}` : ''} that is not in the backup${columns ? ` (${columns})` : ''}`,
    'not null': `${columns || `a column of ${table}`} is missing or null, which ${table} does not allow`,
    check: `a row of ${table} breaks a rule of its table`,
  }[violation.kind];
  return invalid(FILE_FIELD, `line ${line}: ${what}: the backup is damaged or was altered`);
}

/** Rows of one table on their way in: batched, with forward self-references patched at the end. */
class TableLoader {
  private batch: Row[] = [];
  /** The backup line of each row in the batch, to name the row the database refuses. */
  private batchLines: number[] = [];
  private deferred: { id: unknown; target: unknown; line: number }[] = [];
  rows = 0;
  private readonly batchRows: number;
  private readonly selfReference: string | undefined;

  constructor(
    private readonly db: Db,
    readonly header: BackupTableHeader,
    private readonly shape: TableShape,
  ) {
    this.batchRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / Math.max(1, header.columns.length))));
    this.selfReference = BACKUP_TABLES.find((t) => t.name === header.name)?.selfReference;
  }

  async add(row: Row, line: number): Promise<void> {
    const ref = this.selfReference;
    const key = this.shape.primaryKey[0]!;
    if (ref && row[ref] != null && this.shape.primaryKey.length === 1 && !(String(row[ref]) < String(row[key]))) {
      // Its target comes later in primary-key order, so it is not in the database yet.
      this.deferred.push({ id: row[key], target: row[ref], line });
      row = { ...row, [ref]: null };
    }
    this.batch.push(row);
    this.batchLines.push(line);
    this.rows++;
    if (this.batch.length >= this.batchRows) await this.flush();
  }

  async flush(): Promise<void> {
    const [rows, lines] = [this.batch, this.batchLines];
    if (rows.length === 0) return;
    this.batch = [];
    this.batchLines = [];
    try {
      // In a savepoint: on PostgreSQL, a refused statement would otherwise leave the transaction
      // unable to run the inserts below that find the row at fault.
      await withSavepoint(this.db, () => insertRows(this.db, this.header.name, rows));
    } catch (error) {
      if (!constraintViolation(error)) throw error;
      // The batch is undone; one row at a time, the first refused is the one to name.
      for (const [i, row] of rows.entries()) await this.refusingAs(lines[i]!, () => insertRows(this.db, this.header.name, [row]));
      throw error;
    }
  }

  /** Runs a write for the row on `line`; a constraint it breaks is refused naming that line. */
  private async refusingAs(line: number, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const violation = constraintViolation(error);
      throw violation ? rowRefused(this.header.name, line, violation) : error;
    }
  }

  async finish(): Promise<void> {
    await this.flush();
    const key = this.shape.primaryKey[0]!;
    for (const { id, target, line } of this.deferred)
      await this.refusingAs(line, () => setColumn(this.db, this.header.name, { column: key, value: id }, this.selfReference!, target));
    if (this.rows !== this.header.rows) {
      throw invalid(
        FILE_FIELD,
        `has ${this.rows} rows of ${this.header.name} where its header announces ${this.header.rows}: the backup is damaged`,
      );
    }
  }
}

export async function restoreBackup(ctx: RestoreContext, input: ByteSource, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const lines = backupLines(input, options.maxLineBytes)[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw invalid(FILE_FIELD, 'is empty');
  const header = checkHeader(parseLine(first.value.text, first.value.number));
  const shapes = await checkTarget(ctx.db, header);
  const headers = new Map(header.tables.map((t) => [t.name, t]));
  const checker = new RowChecker(shapes, new Map(header.tables.map((t) => [t.name, t.columns])));
  const mediaTouched = new Set<string>();

  let summary: RestoreSummary;
  try {
    summary = await inTransaction(ctx.db, async (db) => {
      for (const [table, rows] of Object.entries(SELF_MADE_ROWS)) if (shapes.has(table)) await deleteRows(db, table, rows);
      const done = new Set<string>();
      let loader = null as TableLoader | null;
      let rows = 0;
      let files = 0;
      let filesNotIncluded = 0;
      let end: EndLine['end'] | null = null;
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const number = next.value.number;
        if (end) throw invalid(FILE_FIELD, `has content after its end line (line ${number})`);
        const line = parseLine(next.value.text, number) as Partial<RowLine & FileLine & EndLine>;
        if (line.table !== undefined) {
          if (loader?.header.name !== line.table) {
            await loader?.finish();
            const tableHeader = headers.get(line.table);
            if (!tableHeader || done.has(line.table))
              throw invalid(FILE_FIELD, `line ${number}: rows of ${line.table} are not announced by the header or not together`);
            done.add(line.table);
            loader = new TableLoader(db, tableHeader, shapes.get(line.table)!);
          }
          await loader.add(checker.check(line.table, line.row, number), number);
          rows++;
        } else if (line.file) {
          await loader?.finish();
          loader = null;
          // Only folders this restore writes to are removed on failure: a manifest-only backup's
          // files may have been copied into the media store by hand.
          checkFileLine(ctx, line.file, number);
          if (line.file.data !== undefined) mediaTouched.add(line.file.media);
          if (await restoreFile(ctx, line.file, number)) files++;
          else filesNotIncluded++;
        } else if (line.end) {
          await loader?.finish();
          loader = null;
          end = line.end;
        } else {
          throw invalid(FILE_FIELD, `line ${number} is neither a row, a file nor the end`);
        }
      }
      if (!end) throw invalid(FILE_FIELD, 'ends early (no end line): the backup is truncated');
      if (end.rows !== rows || end.files !== files + filesNotIncluded) {
        throw invalid(
          FILE_FIELD,
          `holds ${rows} rows and ${files + filesNotIncluded} files where its end line announces ${end.rows} and ${end.files}`,
        );
      }
      const missing = header.tables.find((t) => t.rows > 0 && !done.has(t.name));
      if (missing) throw invalid(FILE_FIELD, `announces ${missing.rows} rows of ${missing.name} but holds none`);
      // Counts and ranks are derived from the rows: made afresh, they are right whatever version
      // of Gazette wrote the backup and whatever count changes were still being folded then.
      await recountCommentCounts(db);
      await recomputeAllRanks(db);
      return {
        tables: header.tables.map((t) => ({ name: t.name, rows: t.rows })),
        files,
        filesNotIncluded,
        cleaned: { values: checker.cleaned, first: checker.firstCleaned },
      };
    });
  } catch (error) {
    for (const mediaId of mediaTouched) await ctx.mediaFiles.removeAll(mediaId);
    throw error;
  }
  // A restore fills every table at once: the planner learns their sizes now (planner-statistics.ts).
  await refreshPlannerStatistics(ctx.db);
  return summary;
}

/** What makes a media path unsafe, in words; the media store's own check (pathFor) is the rule. */
function unsafeBecause(part: string): string {
  const control = findControlChar(part);
  if (control) return `holds a control character (${codePointName(control)})`;
  if (part.startsWith('/') || /^[A-Za-z]:/.test(part)) return 'is absolute';
  if (part.includes('..')) return 'climbs out with ".."';
  if (part.includes('\\') || part.includes('/')) return 'holds a path separator';
  return 'is not a plain file name (letters, digits, ".", "_" and "-")';
}

/**
 * Checked before anything is written for it or queued for clean-up: a crafted line must never
 * reach the file system, not even through the removal that follows a failed restore.
 */
function checkFileLine(ctx: RestoreContext, file: FileLine['file'], number: number): asserts file is FileLine['file'] {
  if (typeof file !== 'object' || typeof file.media !== 'string' || typeof file.name !== 'string')
    throw invalid(FILE_FIELD, `line ${number}: a file line without media id and name`);
  try {
    ctx.mediaFiles.pathFor(file.media, file.name);
  } catch {
    const [part, reason] = isUnsafe(ctx, file.media) ? [file.media, unsafeBecause(file.media)] : [file.name, unsafeBecause(file.name)];
    throw invalid(
      FILE_FIELD,
      `line ${number}: the media path ${JSON.stringify(`${file.media}/${file.name}`)} is refused: ${JSON.stringify(part)} ${reason}`,
    );
  }
  if (file.data !== undefined && typeof file.data !== 'string')
    throw invalid(FILE_FIELD, `line ${number}: the data of ${file.media}/${file.name} is not base64 text`);
}

function isUnsafe(ctx: RestoreContext, mediaId: string): boolean {
  try {
    ctx.mediaFiles.pathFor(mediaId, 'x');
    return false;
  } catch {
    return true;
  }
}

/** Writes one media file from the backup (checked by checkFileLine); false when the backup only lists it. */
async function restoreFile(ctx: RestoreContext, file: FileLine['file'], number: number): Promise<boolean> {
  if (file.data === undefined) return false;
  const bytes = Buffer.from(file.data, 'base64');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== file.bytes || sha256 !== file.sha256) {
    throw invalid(FILE_FIELD, `line ${number}: ${file.media}/${file.name} does not match its size and SHA-256: the backup is damaged`);
  }
  await ctx.mediaFiles.write(file.media, file.name, bytes);
  return true;
}
