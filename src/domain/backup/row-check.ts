// Every row of a backup is checked against its table's shape before it is inserted: only the
// columns the header announces, each value of its column's kind, and in a column of a fixed set
// of values (a role, a status: allowed-values.ts) one of that set. A crafted or damaged file is
// then refused with its line, table and column, instead of a raw database error or (worse) a
// value the database accepts but Gazette cannot read. Control characters in text (SQLite kept
// them before input was checked; PostgreSQL refuses NUL) are removed and counted, so a site
// whose SQLite database holds them can still move to PostgreSQL.
import { invalid } from '../../errors.ts';
import type { ColumnShape, Row, TableShape } from '../../storage/repos/backup.ts';
import { stripControlChars } from '../control-chars.ts';
import { ALLOWED_VALUES } from './allowed-values.ts';
import { isStoredTimestamp } from '../keyset.ts';

type Kind = 'boolean' | 'integer' | 'number' | 'timestamp' | 'json' | 'text';

const EXPECTED: Record<Kind, string> = {
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  timestamp: 'an ISO 8601 timestamp',
  json: 'a JSON text',
  text: 'a string',
};

function kindOf(column: ColumnShape): Kind {
  const type = column.type;
  if (type.includes('bool')) return 'boolean';
  if (type.startsWith('timestamp')) return 'timestamp';
  if (/int/.test(type)) return 'integer';
  if (/numeric|decimal|real|double|float/.test(type)) return 'number';
  if (type === 'json' || type === 'jsonb') return 'json';
  // SQLite keeps timestamps as text; columns named *_at hold them (a test keeps the convention).
  return column.name.endsWith('_at') ? 'timestamp' : 'text';
}

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'timestamp':
      return isStoredTimestamp(value);
    case 'json':
      if (typeof value !== 'string') return false;
      try {
        JSON.parse(value);
        return true;
      } catch {
        return false;
      }
    case 'text':
      return typeof value === 'string';
  }
}

const describe = (value: unknown) =>
  Array.isArray(value)
    ? 'a list'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? 'an object'
        : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;

export class RowChecker {
  /** Text values that had control characters removed, and where the first one was. */
  cleaned = 0;
  firstCleaned: string | null = null;
  private readonly kinds = new Map<string, Map<string, Kind>>();

  constructor(shapes: Map<string, TableShape>, announced: Map<string, string[]>) {
    for (const [table, shape] of shapes) {
      const columns = new Set(announced.get(table) ?? []);
      this.kinds.set(table, new Map(shape.columns.filter((c) => columns.has(c.name)).map((c) => [c.name, kindOf(c)])));
    }
  }

  /** The row as it may be inserted (text cleaned), or a refusal naming line, table and column. */
  check(table: string, row: unknown, line: number): Row {
    const kinds = this.kinds.get(table)!;
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw invalid('<file>', `line ${line}: a row of ${table} that is not an object: the backup is damaged`);
    const out: Row = {};
    for (const [column, value] of Object.entries(row)) {
      const kind = kinds.get(column);
      if (!kind)
        throw invalid(
          '<file>',
          `line ${line}: ${table}.${JSON.stringify(column).slice(1, -1)} is not a column the backup's header announces for ${table}`,
        );
      if (value !== null && !fits(kind, value))
        throw invalid('<file>', `line ${line}: ${table}.${column} must be ${EXPECTED[kind]} or null, not ${describe(value)}`);
      const allowed = ALLOWED_VALUES.get(table)?.get(column);
      if (allowed && value !== null && !allowed.includes(value as string))
        throw invalid('<file>', `line ${line}: ${table}.${column} must be one of ${allowed.join(', ')}, not ${describe(value)}`);
      if (typeof value === 'string' && kind === 'text') {
        const { text, removed } = stripControlChars(value);
        if (removed > 0) {
          this.cleaned++;
          this.firstCleaned ??= `line ${line}, ${table}.${column}`;
        }
        out[column] = text;
      } else {
        out[column] = value;
      }
    }
    return out;
  }
}
