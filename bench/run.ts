// `npm run bench`: every benchmark, each measured against a bare Node server in the same run.
// BENCH_SECONDS (default 5 per round), BENCH_ROUNDS (default 5, alternating, median kept) and
// BENCH_CONNECTIONS (default 50) tune the load.
import { benchArticlePage, reportArticlePage } from './article-page.ts';

const lines: string[] = [];
const article = await benchArticlePage();
lines.push(...reportArticlePage(article));

console.log(`\n${lines.join('\n')}`);
console.log(`\nratio (article page vs bare node:http): ${article.ratio.toFixed(2)}`);
