// Measured on the seed: the thread imported with every comment marked "not spam" and screened
// by the pipeline with the default settings and the shipped base spam model (no site decisions).
// The six empty bot posts must end up spam; none of the 129 real comments may be held or marked
// spam (angry and profane is not spam). The confusion matrix is printed for the record.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/domain/import/run.ts';
import { parseModeration } from '../../src/domain/moderation/types.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';

const SEED = path.join(import.meta.dirname, '../../../shared/fixtures/seed-disqus.xml');
const OUTCOMES = ['published', 'pending', 'spam', 'shadow'] as const;

describe.each(testEngines())('the seed thread through the pipeline (%s)', (engine) => {
  let t: TestApp;
  let rows: { body_markdown: string; status: string; moderation: string; guest_name: string | null; spam_score: number | null }[];
  beforeAll(async () => {
    t = await buildTestApp(engine);
    const xml = fs.readFileSync(SEED, 'utf8').replaceAll('<isSpam>true</isSpam>', '<isSpam>false</isSpam>');
    expect(xml).not.toContain('<isSpam>true</isSpam>');
    const report = await runImport(t.ctx, { format: 'disqus', input: Readable.from([xml]), screen: true });
    expect(report.imported.comment).toBe(135);
    rows = await t.storage.db
      .selectFrom('comments')
      .select(['body_markdown', 'status', 'moderation', 'guest_name', 'spam_score'])
      .execute();
  }, 60_000);
  afterAll(async () => t?.close());

  it('puts the six empty bot posts in spam and holds none of the 129 real comments', () => {
    const bots = rows.filter((r) => r.body_markdown === '');
    const real = rows.filter((r) => r.body_markdown !== '');
    expect(bots).toHaveLength(6);
    expect(real).toHaveLength(129);
    const count = (list: typeof rows, status: string) => list.filter((r) => r.status === status).length;
    const matrix = [
      ['', ...OUTCOMES],
      ['bot (empty)', ...OUTCOMES.map((s) => String(count(bots, s)))],
      ['real', ...OUTCOMES.map((s) => String(count(real, s)))],
    ];
    const widths = matrix[0]!.map((_, i) => Math.max(...matrix.map((row) => row[i]!.length)));
    console.log(
      `seed screening on ${engine}:\n${matrix.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')).join('\n')}`,
    );
    for (const r of real.filter((x) => x.status !== 'published'))
      console.log(`  held/spam real comment by ${r.guest_name}: ${r.moderation}`);
    console.log(`  real comments with masked words: ${real.filter((r) => r.moderation.includes('"words"')).length}`);

    expect(count(bots, 'spam')).toBe(6);
    expect(count(real, 'published')).toBe(129);
    // The learned filter did speak: every real comment carries its score.
    expect(real.filter((r) => r.spam_score === null)).toEqual([]);
    for (const bot of bots)
      expect(parseModeration(bot.moderation)).toContainEqual(expect.objectContaining({ step: 'empty', verdict: 'spam' }));
  });

  it('masks profanity but keeps the comment', () => {
    const masked = rows.filter((r) => parseModeration(r.moderation).some((s) => s.step === 'words'));
    for (const r of masked) {
      expect(r.status).toBe('published');
      expect(r.body_markdown).not.toMatch(/\bfuck/i);
    }
  });
});
