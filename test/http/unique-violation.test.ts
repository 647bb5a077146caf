// The error handler's safety net: a unique violation that no domain code answered (a race it
// did not foresee) reaches the client as 409 CONFLICT, "try again", never as a 500. The error
// is a real one from each engine's driver, so the codes the handler recognises are the ones
// the drivers send.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { registerErrorHandling } from '../../src/http/plugins/errors.ts';
import { insertTag } from '../../src/storage/repos/taxonomy.ts';

async function failureOf(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('the write did not fail');
}

async function answerTo(thrown: unknown) {
  const app = Fastify({ logger: false });
  registerErrorHandling(app);
  app.post('/api/v1/raced', async () => {
    throw thrown;
  });
  try {
    return await app.inject({ method: 'POST', url: '/api/v1/raced' });
  } finally {
    await app.close();
  }
}

describe.each(testEngines())('a unique violation reaching the error handler on %s', (engine) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
  });
  afterAll(async () => storage?.dispose());

  const tag = (id: string, slug: string) => ({ id, slug, name: slug, created_at: '2026-01-15T12:00:00.000Z' });

  it('answers 409 CONFLICT asking to try again, for a unique column and for a primary key', async () => {
    await insertTag(storage.db, tag('t1', 'taken'));
    for (const thrown of [
      await failureOf(() => insertTag(storage.db, tag('t2', 'taken'))),
      await failureOf(() => insertTag(storage.db, tag('t1', 'other'))),
    ]) {
      const answer = await answerTo(thrown);
      expect(answer.statusCode).toBe(409);
      expect(answer.json().error.code).toBe('CONFLICT');
      expect(answer.json().error.message).toMatch(/another request at the same moment.*try again/);
    }
  });

  it('still answers other database failures with a 500 that shows nothing of them', async () => {
    const answer = await answerTo(
      await failureOf(() =>
        storage.db
          .selectFrom('no_such_table' as 'tags')
          .selectAll()
          .execute(),
      ),
    );
    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toContain('no_such_table');
  });
});
