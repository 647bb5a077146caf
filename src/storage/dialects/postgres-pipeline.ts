// Fewer round trips in PostgreSQL transactions. Every statement is a write to PostgreSQL's socket
// and a wait for its answer; in the posting benchmark a third of the server's CPU profile was
// those writes (writev), one per statement, a dozen per comment. Two kinds of statement need no
// answer before the next one goes: a transaction's BEGIN, and writes whose result nobody reads
// (marked by writeUnanswered in db.ts: the comment row, its count change, its NOTIFY). Those are
// held back and sent with the next statement whose answer is needed — often the COMMIT — as one
// write that PostgreSQL answers in order (pg's pipeline mode). PostgreSQL runs them exactly as if
// each had been sent alone, in the same order. When one fails, the ones behind it in its
// transaction fail as "transaction aborted" (a COMMIT answers ROLLBACK), and the caller gets the
// first failure, from the statement that carried it.
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** Starts a statement that may be held until the transaction's next answered one (db.ts). */
export const UNANSWERED = '/* unanswered */ ';

type Statement = [text: string, values: readonly unknown[]];

/** What Kysely is told of a statement answered here, without PostgreSQL: its command, no rows. */
const answered = (command: string): PostgresQueryResult<never> => ({ command: command as 'SELECT', rowCount: 0, rows: [] });

/** What Kysely is told of a statement held back: nothing to read, nothing counted. */
const HELD = answered('UNANSWERED');

/** Kysely's client, without cursors (the dialect is given none, so Kysely never passes one). */
class PipelinedClient {
  readonly #client: pg.PoolClient;
  #inTransaction = false;
  #beginHeld = false;
  #held: Statement[] = [];

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  async query<R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    if (text === 'begin' && values.length === 0 && !this.#inTransaction) {
      this.#inTransaction = true;
      this.#beginHeld = true;
      return answered('BEGIN');
    }
    if (this.#inTransaction && text.startsWith(UNANSWERED)) {
      this.#held.push([text, values]);
      return HELD;
    }
    if (this.#inTransaction && (text === 'commit' || text === 'rollback')) {
      this.#inTransaction = false;
      // What was held never ran: a rollback simply drops it.
      if (text === 'rollback') this.#held = [];
      if (this.#beginHeld && this.#held.length === 0) {
        // Nothing has reached PostgreSQL: there is no transaction there to end.
        this.#beginHeld = false;
        return answered(text === 'commit' ? 'COMMIT' : 'ROLLBACK');
      }
    }
    return this.#send<R>([text, values]);
  }

  async #send<R>(statement: Statement): Promise<PostgresQueryResult<R>> {
    const batch: Statement[] = [...(this.#beginHeld ? [['begin', []] as Statement] : []), ...this.#held, statement];
    this.#beginHeld = false;
    this.#held = [];
    if (batch.length === 1)
      return this.#client.query(statement[0], statement[1] as unknown[]) as unknown as Promise<PostgresQueryResult<R>>;
    // pg writes each statement as it is queued; corked, they leave in one write.
    const stream = (this.#client as unknown as { connection: { stream: NodeJS.WritableStream & { cork(): void; uncork(): void } } })
      .connection.stream;
    stream.cork();
    let answers: Promise<pg.QueryResult>[];
    try {
      answers = batch.map(([text, values]) => this.#client.query(text, values as unknown[]));
    } finally {
      stream.uncork();
    }
    const settled = await Promise.allSettled(answers);
    const failure = settled.find((answer) => answer.status === 'rejected');
    if (failure) throw failure.reason;
    return (settled[settled.length - 1] as PromiseFulfilledResult<pg.QueryResult>).value as unknown as PostgresQueryResult<R>;
  }

  #reset(): void {
    this.#inTransaction = false;
    this.#beginHeld = false;
    this.#held = [];
  }

  release(destroy?: boolean): void {
    // A connection goes back to the pool between transactions, never inside one: anything still
    // held would be a statement that was never run, so the connection is not reused.
    const unfinished = this.#inTransaction || this.#held.length > 0;
    this.#reset();
    this.#client.release(destroy || unfinished);
  }
}

/**
 * The pool Kysely is given: its clients hold BEGIN and unanswered writes back as described above.
 * `pool` must be made with `pipeline: true`, so that pg sends a statement without waiting for the
 * answer to the one before.
 */
export function pipelinedPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PipelinedClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let pipelined = wrapped.get(client);
      // Kysely keeps its own state per client object, so the same client gets the same wrapper.
      if (!pipelined) wrapped.set(client, (pipelined = new PipelinedClient(client)));
      return pipelined as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
