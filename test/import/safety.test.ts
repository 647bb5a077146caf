// Hostile and broken files: refused at once, with a clear message, without reading anything
// else; and a failure part way leaves nothing half-written.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/domain/import/run.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { disqusXml, FIXTURES, importText, importedComments, tableCounts } from './helpers.ts';

const BOMBS = fs.readdirSync(FIXTURES).filter((f) => /^bomb.*\.xml$/.test(f));

/** The file's first 4 KB, then endless filler: an importer that reads on would never finish. */
function endless(file: string) {
  let chunks = 0;
  const head = fs.readFileSync(path.join(FIXTURES, file)).subarray(0, 4096);
  const stream = new Readable({
    read() {
      chunks++;
      this.push(chunks === 1 ? head : Buffer.alloc(65536, 0x61));
    },
  });
  return { stream, chunksRead: () => chunks };
}

describe.each(testEngines())('import safety (%s)', (engine) => {
  let t: TestApp;
  let server: http.Server;
  let requests = 0;
  let port = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    server = http.createServer((_req, res) => {
      requests++;
      res.end('<!ENTITY leak "leaked">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t?.close();
  });

  it.each(BOMBS)('refuses %s from its DOCTYPE, before reading further', async (file) => {
    expect(BOMBS.length).toBeGreaterThanOrEqual(5);
    const before = await tableCounts(t.storage.db);
    const { stream, chunksRead } = endless(file);
    await expect(runImport(t.ctx, { format: 'disqus', input: stream })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      field: 'file',
      message: expect.stringMatching(/declares XML entities|external DTD or entity \(SYSTEM\/PUBLIC\)/),
    });
    expect(chunksRead()).toBeLessThanOrEqual(2);
    expect(await tableCounts(t.storage.db)).toEqual(before);
  });

  it('fetches nothing that a DOCTYPE names', async () => {
    const external = `<?xml version="1.0"?>\n<!DOCTYPE disqus SYSTEM "http://127.0.0.1:${port}/evil.dtd">\n<disqus/>`;
    const entity = `<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY x SYSTEM "http://127.0.0.1:${port}/x">]>\n<disqus>&x;</disqus>`;
    const publicId = `<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//X//DTD X//EN" "http://127.0.0.1:${port}/p.dtd">\n<rss/>`;
    await expect(importText(t.ctx, 'disqus', external)).rejects.toThrow(/SYSTEM\/PUBLIC/);
    await expect(importText(t.ctx, 'disqus', entity)).rejects.toThrow(/declares XML entities/);
    await expect(importText(t.ctx, 'wordpress', publicId)).rejects.toThrow(/SYSTEM\/PUBLIC/);
    expect(requests).toBe(0);
  });

  it('accepts a plain DOCTYPE without entities or external ids', async () => {
    const report = await importText(t.ctx, 'disqus', disqusXml([], []).replace('<disqus', '<!DOCTYPE disqus>\n<disqus'));
    expect(report.imported.comment).toBe(0);
  });

  it('stops on malformed XML with its line and column', async () => {
    const broken =
      '<?xml version="1.0"?>\n<disqus>\n  <thread dsq:id="1">\n    <link>https://a.example/x</link>\n  </threads>\n</disqus>\n';
    await expect(importText(t.ctx, 'disqus', broken)).rejects.toThrow(/malformed XML at line 5, column \d+: Unexpected close tag/);
    await expect(importText(t.ctx, 'disqus', '<disqus><post>&nbsp;</post></disqus>')).rejects.toThrow(
      /malformed XML at line 1, column \d+/,
    );
    await expect(importText(t.ctx, 'wordpress', disqusXml([], []))).rejects.toThrow(/not a WordPress export/);
  });

  it('places a reply whose parent is missing at top level, and says so', async () => {
    const xml = disqusXml(
      [{ id: 'm1', link: 'https://blog.example/missing/' }],
      [
        { id: 'm-a', thread: 'm1' },
        { id: 'm-b', thread: 'm1', parent: 'm-gone' },
        { id: 'm-c', thread: 'm1', parent: 'm-b' },
      ],
    );
    const report = await importText(t.ctx, 'disqus', xml);
    expect(report.imported.comment).toBe(3);
    expect(report.notes).toContainEqual({ kind: 'comment', reason: 'parent missing: placed at top level', count: 1, examples: ['m-b'] });
    const comments = await importedComments(t.storage.db, 'disqus');
    expect(comments.get('m-b')).toMatchObject({ depth: 0, parent_source_id: null });
    expect(comments.get('m-c')).toMatchObject({ depth: 1, parent_source_id: 'm-b' });
    const thread = await t.storage.db
      .selectFrom('threads')
      .selectAll()
      .where('url', '=', 'https://blog.example/missing/')
      .executeTakeFirstOrThrow();
    expect(thread).toMatchObject({ site: 'https://blog.example', post_id: null, comment_count: 3 });
  });

  it('keeps deleted and spam flags, empty bodies and closed threads', async () => {
    const xml = disqusXml(
      [{ id: 'f1', link: 'https://blog.example/flags/', closed: true }],
      [
        { id: 'f-a', thread: 'f1', deleted: true },
        { id: 'f-b', thread: 'f1', spam: true, body: '' },
        { id: 'f-c', thread: 'f1', body: '' },
      ],
    );
    const report = await importText(t.ctx, 'disqus', xml);
    expect(report.commentStatuses).toMatchObject({ deleted: 1, spam: 1, published: 1 });
    expect(report.notes.find((n) => n.reason.startsWith('empty body'))?.count).toBe(2);
    const comments = await importedComments(t.storage.db, 'disqus');
    expect(comments.get('f-c')).toMatchObject({ status: 'published', body_html: '' });
    const thread = await t.storage.db
      .selectFrom('threads')
      .selectAll()
      .where('url', '=', 'https://blog.example/flags/')
      .executeTakeFirstOrThrow();
    expect(thread.closed_at).not.toBeNull();
  });

  it('leaves nothing of a thread whose write fails, and a re-run completes the import', async () => {
    // A trigger that refuses one comment, half way through the second thread.
    if (engine === 'sqlite') {
      await sql`CREATE TRIGGER refuse_boom BEFORE INSERT ON comments WHEN NEW.body_markdown = 'BOOM' BEGIN SELECT RAISE(ABORT, 'boom'); END`.execute(
        t.storage.db,
      );
    } else {
      await sql`CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN IF NEW.body_markdown = 'BOOM' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(
        t.storage.db,
      );
      await sql`CREATE TRIGGER refuse_boom BEFORE INSERT ON comments FOR EACH ROW EXECUTE FUNCTION refuse_boom()`.execute(t.storage.db);
    }
    const xml = disqusXml(
      [
        { id: 'ok', link: 'https://blog.example/ok/' },
        { id: 'bad', link: 'https://blog.example/bad/' },
      ],
      [
        { id: 'ok-1', thread: 'ok' },
        { id: 'ok-2', thread: 'ok', parent: 'ok-1' },
        { id: 'bad-1', thread: 'bad' },
        { id: 'bad-2', thread: 'bad', body: 'BOOM' },
        { id: 'bad-3', thread: 'bad', parent: 'bad-1' },
      ],
    );
    await expect(importText(t.ctx, 'disqus', xml)).rejects.toThrow(/boom/);
    let comments = await importedComments(t.storage.db, 'disqus');
    expect(comments.has('ok-2')).toBe(true);
    expect(['bad-1', 'bad-2', 'bad-3'].some((id) => comments.has(id))).toBe(false);
    expect(
      await t.storage.db.selectFrom('threads').select('id').where('url', '=', 'https://blog.example/bad/').executeTakeFirst(),
    ).toBeUndefined();

    await sql`DROP TRIGGER refuse_boom${sql.raw(engine === 'postgres' ? ' ON comments' : '')}`.execute(t.storage.db);
    const rerun = await importText(t.ctx, 'disqus', xml);
    expect(rerun.imported).toMatchObject({ thread: 1, comment: 3 });
    expect(rerun.skipped).toMatchObject({ thread: 1, comment: 2 });
    comments = await importedComments(t.storage.db, 'disqus');
    expect(comments.get('bad-3')).toMatchObject({ depth: 1, parent_source_id: 'bad-1' });
  });
});
