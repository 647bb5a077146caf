// A word-level diff (Myers' O((N+M)·D) algorithm) for comparing revisions and explaining an
// edit conflict. The `diff` package is not a dependency, and this is all the desk needs.
// Bounded: the common start and end are cut first, and the search gives up after a budget of
// steps proportional to ~20 million comparisons (memory O(D²) for the trace). Past it the
// middle is shown as one removal and one addition (`coarse: true`): still true, just less precise.

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffChunk {
  op: DiffOp;
  text: string;
}

export interface WordDiff {
  chunks: DiffChunk[];
  /** True when the texts differed too much to search for the smallest diff within the budget. */
  coarse: boolean;
}

const WORK_BUDGET = 20_000_000;
const MAX_EDIT_DISTANCE = 4_000;

/** Words, runs of white space and single punctuation marks: each is compared whole. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}\p{M}_'’-]+|[^\s\p{L}\p{N}\p{M}_'’-]/gu) ?? [];
}

function push(chunks: DiffChunk[], op: DiffOp, text: string): void {
  if (!text) return;
  const last = chunks[chunks.length - 1];
  if (last && last.op === op) last.text += text;
  else chunks.push({ op, text });
}

/** The edit script between a and b as [op, token] pairs, or null when over the budget. */
function myers(a: string[], b: string[]): [DiffOp, string][] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const maxD = Math.min(max, MAX_EDIT_DISTANCE, Math.floor(WORK_BUDGET / Math.max(1, max)));
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  outer: for (let d = 0; d <= maxD; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        found = true;
        break outer;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (!found) return null;

  const script: [DiffOp, string][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d - 1]!; // index k + (d - 1)
    const at = (k: number) => previous[k + d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      script.push(['same', a[--x]!]);
      y--;
    }
    if (down) script.push(['added', b[--y]!]);
    else script.push(['removed', a[--x]!]);
  }
  while (x > 0 && y > 0) {
    script.push(['same', a[--x]!]);
    y--;
  }
  return script.reverse();
}

export function wordDiff(before: string, after: string): WordDiff {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const chunks: DiffChunk[] = [];
  push(chunks, 'same', a.slice(0, start).join(''));
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const script = myers(middleA, middleB);
  if (script) for (const [op, token] of script) push(chunks, op, token);
  else {
    push(chunks, 'removed', middleA.join(''));
    push(chunks, 'added', middleB.join(''));
  }
  push(chunks, 'same', a.slice(endA).join(''));
  return { chunks, coarse: script === null };
}
