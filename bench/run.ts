// `npm run bench`: every benchmark, each measured against a bare Node server in the same run.
// BENCH_SECONDS (default 5 per round), BENCH_ROUNDS (default 5, alternating, median kept) and
// BENCH_CONNECTIONS (default 50) tune the load; BENCH_POST_SECONDS (default 10) the comment
// posting run and BENCH_BIG_REQUESTS (default 200) the big-thread latency samples.
import { benchArticlePage, reportArticlePage } from './article-page.ts';
import { benchThreadJson, reportThreadJson } from './thread-json.ts';
import { benchCommentPosting, reportCommentPosting } from './comment-posting.ts';
import { benchBigThread, reportBigThread } from './big-thread.ts';
import { benchImport, reportImport } from './import.ts';
import { machineReport } from './lib/machine.ts';

const lines: string[] = [...machineReport()];
const article = await benchArticlePage();
lines.push(...reportArticlePage(article));
lines.push(...reportThreadJson(await benchThreadJson()));
lines.push(...reportCommentPosting(await benchCommentPosting()));
lines.push(...reportBigThread(await benchBigThread()));
lines.push(...reportImport(await benchImport()));

console.log(`\n${lines.join('\n')}`);
// Stays the final line on purpose: the article ratio is the run's headline figure.
console.log(`\nratio (article page vs bare node:http): ${article.ratio.toFixed(2)}`);
