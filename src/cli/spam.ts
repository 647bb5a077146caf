// `gazette spam evaluate FILE`: how the moderation pipeline, with this site's settings and
// filter, would judge a labelled export; nothing is written.
import fs from 'node:fs';
import { Command } from 'commander';
import { invalid } from '../errors.ts';
import { evaluateExport, type Evaluation } from '../domain/moderation/evaluation.ts';
import { withRuntime } from './with-runtime.ts';

const percent = (share: number | null) => (share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`);
const count = (n: number) => n.toLocaleString('en');

export function formatEvaluation(result: Evaluation): string {
  const { truePositive: tp, falsePositive: fp, trueNegative: tn, falseNegative: fn } = result.confusion;
  const width = Math.max(8, count(Math.max(tp, fp, tn, fn)).length + 2);
  const cell = (n: number) => count(n).padStart(width);
  const lines = [
    `screened ${count(result.total)} labelled comments (${count(tp + fn)} spam, ${count(fp + tn)} ordinary); nothing was written`,
  ];
  if (result.unlabelled > 0) lines.push(`left out ${count(result.unlabelled)} without a spam label (held, deleted, trashed, pingbacks)`);
  lines.push(
    `precision ${percent(result.precision)}: of ${count(tp + fp)} caught (held or marked spam), ${count(tp)} spam`,
    `recall    ${percent(result.recall)}: of ${count(tp + fn)} spam, ${count(tp)} caught`,
    `ordinary comments caught: ${percent(result.falsePositiveRate)} (${count(fp)} of ${count(fp + tn)})`,
    '',
    `${''.padEnd(10)}${'caught'.padStart(width)}${'published'.padStart(width + 2)}`,
    `${'spam'.padEnd(10)}${cell(tp)}${cell(fn).padStart(width + 2)}`,
    `${'ordinary'.padEnd(10)}${cell(fp)}${cell(tn).padStart(width + 2)}`,
  );
  if (result.mistakes.length > 0) {
    lines.push('', 'most confident mistakes:');
    result.mistakes.forEach((m, i) => {
      const what = m.label === 'spam' ? 'spam, published' : `ordinary, ${m.outcome === 'spam' ? 'marked spam' : 'held'}`;
      lines.push(`${i + 1}. ${m.id} (${what}; confidence ${m.confidence.toFixed(2)}): "${m.excerpt}"`);
      for (const reason of m.reasons) lines.push(`   - ${reason}`);
    });
  }
  return lines.join('\n');
}

export function spamCommand(): Command {
  const command = new Command('spam').description('the spam filter and the moderation pipeline');
  command
    .command('evaluate')
    .description(
      'screen the comments of a labelled export (Disqus isSpam, WordPress comment_approved=spam) as the pipeline would, without writing anything; prints precision, recall, the confusion matrix and the five most confident mistakes',
    )
    .argument('<file>', 'a Disqus export or a WordPress export (WXR), told apart by its content')
    .option('--json', 'print the figures as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) throw invalid('<file>', `${file} is not a readable file`);
      await withRuntime(async ({ ctx }) => {
        const result = await evaluateExport(ctx, fs.createReadStream(file));
        console.log(options.json ? JSON.stringify(result, null, 2) : formatEvaluation(result));
      });
    });
  return command;
}
