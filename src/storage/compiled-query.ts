// Queries on the posting path, built and compiled once per engine instead of on every run.
// Kysely builds a query as an immutable tree and compiles it to SQL each time it is executed;
// for the dozen queries every comment runs, that building cost more than SQLite took to answer
// them. A compiled-once query is written with the builder as usual, with its inputs as slots:
// the first run compiles it with markers in their place, remembers where each marker landed
// among the bound parameters, and every later run only binds values into those places.
//
// The query's shape must not depend on its inputs (no `if (input)` around a clause, no list
// whose length varies): a slot is a marker object, so such a query would compile with whatever
// shape a marker happens to give. compile() refuses a query that does not use every slot as a
// bound value, which catches most such mistakes the first time the query runs.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** Stands for the query's i-th input while it compiles. */
class Slot {
  constructor(readonly index: number) {}
}

interface Template {
  compiled: CompiledQuery;
  /** For each bound parameter: the index of the input it takes, or the constant it always is. */
  parameters: ({ input: number } | { constant: unknown })[];
}

/**
 * `build(db, ...inputs)` with `inputs` typed as the caller's values; returns a function that runs
 * the query on any handle (the root or a transaction) of the same database.
 */
export function compiledOnce<Inputs extends unknown[], Row>(
  inputCount: Inputs['length'],
  build: (db: Db, ...inputs: Inputs) => Compilable<Row>,
): (db: Db, ...inputs: Inputs) => Promise<QueryResult<Row>> {
  const bound = boundOnce(inputCount, build);
  return async (db, ...inputs) => db.executeQuery<Row>(bound(db, ...inputs));
}

/** As compiledOnce, but hands back the query with its values bound, for the caller to run. */
export function boundOnce<Inputs extends unknown[], Row>(
  inputCount: Inputs['length'],
  build: (db: Db, ...inputs: Inputs) => Compilable<Row>,
): (db: Db, ...inputs: Inputs) => CompiledQuery<Row> {
  // One template per engine: the adapter decides placeholders ($1 or ?) and quoting.
  const templates = new WeakMap<object, Template>();
  return (db, ...inputs) => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter.constructor);
    if (!template) templates.set(adapter.constructor, (template = compile(db, inputCount, build)));
    const parameters = template.parameters.map((p) => ('input' in p ? inputs[p.input] : p.constant));
    return { ...template.compiled, parameters } as CompiledQuery<Row>;
  };
}

function compile<Inputs extends unknown[], Row>(
  db: Db,
  inputCount: number,
  build: (db: Db, ...inputs: Inputs) => Compilable<Row>,
): Template {
  const slots = Array.from({ length: inputCount }, (_, i) => new Slot(i));
  const compiled = build(db, ...(slots as unknown as Inputs)).compile();
  const parameters = compiled.parameters.map((value) => (value instanceof Slot ? { input: value.index } : { constant: value }));
  const used = new Set(parameters.flatMap((p) => ('input' in p ? [p.input] : [])));
  const unused = slots.filter((slot) => !used.has(slot.index)).map((slot) => slot.index);
  if (unused.length > 0)
    throw new Error(`compiledOnce: input ${unused.join(', ')} is not a bound value of the query (${compiled.sql.slice(0, 80)}…)`);
  return { compiled, parameters };
}

/** A list's padded length: the next power of two, at least 4. */
function paddedLength(length: number): number {
  let size = 4;
  while (size < length) size *= 2;
  return size;
}

/**
 * For a query with one `in (…)` list whose length varies: the list is padded with its last
 * value to the next power of two (at least 4), which leaves `in` matching the same rows, so the
 * query compiles to a handful of shapes whatever the length. `build` gets the padded list and
 * then the other inputs. Lists longer than `maxListLength` are built afresh each time.
 */
export function compiledForList<Inputs extends unknown[], Row>(
  inputCount: Inputs['length'],
  build: (db: Db, list: unknown[], ...inputs: Inputs) => Compilable<Row>,
  maxListLength = 256,
): (db: Db, list: readonly unknown[], ...inputs: Inputs) => Promise<QueryResult<Row>> {
  const bySize = new Map<number, (db: Db, ...inputs: unknown[]) => Promise<QueryResult<Row>>>();
  return (db, list, ...inputs) => {
    if (list.length === 0) throw new Error('compiledForList: an empty list matches nothing; ask for nothing instead');
    if (list.length > maxListLength) return db.executeQuery(build(db, [...list], ...inputs));
    const size = paddedLength(list.length);
    let query = bySize.get(size);
    if (!query) {
      query = compiledOnce(size + inputCount, (db: Db, ...all: unknown[]) => build(db, all.slice(0, size), ...(all.slice(size) as Inputs)));
      bySize.set(size, query);
    }
    const padded = [...list];
    while (padded.length < size) padded.push(list[list.length - 1]);
    return query(db, ...padded, ...inputs);
  };
}
