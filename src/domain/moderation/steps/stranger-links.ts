// Links from strangers: a comment with a link from someone the site has never published, a
// guest or an account younger than a week, is the commonest drive-by spam, so it waits for a
// moderator unless the site turns this off (strangerLinks). Links to the site itself and to the
// domains an admin trusts never count. Edits count too: adding a link to a published first
// comment afterwards is the same trick.
import type { Db } from '../../../storage/db.ts';
import { hasPublishedComment } from '../../../storage/repos/screening.ts';
import { getSetting } from '../../../storage/repos/settings.ts';
import type { User } from '../../../storage/schema.ts';
import { SITE_URL_SETTING } from '../../mail-site.ts';
import { authorOf, isStaff, type Candidate } from '../candidate.ts';
import type { ModerationSettings } from '../settings.ts';
import type { ModerationStep } from '../types.ts';
import { hostOf, linksIn, plural } from './text.ts';

/** An account younger than this, with nothing published yet, is still a stranger. */
export const NEW_ACCOUNT_DAYS = 7;

const DAY_MS = 86_400_000;

const within = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The site's own domain: GAZETTE_PUBLIC_URL when set, else the address recorded when it first listened. */
async function siteDomain(db: Db, publicUrl: string | null | undefined): Promise<string | null> {
  const url = publicUrl ?? (await getSetting(db, SITE_URL_SETTING));
  const host = url ? hostOf(url) : null;
  return host?.replace(/^www\./, '') ?? null;
}

function whoIs(candidate: Candidate, user: User | undefined): string | null {
  if (candidate.author.kind === 'guest') return 'a guest';
  if (!user) return null;
  const ageMs = Date.parse(candidate.at) - Date.parse(user.created_at);
  if (ageMs >= NEW_ACCOUNT_DAYS * DAY_MS) return null;
  const days = Math.floor(Math.max(0, ageMs) / DAY_MS);
  return days === 0 ? 'an account made today' : `an account ${plural(days, 'day')} old`;
}

export async function checkStrangerLinks(
  db: Db,
  candidate: Candidate,
  settings: Pick<ModerationSettings, 'strangerLinks' | 'trustedDomains'>,
  context: { user: User | undefined; publicUrl?: string | null },
): Promise<ModerationStep | null> {
  if (!settings.strangerLinks || isStaff(candidate.author)) return null;
  const hosts = [...new Set(linksIn(candidate.body).map(hostOf))].filter((h): h is string => h !== null);
  if (hosts.length === 0) return null;
  const who = whoIs(candidate, context.user);
  if (!who) return null;
  const own = await siteDomain(db, context.publicUrl);
  const trusted = own ? [own, ...settings.trustedDomains] : settings.trustedDomains;
  const strange = hosts.filter((host) => !trusted.some((domain) => within(host, domain)));
  if (strange.length === 0) return null;
  if (await hasPublishedComment(db, authorOf(candidate.author), candidate.commentId)) return null;
  const shown = strange.slice(0, 3).join(', ') + (strange.length > 3 ? ` and ${strange.length - 3} more` : '');
  return {
    step: 'stranger-links',
    verdict: 'hold',
    reason: `a first comment from ${who} with ${strange.length === 1 ? 'a link' : 'links'} to ${shown}`,
  };
}
