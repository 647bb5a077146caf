// A deterministic Disqus export for the import benchmark: THREADS threads, then the posts of
// each thread in turn (as Disqus writes them), a third of them replies to an earlier post of the
// same thread, one in fifty spam. Written as a stream, so generating it holds no more than one
// post in memory. Same seed, same file.
import fs from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from './random.ts';

const SENTENCES = [
  'I have used this phone for a year and the battery still lasts two days.',
  'The camera is fine in daylight but struggles indoors.',
  'Pricing in India was always going to be the hard part.',
  'Nobody I know buys a phone for the brand any more.',
  'This is exactly what happened to <b>Nokia</b> ten years ago.',
  'Software updates matter more than the specification sheet.',
  'Their mid-range models were the best value for a while.',
  'Source? I read the opposite in the <a href="https://example.com/report">quarterly report</a>.',
  'Europe is where they still sell well, so the focus makes sense.',
  'Retail presence is everything in these markets &amp; online.',
];
const NAMES = [
  'Asha',
  'Ben',
  'Chidi',
  'Dana',
  'Eitan',
  'Farah',
  'Goran',
  'Hui',
  'Ines',
  'Jonas',
  'Kemal',
  'Lea',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
];

export interface DisqusShape {
  threads: number;
  comments: number;
  seed: number;
}

/** Writes the export to `file`; resolves with its size in bytes. */
export async function writeDisqusExport(file: string, shape: DisqusShape): Promise<number> {
  const random = seededRandom(shape.seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const out = fs.createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n',
  );
  await write('  <category dsq:id="1"><forum>bench</forum><title>General</title><isDefault>true</isDefault></category>\n');
  const start = Date.parse('2020-01-01T00:00:00Z');
  for (let t = 0; t < shape.threads; t++) {
    await write(
      `  <thread dsq:id="${9000000000 + t}"><id>${t}</id><forum>bench</forum><link>https://bench.example/${2020}/story-${t}/</link><title>Story ${t}</title>` +
        `<createdAt>${new Date(start + t * 3600_000).toISOString()}</createdAt><isClosed>${t % 10 === 9}</isClosed><isDeleted>false</isDeleted></thread>\n`,
    );
  }
  const perThread = Math.ceil(shape.comments / shape.threads);
  let id = 7000000000;
  for (let t = 0, written = 0; t < shape.threads && written < shape.comments; t++) {
    const first = id;
    for (let i = 0; i < perThread && written < shape.comments; i++, written++) {
      const postId = id++;
      const reply = i > 0 && random() < 0.33 ? first + Math.floor(random() * i) : null;
      const spam = random() < 0.02;
      const paragraphs = 1 + Math.floor(random() * 3);
      const message = spam ? '' : Array.from({ length: paragraphs }, () => `<p>${pick(SENTENCES)} ${pick(SENTENCES)}</p>`).join('');
      const name = pick(NAMES);
      await write(
        `  <post dsq:id="${postId}"><id/><message><![CDATA[${message}]]></message><createdAt>${new Date(start + t * 3600_000 + i * 1000).toISOString()}</createdAt>` +
          `<isDeleted>false</isDeleted><isSpam>${spam}</isSpam><author><email>${name.toLowerCase()}${postId % 97}@example.invalid</email><name>${name}</name><isAnonymous>false</isAnonymous></author>` +
          `<ipAddress>192.0.2.1</ipAddress><thread dsq:id="${9000000000 + t}"/>${reply ? `<parent dsq:id="${reply}"/>` : ''}</post>\n`,
      );
    }
  }
  await write('</disqus>\n');
  out.end();
  await once(out, 'finish');
  return fs.statSync(file).size;
}
