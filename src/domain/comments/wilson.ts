// "Best" order: the lower bound of the Wilson score interval for the share of upvotes, at 95%
// confidence. A comment with 10 up and 1 down outranks one with 1 up and 0 down, which a plain
// ratio would not; a comment nobody has voted on scores 0.
const Z = 1.959964;

export function wilsonLowerBound(upvotes: number, downvotes: number): number {
  const n = upvotes + downvotes;
  if (n === 0) return 0;
  const p = upvotes / n;
  const z2 = Z * Z;
  return (p + z2 / (2 * n) - Z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n);
}
