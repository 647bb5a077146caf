// refreshPlannerStatistics (storage/repos/planner-statistics.ts): PostgreSQL's planner learns a
// table's size when asked, for the tables named or for all; SQLite keeps no statistics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshPlannerStatistics } from '../../src/storage/repos/planner-statistics.ts';
import { putSetting } from '../../src/storage/repos/settings.ts';
import { openTestStorage, testEngines, type TestStorage } from '../helpers/engines.ts';
import { plannerRowEstimate } from '../helpers/planner.ts';

const AT = '2026-12-06T11:00:00.000Z';

describe.each(testEngines())('planner statistics (%s)', (engine) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await openTestStorage(engine);
  });
  afterAll(() => storage?.dispose());

  it('are refreshed for the tables named, then for every table', async () => {
    for (let i = 0; i < 40; i++) await putSetting(storage.db, `planner-${i}`, 'v', AT);
    const settings = Number(
      (
        await storage.db
          .selectFrom('settings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(await plannerRowEstimate(storage.db, 'settings')).toBeNull();

    await refreshPlannerStatistics(storage.db, ['settings']);
    expect(await plannerRowEstimate(storage.db, 'settings')).toBe(engine === 'postgres' ? settings : null);
    // Only the table named: the users table has not been looked at yet.
    expect(await plannerRowEstimate(storage.db, 'users')).toBeNull();

    await refreshPlannerStatistics(storage.db);
    expect(await plannerRowEstimate(storage.db, 'users')).toBe(engine === 'postgres' ? 0 : null);
  });
});
