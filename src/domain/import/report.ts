// What an import did (or, in a dry run, would do): counts per kind of record, and every
// reason something was skipped or placed differently, with a few example source ids each.
import type { CommentStatus } from '../comments/types.ts';

export const IMPORT_KINDS = ['thread', 'comment', 'post', 'page', 'category', 'tag', 'author', 'attachment'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportFormat = 'disqus' | 'wordpress';

/** Why a record was skipped or handled specially. Stable strings: the CLI and the API show them as they are. */
export const REASONS = {
  alreadyImported: 'already imported',
  parentMissing: 'parent missing: placed at top level',
  externalPage: 'thread attached to an external page (no post matches its link)',
  attachedToPost: 'thread attached to a post',
  unknownThread: 'refers to a thread that is not in the file',
  emptyBody: 'empty body: kept with its source status',
  existingAccount: 'an account with this email already exists: used as is',
  existingTerm: 'a category or tag with this slug already exists: used as is',
  slugTaken: 'slug already used by another post: imported under a new slug',
  unsupportedType: 'item type not imported',
  pingback: 'pingbacks and trackbacks are not imported',
  badDate: 'date missing or invalid: the import time was used',
  recordedOnly: 'recorded (URL and metadata), not downloaded',
} as const;

export interface ImportNote {
  kind: ImportKind;
  reason: string;
  count: number;
  /** Up to five source ids, to find the records in the file. */
  examples: string[];
}

export interface ImportReport {
  format: ImportFormat;
  dryRun: boolean;
  bytesRead: number;
  imported: Record<ImportKind, number>;
  skipped: Record<ImportKind, number>;
  /** Imported comments by the status they were given. */
  commentStatuses: Record<CommentStatus, number>;
  notes: ImportNote[];
  /** Control characters (NUL …) removed from the file's text: stored text never holds them. */
  controlCharactersRemoved: number;
  /** Comments the spam filter learned from (spam marks as spam, approved as ham); zero with `learn: false`. */
  learned: { spam: number; ham: number };
}

const EXAMPLES = 5;
const zeroes = () => Object.fromEntries(IMPORT_KINDS.map((k) => [k, 0])) as Record<ImportKind, number>;

export class ReportBuilder {
  private readonly report: ImportReport;
  private readonly notes = new Map<string, ImportNote>();

  constructor(format: ImportFormat, dryRun: boolean) {
    this.report = {
      format,
      dryRun,
      bytesRead: 0,
      imported: zeroes(),
      skipped: zeroes(),
      commentStatuses: { published: 0, pending: 0, spam: 0, rejected: 0, deleted: 0, shadow: 0 },
      notes: [],
      controlCharactersRemoved: 0,
      learned: { spam: 0, ham: 0 },
    };
  }

  learned(counts: { spam: number; ham: number }): void {
    this.report.learned.spam += counts.spam;
    this.report.learned.ham += counts.ham;
  }

  imported(kind: ImportKind, count = 1): void {
    this.report.imported[kind] += count;
  }

  skipped(kind: ImportKind, reason: string, sourceId: string): void {
    this.report.skipped[kind]++;
    this.note(kind, reason, sourceId);
  }

  comment(status: CommentStatus): void {
    this.report.imported.comment++;
    this.report.commentStatuses[status]++;
  }

  note(kind: ImportKind, reason: string, sourceId: string): void {
    const key = `${kind}\u0000${reason}`;
    let note = this.notes.get(key);
    if (!note) {
      note = { kind, reason, count: 0, examples: [] };
      this.notes.set(key, note);
    }
    note.count++;
    if (note.examples.length < EXAMPLES) note.examples.push(sourceId);
  }

  /** Records of this kind seen so far, imported or skipped. */
  processed(kind: ImportKind): number {
    return this.report.imported[kind] + this.report.skipped[kind];
  }

  build(bytesRead: number, controlCharactersRemoved = 0): ImportReport {
    return { ...this.report, learned: { ...this.report.learned }, bytesRead, notes: [...this.notes.values()], controlCharactersRemoved };
  }
}
