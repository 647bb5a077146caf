// When an import has PostgreSQL analyse the tables it fills again. They grow from a few rows
// to many while it runs, and a statement planned for the few (a prepared one keeps its plan
// until the statistics change) scans where it should seek. Analysing each time the comments
// processed double, from 1,000 on, costs log2(n / 1,000) analyses: seven for 100,000. With it
// a 20,000-comment Disqus import into an empty PostgreSQL database took 9.7–9.8 s (13.6–13.9 s
// while the last analysis still covered every table of the database); without it, 23.4 s with
// every statement unnamed and 29.7 s with repeated ones prepared.
const FIRST_AT = 1000;

export class GrowthAnalyses {
  #nextAt = FIRST_AT;

  /** Whether to analyse now, `processed` comments in; true at most once per doubling. */
  due(processed: number): boolean {
    if (processed < this.#nextAt) return false;
    this.#nextAt = processed * 2;
    return true;
  }
}
