// `gazette import disqus|wordpress FILE`: streams the file through the importer, with a
// progress bar on a terminal (stderr) and a summary at the end (stdout).
import fs from 'node:fs';
import { Command } from 'commander';
import { invalid } from '../errors.ts';
import { runImport, type ImportProgress } from '../domain/import/run.ts';
import { IMPORT_KINDS, type ImportReport } from '../domain/import/report.ts';
import { withRuntime } from './with-runtime.ts';

const BAR_WIDTH = 30;

function parseRule(value: string, previous: { from: string; to: string }[]) {
  const at = value.indexOf('=');
  if (at <= 0) throw invalid('--map-url', `"${value}" is not OLD_PREFIX=NEW_PREFIX`);
  return [...previous, { from: value.slice(0, at), to: value.slice(at + 1) }];
}

function progressBar(total: number): { update(p: ImportProgress): void; done(): void } {
  if (!process.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  let latest: ImportProgress | undefined;
  const draw = (p: ImportProgress) => {
    const share = total > 0 ? Math.min(1, p.bytesRead / total) : 0;
    const filled = Math.round(share * BAR_WIDTH);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.comments.toLocaleString('en')} comments`,
    );
  };
  return {
    update(p) {
      latest = p;
      // Redrawn at most ten times a second: a terminal is slower than the importer.
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      draw(p);
    },
    done() {
      if (latest) draw(latest);
      process.stderr.write('\n');
    },
  };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export function formatReport(report: ImportReport): string {
  const counts = (byKind: Record<string, number>) =>
    IMPORT_KINDS.filter((k) => byKind[k]! > 0)
      .map((k) => plural(byKind[k]!, k))
      .join(', ') || 'nothing';
  const statuses = Object.entries(report.commentStatuses)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n.toLocaleString('en')} ${status}`)
    .join(', ');
  const lines = [
    `${report.dryRun ? 'dry run, nothing written; would import' : 'imported'}: ${counts(report.imported)}${statuses ? ` (comments: ${statuses})` : ''}`,
    `skipped: ${counts(report.skipped)}`,
  ];
  const { spam, ham } = report.learned;
  if (spam + ham > 0)
    lines.push(
      `${report.dryRun ? 'would teach' : 'taught'} the spam filter: ${plural(spam, 'spam comment')}, ${plural(ham, 'approved comment')}`,
    );
  if (report.controlCharactersRemoved > 0)
    lines.push(`removed ${plural(report.controlCharactersRemoved, 'control character')} (NUL and the like) from the text`);
  if (report.notes.length > 0) {
    lines.push('why:');
    for (const note of report.notes) lines.push(`  ${plural(note.count, note.kind)}: ${note.reason} (e.g. ${note.examples.join(', ')})`);
  }
  return lines.join('\n');
}

function importAction(format: 'disqus' | 'wordpress') {
  return async (
    file: string,
    options: { mapUrl?: { from: string; to: string }[]; dryRun?: boolean; screen?: boolean; learn?: boolean },
  ) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) throw invalid('<file>', `${file} is not a readable file`);
    await withRuntime(async ({ ctx }) => {
      const bar = progressBar(stat.size);
      try {
        const report = await runImport(ctx, {
          format,
          input: fs.createReadStream(file),
          dryRun: options.dryRun,
          mapUrl: options.mapUrl,
          screen: options.screen,
          learn: options.learn,
          onProgress: bar.update,
        });
        bar.done();
        console.log(formatReport(report));
      } catch (error) {
        bar.done();
        throw error;
      }
    });
  };
}

export function importCommand(): Command {
  const command = new Command('import').description(
    'bring comments and content in from Disqus or WordPress (safe to run again: nothing is imported twice)',
  );
  command
    .command('disqus')
    .description('import a Disqus XML export: threads, comments with their replies, authors, spam and deleted flags')
    .argument('<file>', 'the Disqus export (XML)')
    .option(
      '--map-url <OLD=NEW>',
      'rewrite thread links starting with OLD to start with NEW before matching them to posts (/articles/SLUG); repeatable',
      parseRule,
      [],
    )
    .option('--dry-run', 'report what would be imported without writing anything')
    .option(
      '--screen',
      'run the comments through the moderation pipeline (empty, links, word list, repeats, learned filter …) as of their own time',
    )
    .option('--no-learn', "do not teach the spam filter the export's spam marks (as spam) and other comments (as ham)")
    .action(importAction('disqus'));
  command
    .command('wordpress')
    .description('import a WordPress export (WXR 1.1/1.2): authors, categories, tags, posts, pages, comments, attachment records')
    .argument('<file>', 'the WordPress export (XML)')
    .option('--dry-run', 'report what would be imported without writing anything')
    .option('--screen', 'run the comments through the moderation pipeline as of their own time')
    .option('--no-learn', "do not teach the spam filter the export's spam marks (as spam) and approved comments (as ham)")
    .action(importAction('wordpress'));
  return command;
}
