// threads.comment_count under concurrent changes. SQLite updates the row in the transaction;
// PostgreSQL records each change and folds it in after commit (comment-count-changes.ts), so that
// comments on one thread do not queue for its row lock. Either way: a caller answered sees its
// change counted, a rolled-back change never counts, and nothing is counted twice.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, inTransaction, type Db } from '../../src/storage/db.ts';
import { adjustCommentCount, findThreadById, insertThread } from '../../src/storage/repos/threads.ts';
import { foldAllCommentCountChanges } from '../../src/storage/repos/comment-count-changes.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';

const AT = '2026-12-06T01:00:00.000Z';
let threads = 0;

async function newThread(db: Db): Promise<string> {
  const id = `thread-${++threads}`;
  await insertThread(db, {
    id,
    post_id: null,
    site: 'https://blog.example',
    url: `https://blog.example/${id}`,
    page_id: null,
    title: id,
    comment_count: 0,
    closed_at: null,
    policy: null,
    created_at: AT,
  });
  return id;
}

const countOf = async (db: Db, id: string) => (await findThreadById(db, id))!.comment_count;
const waitingChanges = async (db: Db) =>
  Number((await sql<{ n: number }>`select count(*) as n from thread_count_changes`.execute(db)).rows[0]!.n);

describe.each(testEngines())('comment counts (%s)', (engine) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
  });
  afterAll(() => storage.dispose());

  it('counts every one of many changes made at once, exactly once, by the time each caller is answered', async () => {
    const thread = await newThread(storage.db);
    const seenByCaller = await Promise.all(
      Array.from({ length: 40 }, async () => {
        await inTransaction(storage.db, (db) => adjustCommentCount(db, thread, 1));
        return countOf(storage.db, thread);
      }),
    );
    // Each caller, once answered, saw at least its own change; the last saw all of them.
    expect(Math.min(...seenByCaller)).toBeGreaterThanOrEqual(1);
    expect(await countOf(storage.db, thread)).toBe(40);
    expect(await waitingChanges(storage.db)).toBe(0);
  });

  it('shows a change to the caller that made it as soon as its transaction is answered', async () => {
    const thread = await newThread(storage.db);
    for (let i = 1; i <= 5; i++) {
      await inTransaction(storage.db, (db) => adjustCommentCount(db, thread, 1));
      expect(await countOf(storage.db, thread)).toBe(i);
    }
    await adjustCommentCount(storage.db, thread, -2); // outside a transaction: counted before it returns
    expect(await countOf(storage.db, thread)).toBe(3);
  });

  it('never counts a change whose transaction rolled back', async () => {
    const thread = await newThread(storage.db);
    await expect(
      inTransaction(storage.db, async (db) => {
        await adjustCommentCount(db, thread, 5);
        throw new Error('refused after counting');
      }),
    ).rejects.toThrow('refused after counting');
    expect(await countOf(storage.db, thread)).toBe(0);
    expect(await waitingChanges(storage.db)).toBe(0);
  });

  it('counts inside a transaction opened directly (an import dry run), and forgets it with that transaction', async () => {
    const thread = await newThread(storage.db);
    const seenInside = await storage.db
      .transaction()
      .execute(async (trx) => {
        await adjustCommentCount(trx, thread, 3);
        const inside = await countOf(trx, thread);
        throw Object.assign(new Error('dry run'), { inside });
      })
      .catch((error: { inside: number }) => error.inside);
    expect(seenInside).toBe(3);
    expect(await countOf(storage.db, thread)).toBe(0);
    expect(await waitingChanges(storage.db)).toBe(0);
  });
});

describe.each(testEngines().filter((engine) => engine === 'postgres'))('comment-count changes left behind (%s)', (engine) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
  });
  afterAll(() => storage.dispose());

  it('folds the changes a killed process committed but never folded, when the next process starts', async () => {
    const thread = await newThread(storage.db);
    const other = await newThread(storage.db);
    // What a process killed between its commits and its folds leaves behind.
    await storage.db
      .insertInto('thread_count_changes')
      .values([
        { thread_id: thread, delta: 1 },
        { thread_id: thread, delta: 1 },
        { thread_id: other, delta: 1 },
      ])
      .execute();
    expect(await foldAllCommentCountChanges(storage.db)).toBe(2);
    expect(await countOf(storage.db, thread)).toBe(2);
    expect(await countOf(storage.db, other)).toBe(1);
    expect(await waitingChanges(storage.db)).toBe(0);
    // The next change on the thread is counted on top, not instead.
    await inTransaction(storage.db, (db) => adjustCommentCount(db, thread, 1));
    expect(await countOf(storage.db, thread)).toBe(3);
  });

  it('drops the waiting changes of a thread deleted before they were folded, and folds the rest', async () => {
    const gone = await newThread(storage.db);
    const kept = await newThread(storage.db);
    // Migration 0020: the changes no longer reference their thread, so deleting one leaves them.
    await storage.db
      .insertInto('thread_count_changes')
      .values([
        { thread_id: gone, delta: 1 },
        { thread_id: kept, delta: 2 },
      ])
      .execute();
    await storage.db.deleteFrom('threads').where('id', '=', gone).execute();
    expect(await waitingChanges(storage.db)).toBe(2);
    expect(await foldAllCommentCountChanges(storage.db)).toBe(2);
    expect(await waitingChanges(storage.db)).toBe(0);
    expect(await findThreadById(storage.db, gone)).toBeUndefined();
    expect(await countOf(storage.db, kept)).toBe(2);
  });

  it('counts exactly once when two instances fold the same thread at the same time', async () => {
    const thread = await newThread(storage.db);
    const second = createStorage({ engine: 'postgres', url: storage.env.DATABASE_URL!, poolSize: 4 });
    try {
      await Promise.all(
        [storage.db, second.db].flatMap((db) =>
          Array.from({ length: 25 }, () => inTransaction(db, (trx) => adjustCommentCount(trx, thread, 1))),
        ),
      );
      expect(await countOf(storage.db, thread)).toBe(50);
      expect(await waitingChanges(storage.db)).toBe(0);
    } finally {
      await second.close();
    }
  });
});
