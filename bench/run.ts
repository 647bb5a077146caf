// `npm run bench`: every benchmark, each measured against a bare Node server in the same run.
// BENCH_SECONDS (default 5 per round), BENCH_ROUNDS (default 5, alternating, median kept) and
// BENCH_CONNECTIONS (default 50) tune the load; BENCH_POST_SECONDS (default 10) the comment
// posting run and BENCH_BIG_REQUESTS (default 200) the big-thread latency samples;
// BENCH_FANOUT_STREAMS (default 10000) and BENCH_FANOUT_ROUNDS (default 3) the fan-out;
// BENCH_HOT_RATE (default 50 comments/s) the hot thread; BENCH_PG_URL the PostgreSQL server that
// posting-pg and big-thread-pg make their databases on; BENCH_ONLY=name,name runs a subset.
import { benchArticlePage, reportArticlePage } from './article-page.ts';
import { benchThreadJson, reportThreadJson } from './thread-json.ts';
import { benchCounts, reportCounts } from './counts.ts';
import { benchCommentPosting, reportCommentPosting } from './comment-posting.ts';
import { benchBigThread, reportBigThread } from './big-thread.ts';
import { benchImport, reportImport } from './import.ts';
import { benchEmbedWeight, reportEmbedWeight } from './embed-weight.ts';
import { benchFanout, reportFanout } from './fanout.ts';
import { benchHotThread, reportHotThread } from './hot-thread.ts';
import { benchPostingInstructions, reportPostingInstructions } from './posting-instructions.ts';
import { benchRefusals, reportRefusals } from './refusals.ts';
import { machineReport } from './lib/machine.ts';

// Each benchmark by name, in the order they run; BENCH_ONLY=article,posting picks some.
// The article ratio is the run's headline figure, printed last.
const headline = { articleRatio: null as number | null };
const BENCHES: [string, () => Promise<string[]>][] = [
  [
    'article',
    async () => {
      const article = await benchArticlePage();
      headline.articleRatio = article.ratio;
      return reportArticlePage(article);
    },
  ],
  ['thread-json', async () => reportThreadJson(await benchThreadJson())],
  ['counts', async () => reportCounts(await benchCounts())],
  ['posting', async () => reportCommentPosting(await benchCommentPosting('sqlite'))],
  ['posting-pg', async () => reportCommentPosting(await benchCommentPosting('postgres'))],
  ['refusals', async () => reportRefusals(await benchRefusals())],
  ['hot-thread', async () => reportHotThread(await benchHotThread())],
  ['big-thread', async () => reportBigThread(await benchBigThread('sqlite'))],
  ['big-thread-pg', async () => reportBigThread(await benchBigThread('postgres'))],
  ['import', async () => reportImport(await benchImport())],
  ['embed-weight', async () => reportEmbedWeight(await benchEmbedWeight())],
  ['fanout', async () => reportFanout(await benchFanout())],
  // Minutes under valgrind, and a count of work rather than a speed: run only when named.
  ['posting-instructions', async () => reportPostingInstructions(await benchPostingInstructions('sqlite'))],
  ['posting-instructions-pg', async () => reportPostingInstructions(await benchPostingInstructions('postgres'))],
];
const ON_REQUEST_ONLY = new Set(['posting-instructions', 'posting-instructions-pg']);
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !BENCHES.some(([known]) => known === name)) ?? [];
if (unknown.length)
  throw new Error(`BENCH_ONLY names no benchmark "${unknown.join('", "')}"; known: ${BENCHES.map(([n]) => n).join(', ')}`);

const lines: string[] = [...machineReport()];
for (const [name, run] of BENCHES) if (only ? only.includes(name) : !ON_REQUEST_ONLY.has(name)) lines.push(...(await run()));

console.log(`\n${lines.join('\n')}`);
// Stays the final line on purpose: the article ratio is the run's headline figure.
if (headline.articleRatio !== null) console.log(`\nratio (article page vs bare node:http): ${headline.articleRatio.toFixed(2)}`);
