// A deterministic 10,000-comment thread written straight into a stopped server's database (its
// SQLite file, or its PostgreSQL database) in one transaction: posting that many through the API
// would take minutes and measure something else. Same seed, same thread, so runs are comparable.
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { wilsonLowerBound } from '../../src/domain/comments/wilson.ts';
import { renderComment } from '../../src/render/comment-markdown.ts';
import { seededRandom } from './random.ts';

const MAX_DEPTH = 6;
const SENTENCES = [
  'I have used this phone for a year and the battery still lasts two days.',
  'The camera is fine in daylight but struggles indoors.',
  'Pricing in India was always going to be the hard part.',
  'Nobody I know buys a phone for the brand any more.',
  'This is exactly what happened to **Nokia** ten years ago.',
  'Software updates matter more than the specification sheet.',
  'Their mid-range models were the best value for a while.',
  'Source? I read the opposite in the *quarterly report*.',
  'Europe is where they still sell well, so the focus makes sense.',
  'Retail presence is everything in these markets.',
];
const NAMES = [
  'Asha',
  'Ben',
  'Chidi',
  'Dana',
  'Eitan',
  'Farah',
  'Goran',
  'Hui',
  'Ines',
  'Jonas',
  'Kemal',
  'Lea',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
];

export interface BigThreadShape {
  topLevel: number;
  replies: number;
  seed: number;
}

const COLUMNS = [
  'id',
  'thread_id',
  'parent_id',
  'root_id',
  'depth',
  'guest_name',
  'guest_email',
  'body_markdown',
  'body_html',
  'status',
  'upvotes',
  'downvotes',
  'wilson',
  'created_at',
] as const;

type Row = (string | number | null)[];

/** The thread's rows, in COLUMNS' order, oldest first, and the deepest depth among them. */
function bigThreadRows(threadId: string, shape: BigThreadShape): { rows: Row[]; deepest: number } {
  const random = seededRandom(shape.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Vote counts are heavy-tailed, as on a real site: most comments get a few, some get many.
  const heavyTail = (mean: number) => Math.floor(-Math.log(1 - random()) * mean);
  const hex = () =>
    Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');

  const rows: Row[] = [];
  const made: { id: string; root: string; depth: number }[] = [];
  let time = Date.parse('2026-01-01T00:00:00Z');
  let topLeft = shape.topLevel;
  let repliesLeft = shape.replies;
  let deepest = 0;
  while (topLeft + repliesLeft > 0) {
    time += 1000 + Math.floor(random() * 60_000);
    const id = time.toString(36).padStart(9, '0') + hex() + hex();
    // Replies mostly answer recent comments, which is what builds deep conversations.
    const candidates = made.length > 50 && random() < 0.6 ? made.slice(-50) : made;
    const parent = candidates.length ? pick(candidates) : undefined;
    const asReply =
      repliesLeft > 0 &&
      parent !== undefined &&
      parent.depth < MAX_DEPTH &&
      (topLeft === 0 || random() < repliesLeft / (topLeft + repliesLeft));
    if (!asReply && topLeft === 0) continue;
    const depth = asReply ? parent.depth + 1 : 0;
    const markdown = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(SENTENCES)).join(' ');
    const up = heavyTail(4);
    const down = heavyTail(1);
    const name = pick(NAMES);
    rows.push([
      id,
      threadId,
      asReply ? parent.id : null,
      asReply ? parent.root : id,
      depth,
      name,
      `${name.toLowerCase()}@example.com`,
      markdown,
      renderComment(markdown).html,
      'published',
      up,
      down,
      wilsonLowerBound(up, down),
      new Date(time).toISOString(),
    ]);
    made.push({ id, root: asReply ? parent.root : id, depth });
    deepest = Math.max(deepest, depth);
    if (asReply) repliesLeft--;
    else topLeft--;
  }
  return { rows, deepest };
}

/** Inserts the comments into `threadId` in the SQLite file of `dataDir` and sets its count; returns the deepest depth made. */
export function writeBigThread(dataDir: string, threadId: string, shape: BigThreadShape): number {
  const { rows, deepest } = bigThreadRows(threadId, shape);
  const db = new SQLite(path.join(dataDir, 'gazette.db'));
  db.pragma('journal_mode = WAL');
  const insert = db.prepare(`INSERT INTO comments (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (const row of rows) insert.run(...row);
    db.prepare('UPDATE threads SET comment_count = ? WHERE id = ?').run(rows.length, threadId);
  })();
  db.close();
  return deepest;
}

/**
 * The same into the PostgreSQL database at `databaseUrl`, 500 rows a statement, then ANALYZE:
 * as after `gazette import`, the planner knows the table's size before the first request.
 */
export async function writeBigThreadPostgres(databaseUrl: string, threadId: string, shape: BigThreadShape): Promise<number> {
  const { rows, deepest } = bigThreadRows(threadId, shape);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      const placeholders = chunk.map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`);
      await client.query(`INSERT INTO comments (${COLUMNS.join(', ')}) VALUES ${placeholders.join(', ')}`, chunk.flat());
    }
    await client.query('UPDATE threads SET comment_count = $1 WHERE id = $2', [rows.length, threadId]);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  return deepest;
}
