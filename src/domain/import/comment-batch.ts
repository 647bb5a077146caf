// Writes one batch of a thread's imported comments: skips what an earlier import brought in,
// hangs replies below parents imported earlier, remembers every source id, and reports.
// The caller provides the transaction, so a batch lands whole or not at all.
import type { Db } from '../../storage/db.ts';
import { commentPlacements, findImported, recordImported } from '../../storage/repos/import-sources.ts';
import { importComments, type ImportedComment, type ImportScreen, type Placement } from '../comments/import.ts';
import { labelOfSource, learnFromImport } from './learn.ts';
import { REASONS, type ReportBuilder } from './report.ts';

export interface CommentBatch {
  system: string;
  threadId: string;
  comments: ImportedComment[];
  now: string;
  /** `--screen`: run the comments through the moderation pipeline. */
  screen?: ImportScreen;
  /** Teach the spam filter the source's spam marks and approvals (off with `--no-learn`). */
  learn?: boolean;
}

export async function writeCommentBatch(db: Db, batch: CommentBatch, report: ReportBuilder): Promise<void> {
  const key = { system: batch.system, kind: 'comment' };
  const already = await findImported(
    db,
    key,
    batch.comments.map((c) => c.sourceId),
  );
  const fresh: ImportedComment[] = [];
  const seen = new Set<string>();
  for (const comment of batch.comments) {
    if (already.has(comment.sourceId) || seen.has(comment.sourceId)) report.skipped('comment', REASONS.alreadyImported, comment.sourceId);
    else {
      seen.add(comment.sourceId);
      fresh.push(comment);
    }
  }
  if (fresh.length === 0) return;

  // Parents outside this batch may have come in with an earlier batch or run: find where they sit.
  const outside = [...new Set(fresh.map((c) => c.sourceParentId).filter((p): p is string => p !== null && !seen.has(p)))];
  const earlier = new Map<string, Placement>();
  if (outside.length > 0) {
    const localIds = await findImported(db, key, outside);
    const bySource = new Map([...localIds].filter((e): e is [string, string] => e[1] !== null).map(([source, local]) => [local, source]));
    for (const row of await commentPlacements(db, [...bySource.keys()])) {
      if (row.thread_id === batch.threadId) earlier.set(bySource.get(row.id)!, row);
    }
  }

  // The source's label, not --screen's verdict: the filter learning its own verdicts would only grow surer of its mistakes.
  const comments = batch.learn ? fresh.map((c) => ({ ...c, learnAs: labelOfSource(c.status) })) : fresh;
  const summary = await importComments(db, batch.threadId, comments, { earlier, now: batch.now, screen: batch.screen });
  await recordImported(
    db,
    key,
    summary.placed.map((p) => ({ sourceId: p.sourceId, localId: p.comment.id })),
    batch.now,
  );
  // Only what this batch inserted: comments skipped as already imported were learned (or not) when they came in.
  if (batch.learn)
    report.learned(
      await learnFromImport(
        db,
        summary.placed.map((p) => p.comment),
      ),
    );
  for (const { sourceId, comment } of summary.placed) {
    report.comment(comment.status);
    if (comment.body_markdown === '') report.note('comment', REASONS.emptyBody, sourceId);
  }
  for (const orphan of summary.orphans) report.note('comment', REASONS.parentMissing, orphan);
}
