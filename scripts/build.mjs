// `npm run build`: src/cli/index.ts and all of src/ it imports, bundled by esbuild into one
// JavaScript file, dist/gazette.mjs — what `npm start`, the Docker image, the systemd unit and
// the benchmarks run. Compiled JavaScript needs neither tsx's loader (a second thread with its
// own V8 heap in Node 20) nor the TypeScript sources in memory: the server's RSS under load is
// 40–60 MB lower (docs/OPERATIONS.md, "Memory"). Takes well under a second. `node
// scripts/build.mjs OUT_FILE` writes the bundle elsewhere (test/cli/bundle.test.ts builds its own).
//
// Packages stay imports of node_modules (the native ones — better-sqlite3, argon2, sharp —
// could not be bundled). Files src/ reads at run time (page assets, locales, demo content, the
// spam base model, the browser widgets' sources) are not copied: each `import.meta.url` in a
// source file becomes that source file's own URL, worked out from the bundle's, so those reads
// find src/ beside dist/ exactly as they do under tsx.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const OUT_FILE = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist/gazette.mjs'));

/** `import.meta.url` in a file under src/ → the URL of that file, relative to the bundle's. */
const sourceFileUrls = {
  name: 'source-file-urls',
  setup(onBuild) {
    onBuild.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
      if (!file.startsWith(SRC + path.sep)) return undefined;
      const source = await fs.readFile(file, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const fromBundle = path.relative(path.dirname(OUT_FILE), file).split(path.sep).join('/');
      const ownUrl = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', ownUrl), loader: 'ts' };
    });
  },
};

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli/index.ts'],
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
  outfile: OUT_FILE,
  plugins: [sourceFileUrls],
});

// Written beside and renamed into place, so a server starting meanwhile never reads half a file.
const [output] = result.outputFiles;
await fs.mkdir(path.dirname(OUT_FILE), { recursive: true });
const partial = `${OUT_FILE}.${process.pid}.partial`;
await fs.writeFile(partial, output.contents);
await fs.rename(partial, OUT_FILE);
