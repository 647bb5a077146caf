// Where links in mail point. Never at a request's Host or X-Forwarded-Host: anyone can send
// those, and a reset link to their own server, mailed to a victim, hands them the account. The
// site's address is GAZETTE_PUBLIC_URL, else the first URL the site was set up with: recorded
// once in settings, by the server itself, when it first listens (GAZETTE_PUBLIC_URL, or
// http://localhost:PORT). With neither, account mail is refused, telling the operator what to set.
import { AppError } from '../errors.ts';
import type { MailSite } from '../mail/compose.ts';
import { getSetting, putSettingIfAbsent } from '../storage/repos/settings.ts';
import type { DomainContext } from './context.ts';

export const SITE_URL_SETTING = 'site_url';

/** The site to put in account mail; throws SITE_URL_UNKNOWN when the site does not know its address. */
export type MailSiteSource = () => Promise<MailSite>;

export interface MailSites {
  /** For account mail, which must not go out with a wrong address: refuses (503) when unknown. */
  require: MailSiteSource;
  /** For background mail (notifications), which can wait until the address is known. */
  known(): Promise<MailSite | null>;
}

const trimUrl = (url: string) => url.replace(/\/+$/, '');

/** Records the site's first URL unless one is recorded already; answers the URL in force. */
export async function recordFirstSiteUrl(ctx: Pick<DomainContext, 'db' | 'clock'>, url: string): Promise<string> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new AppError('VALIDATION_FAILED', `the site URL must be http(s), not ${parsed.protocol}`, 'siteUrl');
  return putSettingIfAbsent(ctx.db, SITE_URL_SETTING, trimUrl(parsed.origin + parsed.pathname), ctx.clock.now().toISOString());
}

export function mailSites(ctx: Pick<DomainContext, 'db'>, site: { title: string; publicUrl: string | null }): MailSites {
  // Once known, the address never changes while the process runs (the setting is written once).
  let cached: MailSite | null = site.publicUrl ? { title: site.title, baseUrl: trimUrl(site.publicUrl) } : null;
  const known = async (): Promise<MailSite | null> => {
    if (cached) return cached;
    const recorded = await getSetting(ctx.db, SITE_URL_SETTING);
    if (recorded) cached = { title: site.title, baseUrl: recorded };
    return cached;
  };
  return {
    known,
    async require() {
      const found = await known();
      if (!found) {
        throw new AppError(
          'SITE_URL_UNKNOWN',
          'this site does not know its own address yet, so it cannot mail links; the operator must set GAZETTE_PUBLIC_URL',
        );
      }
      return found;
    },
  };
}
