// The key that signs links the site hands out (one-click unsubscribe, OIDC state). Taken from
// GAZETTE_SECRET when set; otherwise made once and kept in the settings table, so every
// instance sharing the database signs alike and links keep working across restarts.
import { randomBase64Url } from '../ids.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../storage/db.ts';
import { getSetting, putSettingIfAbsent } from '../storage/repos/settings.ts';

export async function siteSecret(db: Db, clock: Clock, configured: string | null): Promise<string> {
  if (configured) return configured;
  // Read first: only the very first start writes, so commands started side by side do not contend.
  return (await getSetting(db, 'site_secret')) ?? putSettingIfAbsent(db, 'site_secret', randomBase64Url(48), clock.now().toISOString());
}
