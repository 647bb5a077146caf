// The desk's site settings, kept as one JSON value in the settings table (key 'desk') and
// merged over the defaults, like the moderation settings: a new setting needs no migration.
import { AppError, invalid } from '../../errors.ts';
import { getSetting, putSetting } from '../../storage/repos/settings.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';

export interface DeskSettings {
  /**
   * Authors may publish, schedule and unpublish their own posts. Off by default: a newsroom
   * wants an editor between a writer and the readers; a one-person blog turns it on.
   */
  authorsMayPublish: boolean;
}

export const DEFAULT_DESK: DeskSettings = { authorsMayPublish: false };
const KEY = 'desk';

export async function loadDeskSettings(ctx: Pick<DomainContext, 'db'>): Promise<DeskSettings> {
  const raw = await getSetting(ctx.db, KEY);
  return raw ? { ...DEFAULT_DESK, ...(JSON.parse(raw) as Partial<DeskSettings>) } : DEFAULT_DESK;
}

export async function changeDeskSettings(ctx: DomainContext, actor: Actor, patch: Partial<DeskSettings>): Promise<DeskSettings> {
  if (!can('settings.change', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only administrators may change the desk settings');
  if (patch.authorsMayPublish !== undefined && typeof patch.authorsMayPublish !== 'boolean')
    throw invalid('authorsMayPublish', 'must be true or false');
  const next = { ...(await loadDeskSettings(ctx)), ...patch };
  await putSetting(ctx.db, KEY, JSON.stringify(next), ctx.clock.now().toISOString());
  return next;
}

const PUBLIC: readonly string[] = ['scheduled', 'published'];

/**
 * Refuses a change of publication the actor may not make: going public (publish, schedule),
 * leaving it (unpublish) or moving a public post's time. Drafts and "in review" stay with
 * whoever may edit the post. Pages follow 'page.write' and are not asked here.
 */
export async function requirePublishRight(
  ctx: Pick<DomainContext, 'db'>,
  actor: Actor,
  post: { author_id: string; status: string },
  next: { status: string; timeChanged: boolean },
): Promise<void> {
  const touchesPublic = PUBLIC.includes(next.status) || (PUBLIC.includes(post.status) && (next.status !== post.status || next.timeChanged));
  if (!touchesPublic || can('post.publish', actor, post, await loadDeskSettings(ctx))) return;
  throw new AppError(
    'PUBLISH_NOT_ALLOWED',
    'only editors may publish, schedule or unpublish; submit the post for review instead',
    'status',
  );
}
