// Imports convert a file rather than refuse it (issue 11, finding 10): control characters other
// than tab, line feed and carriage return are removed from text and attributes, counted in the
// report, and never reach the database, so PostgreSQL takes the file as SQLite does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { formatReport } from '../../src/cli/import.ts';
import { findControlChar } from '../../src/domain/control-chars.ts';
import { disqusXml, importText, importedComments } from './helpers.ts';

describe.each(testEngines())('control characters in an import (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('strips NUL and friends from bodies, names and ids, and counts them in the report', async () => {
    const xml = disqusXml(
      [{ id: 't1', link: 'https://old.example/a' }],
      [{ id: 'c\u00001', thread: 't1', body: '<p>be\u0000fore\u0007 after\ttab</p>' }],
    ).replace('Person c\u00001', 'Per\u0001son');
    const report = await importText(t.ctx, 'disqus', xml);
    expect(report.imported.comment).toBe(1);
    // The id attribute (1), the body (2), the author's name (1) and email (1, it holds the id).
    expect(report.controlCharactersRemoved).toBe(5);
    expect(formatReport(report)).toContain('removed 5 control characters (NUL and the like) from the text');
    const comment = (await importedComments(t.storage.db, 'disqus')).get('c1')!;
    expect(comment.body_html).toContain('before after');
    expect(findControlChar(comment.body_html)).toBeNull();
    expect(comment.guest_name).toBe('Person');
  });
});
