// Which database constraint refused a write, whichever engine refused it: PostgreSQL gives a
// SQLSTATE (and the columns in its detail), better-sqlite3 an extended result code (and the
// columns in its message). Callers that can say what went wrong in the user's terms (a slug
// taken, a backup row pointing nowhere) ask here instead of at the driver.

export type ConstraintKind = 'unique' | 'foreign key' | 'not null' | 'check';

export interface ConstraintViolation {
  kind: ConstraintKind;
  /** The columns at fault, when the engine names them (SQLite never does for a foreign key). */
  columns: string[];
  /** For a foreign key: the table pointed at, when the engine names it. */
  target?: string;
}

const BY_CODE: ReadonlyMap<string, ConstraintKind> = new Map([
  ['23505', 'unique'],
  ['23503', 'foreign key'],
  ['23502', 'not null'],
  ['23514', 'check'],
  ['SQLITE_CONSTRAINT_UNIQUE', 'unique'],
  ['SQLITE_CONSTRAINT_PRIMARYKEY', 'unique'],
  ['SQLITE_CONSTRAINT_FOREIGNKEY', 'foreign key'],
  ['SQLITE_CONSTRAINT_NOTNULL', 'not null'],
  ['SQLITE_CONSTRAINT_CHECK', 'check'],
]);

interface DriverError {
  code?: unknown;
  message?: unknown;
  /** PostgreSQL's: `Key (thread_id)=(x) is not present in table "threads".` */
  detail?: unknown;
  /** PostgreSQL's, for NOT NULL. */
  column?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function columnsOf(error: DriverError): string[] {
  if (typeof error.column === 'string') return [error.column];
  const postgresKey = /^Key \(([^)]*)\)=/.exec(text(error.detail));
  if (postgresKey) return postgresKey[1]!.split(', ');
  // SQLite: "UNIQUE constraint failed: tags.slug, tags.x", "NOT NULL constraint failed: comments.thread_id".
  const sqlite = /constraint failed: (.+)$/.exec(text(error.message));
  return sqlite ? sqlite[1]!.split(', ').map((column) => column.slice(column.lastIndexOf('.') + 1)) : [];
}

/** What constraint the error reports, or undefined when it is not a constraint violation. */
export function constraintViolation(error: unknown): ConstraintViolation | undefined {
  const driver = (error ?? {}) as DriverError;
  const kind = typeof driver.code === 'string' ? BY_CODE.get(driver.code) : undefined;
  if (!kind) return undefined;
  // The columns of a CHECK failure on SQLite are the constraint's name, not columns.
  const columns = kind === 'check' ? [] : columnsOf(driver);
  const target = / in table "([^"]+)"/.exec(text(driver.detail))?.[1];
  return { kind, columns, ...(target ? { target } : {}) };
}

export const isUniqueViolation = (error: unknown): boolean => constraintViolation(error)?.kind === 'unique';
