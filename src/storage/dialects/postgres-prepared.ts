// Prepared statements on PostgreSQL. Sent unnamed, every statement is parsed and planned afresh
// on each run, and planning one that touches the comments table means weighing its seventeen
// indexes: in the posting benchmark, parsing and planning were about 40% of PostgreSQL's CPU.
// A statement sent under a name is parsed once per connection, and PostgreSQL may keep its plan
// (after five runs it compares a generic plan with the ones made for the values bound).
// Posting benchmark, three alternating pairs (GAZETTE_PG_PREPARED on, off): 468–562 comments/s
// and 1.06–1.27 ms of PostgreSQL CPU per comment prepared, 331–452/s and 1.78–2.38 ms unnamed.
//
// Which texts get a name: those run MIN_USES times (a statement built per call, such as an IN
// list of varying length, seldom repeats and stays unnamed), and no more than MAX_NAMED of them,
// which bounds what each connection's backend keeps (a statement and its plans, a few kB to
// tens of kB each). Names are given per pool, so a name always means the same text, and pg
// parses it on each connection the first time that connection runs it.
const MIN_USES = 5;
const MAX_NAMED = 256;
/** Texts counted towards MIN_USES; past this many, the count starts again (texts that never repeat). */
const MAX_COUNTED = 10_000;

export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #uses = new Map<string, number>();

  /** The name to send `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined {
    const name = this.#names.get(text);
    if (name !== undefined || this.#names.size >= MAX_NAMED) return name;
    const uses = (this.#uses.get(text) ?? 0) + 1;
    if (uses < MIN_USES) {
      if (this.#uses.size >= MAX_COUNTED) this.#uses.clear();
      this.#uses.set(text, uses);
      return undefined;
    }
    this.#uses.delete(text);
    const named = `gazette_${this.#names.size + 1}`;
    this.#names.set(text, named);
    return named;
  }
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns changed since it was
 * prepared (a `select *` after another instance's migration added a column): the connection's
 * prepared statements are then of no use, and it is closed rather than reused.
 */
export function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}
