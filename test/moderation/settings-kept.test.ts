// The moderation settings an instance keeps for screening and thread reads (settings.ts): a change
// saved through this process applies at once; one written to the table by another instance
// applies within SETTINGS_KEPT_MS by the clock; a transaction reads its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentModerationSettings,
  DEFAULT_MODERATION,
  loadModerationSettings,
  saveModerationSettings,
  SETTINGS_KEPT_MS,
} from '../../src/domain/moderation/settings.ts';
import { changeModerationSettings } from '../../src/domain/moderation/settings-change.ts';
import { inTransaction } from '../../src/storage/db.ts';
import { putSetting } from '../../src/storage/repos/settings.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testEngines } from '../helpers/engines.ts';
import { makeUser } from '../helpers/factories.ts';

describe.each(testEngines())('moderation settings kept per instance (%s)', (engine) => {
  let t: TestApp;
  const ctx = () => t.ctx;
  /** What another instance does: writes the row, and nobody here is told. */
  const writtenElsewhere = (patch: object) =>
    putSetting(t.ctx.db, 'moderation', JSON.stringify({ ...DEFAULT_MODERATION, ...patch }), t.clock.now().toISOString());

  beforeAll(async () => {
    t = await buildTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('applies a change saved here at once, even inside the window', async () => {
    expect((await currentModerationSettings(ctx())).maxLinks).toBe(DEFAULT_MODERATION.maxLinks);
    await saveModerationSettings(ctx(), { maxLinks: 7 });
    expect((await currentModerationSettings(ctx())).maxLinks).toBe(7);
    // Through the admins' path too: a transaction with an audit line, forgotten when it commits.
    await changeModerationSettings(ctx(), await makeUser(t.ctx, 'admin'), { maxLinks: 8 });
    expect((await currentModerationSettings(ctx())).maxLinks).toBe(8);
  });

  it("applies another instance's change once the window has passed, and reads nothing until then", async () => {
    t.clock.advance(SETTINGS_KEPT_MS);
    expect((await currentModerationSettings(ctx())).slowModeSeconds).toBe(0);
    await writtenElsewhere({ slowModeSeconds: 30 });
    t.clock.advance(SETTINGS_KEPT_MS - 1);
    // Still what was read: the point of keeping it is that no statement runs for it.
    expect((await currentModerationSettings(ctx())).slowModeSeconds).toBe(0);
    expect((await loadModerationSettings(ctx())).slowModeSeconds).toBe(30);
    t.clock.advance(1);
    expect((await currentModerationSettings(ctx())).slowModeSeconds).toBe(30);
  });

  it('reads the table inside a transaction, which sees its own change first', async () => {
    t.clock.advance(SETTINGS_KEPT_MS);
    await currentModerationSettings(ctx());
    const inside = await inTransaction(t.ctx.db, async (db) => {
      await putSetting(db, 'moderation', JSON.stringify({ ...DEFAULT_MODERATION, reportThreshold: 9 }), t.clock.now().toISOString());
      return currentModerationSettings({ db, clock: t.clock });
    });
    expect(inside.reportThreshold).toBe(9);
  });

  it('hands out settings no caller can change for the others', async () => {
    const settings = await currentModerationSettings(ctx());
    expect(Object.isFrozen(settings)).toBe(true);
    expect(() => {
      (settings as { maxLinks: number }).maxLinks = 99;
    }).toThrow(TypeError);
  });
});
