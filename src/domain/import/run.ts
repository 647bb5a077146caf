// The one entry point for imports, used by the CLI, the admin upload and the demo.
//
// Real runs write in many small transactions (one per thread batch or item), so the site stays
// writable during a long import, and a run that fails part way is finished by running it again:
// what is already in is recognised by its source id and skipped. A dry run does exactly the
// same work inside one transaction that is rolled back at the end, so its report is what a real
// run would say and nothing stays written.
import { invalid } from '../../errors.ts';
import type { DomainContext } from '../context.ts';
import { createDisqusReader } from './disqus.ts';
import { importDisqus, type UrlRule } from './disqus-import.ts';
import { ReportBuilder, type ImportFormat, type ImportReport } from './report.ts';
import { createWordpressReader } from './wordpress.ts';
import { importWordpress } from './wordpress-import.ts';
import { importScreener } from './screen.ts';
import { loadModerationSettings } from '../moderation/settings.ts';
import { refreshPlannerStatistics } from '../../storage/repos/planner-statistics.ts';
import { GrowthAnalyses } from './growth-analyses.ts';

export type { ImportReport } from './report.ts';

export interface ImportProgress {
  bytesRead: number;
  comments: number;
}

export interface ImportOptions {
  format: ImportFormat;
  input: NodeJS.ReadableStream;
  dryRun?: boolean;
  /** Disqus only: link prefixes rewritten before threads are matched to posts, in order. */
  mapUrl?: UrlRule[];
  onProgress?: (progress: ImportProgress) => void;
  /** Run imported comments through the moderation pipeline with the site's settings (as of their own time). */
  screen?: boolean;
  /** Teach the spam filter the file's spam marks (as spam) and approved comments (as ham); on unless false. */
  learn?: boolean;
}

class DryRunRollback extends Error {}

function checkRules(rules: UrlRule[]): void {
  rules.forEach((rule, index) => {
    if (!rule.from) throw invalid(`mapUrl[${index}].from`, 'must not be empty');
  });
}

/** The tables an import writes to (both formats), which it has PostgreSQL analyse. */
const IMPORTED_TABLES = [
  'comments',
  'threads',
  'import_sources',
  'users',
  'posts',
  'categories',
  'tags',
  'post_tags',
  'spam_tokens',
] as const;

export async function runImport(ctx: DomainContext, options: ImportOptions): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const mapUrl = options.mapUrl ?? [];
  checkRules(mapUrl);
  const report = new ReportBuilder(options.format, dryRun);
  const disqus = options.format === 'disqus' ? createDisqusReader() : null;
  const wordpress = options.format === 'wordpress' ? createWordpressReader() : null;
  const bytesRead = () => disqus?.bytesRead ?? wordpress?.bytesRead ?? 0;
  const progress = () => options.onProgress?.({ bytesRead: bytesRead(), comments: report.processed('comment') });
  // The planner learns the tables' sizes as they grow (growth-analyses.ts), not only at the end.
  const analyses = new GrowthAnalyses();
  const afterBatch = async () => {
    progress();
    if (!dryRun && analyses.due(report.processed('comment'))) await refreshPlannerStatistics(ctx.db, IMPORTED_TABLES);
  };

  const learn = options.learn ?? true;
  const screen = options.screen ? importScreener(ctx, await loadModerationSettings(ctx)) : undefined;

  const work = async (scope: DomainContext) => {
    if (disqus) await importDisqus(scope, disqus.records(options.input), { mapUrl, onBatch: afterBatch, screen, learn }, report);
    else if (wordpress) await importWordpress(scope, wordpress.records(options.input), report, afterBatch, screen, learn);
    else throw invalid('format', 'must be disqus or wordpress');
  };

  if (dryRun) {
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await work({ ...ctx, db: trx });
        throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
  } else {
    try {
      await work(ctx);
      // What was imported may be most of the database: the planner learns its new size now,
      // not at autovacuum's next visit (storage/repos/planner-statistics.ts).
      await refreshPlannerStatistics(ctx.db, IMPORTED_TABLES);
    } finally {
      // Whatever landed before a failure is visible now, so cached pages must go.
      ctx.events.publish({ type: 'content.changed' });
    }
  }
  progress();
  return report.build(bytesRead(), disqus?.controlCharsRemoved ?? wordpress?.controlCharsRemoved ?? 0);
}
