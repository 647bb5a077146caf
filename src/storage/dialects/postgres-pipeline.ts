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
import { isStalePreparedStatement, type StatementNames } from './postgres-prepared.ts';

/** Starts a statement that may be held until the transaction's next answered one (db.ts). */
export const UNANSWERED = '/* unanswered */ ';

type Statement = [text: string, values: readonly unknown[]];

/** pg's socket, which it writes each statement to as it is queued. */
type CorkableStream = NodeJS.WritableStream & { cork(): void; uncork(): void };

/** What Kysely is told of a statement answered here, without PostgreSQL: its command, no rows. */
const answered = (command: string): PostgresQueryResult<never> => ({ command: command as 'SELECT', rowCount: 0, rows: [] });

/** What Kysely is told of a statement held back: nothing to read, nothing counted. */
const HELD = answered('UNANSWERED');

/** Kysely's client, without cursors (the dialect is given none, so Kysely never passes one). */
class PipelinedClient {
  readonly #client: pg.PoolClient;
  readonly #names: StatementNames | null;
  #inTransaction = false;
  /** Its prepared statements no longer match the schema (postgres-prepared.ts): closed on release. */
  #stale = false;
  #beginHeld = false;
  #held: Statement[] = [];
  /** The socket is corked until the end of this turn of the event loop. */
  #corked = false;

  constructor(client: pg.PoolClient, names: StatementNames | null) {
    this.#client = client;
    this.#names = names;
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

  #run([text, values]: Statement): Promise<pg.QueryResult> {
    this.#corkForThisTurn();
    // Without values pg sends a statement by the simple protocol, which also carries several
    // statements in one text (a migration's); those stay as they are.
    const name = values.length > 0 ? this.#names?.nameFor(text) : undefined;
    const answer = this.#client.query(
      name === undefined ? { text, values: values as unknown[] } : { name, text, values: values as unknown[] },
    );
    return answer.catch((error: unknown) => {
      if (isStalePreparedStatement(error)) this.#stale = true;
      throw error;
    });
  }

  get #stream(): CorkableStream {
    return (this.#client as unknown as { connection: { stream: CorkableStream } }).connection.stream;
  }

  /**
   * Statements queued in one turn of the event loop leave in one write: reads started together
   * (read-together.ts) reach here one after another in the same turn, each from its own promise
   * chain, and pg would otherwise write each as it comes. The stream is uncorked once the turn's
   * promise callbacks have all run (process.nextTick comes after them), so nothing waits longer.
   */
  #corkForThisTurn(): void {
    if (this.#corked) return;
    this.#corked = true;
    const stream = this.#stream;
    stream.cork();
    process.nextTick(() => {
      this.#corked = false;
      stream.uncork();
    });
  }

  async #send<R>(statement: Statement): Promise<PostgresQueryResult<R>> {
    const batch: Statement[] = [...(this.#beginHeld ? [['begin', []] as Statement] : []), ...this.#held, statement];
    this.#beginHeld = false;
    this.#held = [];
    if (batch.length === 1) return this.#run(statement) as unknown as Promise<PostgresQueryResult<R>>;
    // pg writes each statement as it is queued; #run corks the stream for this turn, so they leave in one write.
    const answers = batch.map((queued) => this.#run(queued));
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
    // A stale connection is closed, never reused, so its flag needs no resetting.
    this.#client.release(destroy || unfinished || this.#stale);
  }
}

/**
 * The pool Kysely is given: its clients hold BEGIN and unanswered writes back as described above.
 * `pool` must be made with `pipeline: true`, so that pg sends a statement without waiting for the
 * answer to the one before. Statements that repeat go out under the names `names` gives them
 * (postgres-prepared.ts); with null, every statement goes unnamed.
 */
export function pipelinedPool(pool: pg.Pool, names: StatementNames | null): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PipelinedClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let pipelined = wrapped.get(client);
      // Kysely keeps its own state per client object, so the same client gets the same wrapper.
      if (!pipelined) wrapped.set(client, (pipelined = new PipelinedClient(client, names)));
      return pipelined as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
