// Admins read and change the site's moderation settings; every change is checked field by field
// (the error names the field) and leaves an audit line saying what went from what to what.
import { AppError } from '../../errors.ts';
import { inTransaction } from '../../storage/db.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { recordAction } from './audit.ts';
import { loadModerationSettings, saveModerationSettings, type ModerationSettings } from './settings.ts';

function requireAdmin(actor: Actor): void {
  if (!can('settings.change', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only admins may see or change the moderation settings');
}

export async function moderationSettingsFor(ctx: Pick<DomainContext, 'db'>, actor: Actor): Promise<ModerationSettings> {
  requireAdmin(actor);
  return loadModerationSettings(ctx);
}

export async function changeModerationSettings(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  actor: Actor,
  patch: Partial<ModerationSettings>,
): Promise<ModerationSettings> {
  requireAdmin(actor);
  return inTransaction(ctx.db, async (db) => {
    const before = await loadModerationSettings({ db });
    const after = await saveModerationSettings({ db, clock: ctx.clock }, patch);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of Object.keys(after) as (keyof ModerationSettings)[]) {
      if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changed[field] = { from: before[field], to: after[field] };
    }
    if (Object.keys(changed).length > 0) {
      await recordAction(
        { db, clock: ctx.clock },
        { actorId: actor.id, action: 'settings', reason: `changed ${Object.keys(changed).join(', ')}`, details: { changed } },
      );
    }
    return after;
  });
}
